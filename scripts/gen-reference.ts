/**
 * docs/reference.md, generated from the descriptors of sdk/resources/: every resource, its inputs
 * (rule, required, what a change does), its outputs and its operations. `npm run docs:reference`
 * rewrites it; test/scripts/genReference.test.ts fails when the file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ProviderInputs } from '../provider/inputs';
import { type AnyResourceDescriptor, catalog, changeOf, type OperationSpec, setsOf } from '../sdk/resources';

export const REFERENCE = path.join(__dirname, '..', 'docs', 'reference.md');

type Json = { exclusiveMinimum?: number; type?: string | string[]; enum?: unknown[]; const?: unknown; pattern?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; anyOf?: Json[]; items?: Json; additionalProperties?: Json; properties?: Record<string, Json> };

/** A field's rule in one cell: type, allowed values, range or pattern. */
export function rule(schema: z.ZodType): string {
  const j = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return describe(j).replace(/\|/g, '\\|');
}

function describe(j: Json): string {
  if (j.anyOf) return j.anyOf.map(describe).join(' or ');
  if (j.enum) return j.enum.map((v) => JSON.stringify(v)).join(', ');
  if (j.const !== undefined) return JSON.stringify(j.const);
  const type = Array.isArray(j.type) ? j.type.join('/') : j.type ?? 'any';
  const max = j.maximum !== undefined && j.maximum < Number.MAX_SAFE_INTEGER ? j.maximum : undefined;
  const min = j.minimum !== undefined && j.minimum > Number.MIN_SAFE_INTEGER ? j.minimum : undefined;
  let range = min !== undefined || max !== undefined ? ` ${min ?? ''}–${max ?? ''}` : '';
  if (j.exclusiveMinimum !== undefined && min === undefined && max === undefined) range = ` > ${j.exclusiveMinimum}`;
  const length = j.minLength !== undefined || j.maxLength !== undefined ? ` (length ${j.minLength ?? 0}–${j.maxLength ?? '…'})` : '';
  const pattern = j.pattern ? ` \`${j.pattern}\`` : '';
  if (type === 'array') return `array of ${describe(j.items ?? {})}`;
  if (type === 'object' && j.additionalProperties) return `map of ${describe(j.additionalProperties)}`;
  if (type === 'object' && j.properties) return `object {${Object.entries(j.properties).map(([k, v]) => `${k}: ${describe(v)}`).join('; ')}}`;
  return `${type}${range}${length}${pattern}`;
}

const isOptional = (s: z.ZodType) => s.safeParse(undefined).success;

export function onChange(d: AnyResourceDescriptor, field: string): string {
  const c = changeOf(d, field);
  if (c === 'replace') return 'replaces';
  if (c === 'secret') return 'refused at preview (no ITCare operation)';
  if (c === 'none') return d.sentOnly?.includes(field) ? 'sent with create and delete only' : '—';
  const refuses = (d.operations[c.operation] as OperationSpec).refuses ? ' (some changes refused at preview)' : '';
  return `in place: \`${c.operation}\`${refuses}`;
}

function section(key: string, d: AnyResourceDescriptor): string {
  const lines = [`## ${key}`, '', `${d.doc ?? ''} API path \`${d.path}\`, action resourceType \`${d.resourceType}\`.`, ''];
  if (d.parent) lines.splice(-1, 0, `Lives under a ${d.parent.of.module}.${d.parent.of.kind}: \`${d.parent.field}\` is its id (pass its \`resourceId\` output), in the path, not the body; deleted before it.`);
  if (d.id) lines.splice(-1, 0, `Ids are strings: ${d.id.allowed}.`);
  if (d.nameField) lines.splice(-1, 0, `Named by \`${d.nameField}\` (actions' resourceName).`);
  lines.push('| input | rule | required | a change |', '|---|---|---|---|');
  for (const [field, schema] of Object.entries(d.create.shape as Record<string, z.ZodType>)) {
    const secret = d.secrets?.includes(field) ? ' (secret)' : '';
    lines.push(`| \`${field}\`${secret} | ${rule(schema)} | ${isOptional(schema) ? 'no' : 'yes'} | ${onChange(d, field)} |`);
  }
  if (d.power) lines.push(`| \`${d.power.field}\` | "running", "stopped" | no | in place: \`${d.power.running.operation}\` / \`${d.power.stopped.operation}\` |`);
  // `__owner` and the like are set by the resource class, never by users: not part of the reference.
  for (const field of Object.keys(ProviderInputs.shape).filter((f) => !f.startsWith('__'))) {
    if (!(field in d.create.shape)) lines.push(`| \`${field}\` | provider input | no | state only |`);
  }
  const outputs = ['resourceId', ...Object.keys(d.model.shape).filter((f) => f !== 'id'), ...(d.power ? [d.power.field] : [])];
  lines.push('', `Outputs: ${outputs.map((o) => `\`${o}\``).join(', ')}.`, '');
  if (!Object.keys(d.operations).length) lines.push('No operation: every change replaces it.');
  else lines.push('| operation | options | allowed from | ends in | sets |', '|---|---|---|---|---|');
  for (const [op, spec] of Object.entries(d.operations as Record<string, OperationSpec>)) {
    const shape = (spec.options as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
    const options = Object.entries(shape).map(([k, s]) => `\`${k}\`: ${rule(s)}`).join('; ') || '—';
    const sets = Object.entries(setsOf(spec)).map(([o, f]) => (o === f ? f : `${f} ← ${o}`)).join(', ') || '—';
    lines.push(`| \`${op}\`${spec.doc ? ` (${spec.doc})` : ''} | ${options} | ${spec.from.join(', ')} | ${spec.to ?? 'unchanged'} | ${sets} |`);
  }
  const deletable = d.deletableFrom ? `DELETE from ${d.deletableFrom.join(', ')} (the provider stops it first).` : 'DELETE in any status.';
  lines.push('', `${deletable} Names are ${d.uniqueName ? 'unique per service: a replace deletes before it creates' : 'not unique'}.`, '');
  return lines.join('\n');
}

export function renderReference(): string {
  const header = [
    '# Resource reference',
    '',
    '<!-- Generated by scripts/gen-reference.ts from sdk/resources/: do not edit; run `npm run docs:reference`. -->',
    '',
    'Every resource of pulumi-itcare: Pulumi `itcare.<module>.<Kind>`, SDK `client.<module>.<collection>`.',
    'A change marked "replaces" is shown as a replace at preview (use `protect: true` on databases);',
    'one "refused at preview" fails the preview with what to do instead, never a silent replace.',
    '',
  ];
  return [...header, ...Object.entries(catalog).map(([k, d]) => section(k, d))].join('\n');
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(REFERENCE), { recursive: true });
  fs.writeFileSync(REFERENCE, renderReference());
  process.stdout.write(`wrote ${path.relative(process.cwd(), REFERENCE)}\n`);
}
