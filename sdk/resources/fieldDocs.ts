/**
 * What a field allows and what a change of it does, in words, from its descriptor: one text for the
 * generated reference (docs/reference.md) and the native provider's package schema (native/schema.ts),
 * so the two never say different things.
 */
import { z } from 'zod';
import { type AnyResourceDescriptor, changeOf, type OperationSpec } from './descriptor';

type Json = {
  exclusiveMinimum?: number;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: Json[];
  items?: Json;
  additionalProperties?: Json;
  properties?: Record<string, Json>;
};

/** A field's rule in one cell: type, allowed values, range or pattern. */
export function rule(schema: z.ZodType): string {
  const j = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return describe(j).replace(/\|/g, '\\|');
}

function describe(j: Json): string {
  if (j.anyOf) return j.anyOf.map(describe).join(' or ');
  if (j.enum) return j.enum.map((v) => JSON.stringify(v)).join(', ');
  if (j.const !== undefined) return JSON.stringify(j.const);
  const type = Array.isArray(j.type) ? j.type.join('/') : (j.type ?? 'any');
  const max = j.maximum !== undefined && j.maximum < Number.MAX_SAFE_INTEGER ? j.maximum : undefined;
  const min = j.minimum !== undefined && j.minimum > Number.MIN_SAFE_INTEGER ? j.minimum : undefined;
  let range = min !== undefined || max !== undefined ? ` ${min ?? ''}–${max ?? ''}` : '';
  if (j.exclusiveMinimum !== undefined && min === undefined && max === undefined) range = ` > ${j.exclusiveMinimum}`;
  const length = j.minLength !== undefined || j.maxLength !== undefined ? ` (length ${j.minLength ?? 0}–${j.maxLength ?? '…'})` : '';
  const pattern = j.pattern ? ` \`${j.pattern}\`` : '';
  if (type === 'array') return `array of ${describe(j.items ?? {})}`;
  if (type === 'object' && j.additionalProperties) return `map of ${describe(j.additionalProperties)}`;
  if (type === 'object' && j.properties)
    return `object {${Object.entries(j.properties)
      .map(([k, v]) => `${k}: ${describe(v)}`)
      .join('; ')}}`;
  return `${type}${range}${length}${pattern}`;
}

export function onChange(d: AnyResourceDescriptor, field: string): string {
  const c = changeOf(d, field);
  if (c === 'replace') return 'replaces';
  if (c === 'secret') return 'refused at preview (no ITCare operation)';
  if (c === 'none') return d.sentOnly?.includes(field) ? 'sent with create and delete only' : '—';
  const refuses = (d.operations[c.operation] as OperationSpec).refuses ? ' (some changes refused at preview)' : '';
  return `in place: \`${c.operation}\`${refuses}`;
}
