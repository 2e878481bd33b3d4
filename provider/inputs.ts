import { z } from 'zod';
import type { ApiRequester } from '../sdk/requester';
import { ResourceClient } from '../sdk/resourceClient';
import { type AnyResourceDescriptor, nameFieldOf } from '../sdk/resources/descriptor';

/** What preview sends for values that are not known yet, whatever the declared type. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export function isUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(isUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(isUnknown);
  return false;
}

/** A duration: seconds, or a string like "90s", "30m", "1h" (Pulumi's customTimeouts style). */
const duration = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as "90s", "30m" or "1h"'),
]);

export function durationMs(d: number | string | undefined, fallbackMs: number): number {
  if (d === undefined) return fallbackMs;
  if (typeof d === 'number') return d * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
  if (!m) return fallbackMs;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/**
 * Inputs the provider adds to every resource's create schema. customTimeouts is not enforced for
 * dynamic resources, hence `timeouts`; `pulumi import` does not work for them, hence `adopt`.
 */
export const ProviderInputs = z.object({
  /** Deadlines for the whole create / update / delete, actions included. */
  timeouts: z.strictObject({ create: duration.optional(), update: duration.optional(), delete: duration.optional() }).optional(),
  /**
   * When an ITCare resource with the same name already exists in the service, manage it instead of
   * creating a duplicate. Also the way back after a crash between the POST and the end of its action.
   */
  adopt: z.boolean().optional(),
  /** Change reference (e.g. RFC_123) sent with deletes. */
  changeReference: z.string().optional(),
  /** Ownership marker, set by the resource class (owner.ts), never by users. */
  __owner: z.string().optional(),
  /**
   * The resource option replaceOnChanges, passed by the resource class: a dynamic provider's diff
   * tells the engine no changed keys, so the engine cannot apply it; diff does (never by users).
   */
  __replaceOnChanges: z.array(z.string()).optional(),
  /** The resource option ignoreChanges, passed by the resource class (resourceOptions.ts; never by users). */
  __ignoreChanges: z.array(z.string()).optional(),
  /** `deleteBeforeReplace: false`, passed by the resource class when set so (resourceOptions.ts; never by users). */
  __deleteBeforeReplace: z.literal(false).optional(),
});

export const DEFAULT_TIMEOUTS = { create: 30 * 60_000, update: 20 * 60_000, delete: 20 * 60_000 };

/** The full input schema of a resource: its create body, its power state and the provider inputs. */
export function inputSchema(d: AnyResourceDescriptor): z.ZodObject {
  const power = d.power ? { [d.power.field]: z.enum(['running', 'stopped']).optional() } : {};
  // changeReference may already be a create field: the create schema's definition wins.
  return z.strictObject({ ...ProviderInputs.shape, ...power, ...d.create.shape });
}

/** Fields of the inputs that go into the POST body. */
export function createBody(d: AnyResourceDescriptor, inputs: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const k of Object.keys(d.create.shape)) if (inputs[k] !== undefined) body[k] = inputs[k];
  return body;
}

/**
 * Normalised form for comparisons: numbers and numeric strings compare equal, null and undefined
 * too, object keys are sorted. A server default or a number typed as string never shows as a diff.
 */
export function normalize(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return undefined; // empty and absent mean the same
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** Formats a zod issue for a Pulumi check failure: one function for the SDK's errors and the preview's. */
export { describeIssue } from '../sdk/inputs';

/** The resource's name as actions and lookups know it: its nameField (a load balancer's url, a snapshot's description). */
export function nameOf(d: AnyResourceDescriptor, props: Record<string, unknown>): string {
  return String(props[nameFieldOf(d)] ?? props.name ?? '?');
}

/** The resource client of these props: a child's is under the parent id its inputs name (loadBalancerId). */
export function clientFor(d: AnyResourceDescriptor, api: ApiRequester, props: Record<string, unknown>): ResourceClient<AnyResourceDescriptor> {
  return new ResourceClient(d, api, d.parent ? (props[d.parent.field] as number | string | undefined) : undefined);
}
