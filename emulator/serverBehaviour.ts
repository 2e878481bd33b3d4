import type { Context, Next } from 'koa';
import { z } from 'zod';

/**
 * How strictly this ITCare honours what the public docs do not guarantee, switchable at run time so
 * tests can hold clients to the less convenient reading:
 * - `ignoreQueryFilters`: list and query endpoints ignore every filter (`GET /actions?resourceId=…`,
 *   `GET /compute/instances?names=…`, the lookups) and answer everything, still paged and sorted
 *   where they page. The docs name the filters but not how strictly they apply, so a client must
 *   check each answer itself.
 * - `unknownOperations`: PATCH operations this server does not know (e.g. `update_metadata`,
 *   INFERRED): refused with 400 INVALID_FIELD_VALUE on `operation`, dry runs included.
 * - `serverTags`: tags this ITCare adds on its own to every resource it creates (a backup policy, a
 *   cost centre). Nothing says ITCare keeps a resource's tags exactly as sent, so a client must
 *   never plan tags it did not declare back out of existence, nor show them as a diff.
 */
export const BehaviourSpec = z.strictObject({
  ignoreQueryFilters: z.boolean().optional(),
  unknownOperations: z.array(z.string().min(1)).optional(),
  serverTags: z.record(z.string(), z.string()).optional(),
});
export type BehaviourSpec = z.infer<typeof BehaviourSpec>;

/** Query keys a list keeps when filters are ignored: paging and sorting are not filters. */
const PAGING = new Set(['page', 'size', 'sort']);

export class ServerBehaviour {
  ignoreQueryFilters: boolean;
  unknownOperations: string[];
  serverTags: Record<string, string>;

  /** `defaults`: the start-up choice, which a control reset returns to. */
  constructor(private readonly defaults: Required<BehaviourSpec>) {
    this.ignoreQueryFilters = defaults.ignoreQueryFilters;
    this.unknownOperations = [...defaults.unknownOperations];
    this.serverTags = { ...defaults.serverTags };
  }

  set(spec: BehaviourSpec): void {
    if (spec.ignoreQueryFilters !== undefined) this.ignoreQueryFilters = spec.ignoreQueryFilters;
    if (spec.unknownOperations !== undefined) this.unknownOperations = [...spec.unknownOperations];
    if (spec.serverTags !== undefined) this.serverTags = { ...spec.serverTags };
  }

  reset(): void {
    this.set(this.defaults);
  }

  view(): Required<BehaviourSpec> {
    return { ignoreQueryFilters: this.ignoreQueryFilters, unknownOperations: [...this.unknownOperations], serverTags: { ...this.serverTags } };
  }

  knows(operation: string): boolean {
    return !this.unknownOperations.includes(operation);
  }

  /**
   * One point for every API route: a GET's filters are dropped before any route reads them (the
   * request log, earlier in the chain, still records what the client sent).
   */
  middleware() {
    return async (ctx: Context, next: Next): Promise<void> => {
      if (this.ignoreQueryFilters && ctx.method === 'GET') {
        ctx.query = Object.fromEntries(Object.entries(ctx.query).filter(([k]) => PAGING.has(k)));
      }
      await next();
    };
  }
}
