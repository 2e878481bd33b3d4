import { z } from 'zod';

/**
 * Inputs, outputs and models as the Pulumi engine hands them over: untyped at that boundary. One
 * alias for all of provider/; the typed form of the provider's own inputs is ProviderInput.
 */
export type Props = Record<string, unknown>;
/** A resource as ITCare shows it (GET), before the program's view of it (outputs.ts). */
export type Model = Record<string, unknown>;

/** What preview sends for values that are not known yet, whatever the declared type. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export function isUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(isUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(isUnknown);
  return false;
}

/** A duration: seconds, or a string like "90s", "30m", "1h" (Pulumi's customTimeouts style). */
const duration = z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as "90s", "30m" or "1h"')]);

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

/** The provider's own inputs, typed from their schema. */
export type ProviderInput = z.output<typeof ProviderInputs>;

export const DEFAULT_TIMEOUTS = { create: 30 * 60_000, update: 20 * 60_000, delete: 20 * 60_000 };

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
