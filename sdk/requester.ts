import type { z } from 'zod';
import type { WaitForActionOptions } from './actions';
import type { Action } from './resources/action';

/**
 * What the resource clients, lookups and create results need from a client: the verbs, pagination
 * and the action waiter. In a file of its own so that they depend on this contract, not on
 * ITCareClient (which builds them: client.ts → resourceClient.ts, never back).
 */
export interface VerbOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** What resource clients need from the client: verbs and pagination. */
export interface ApiRequester {
  get(path: string, o?: VerbOptions): Promise<unknown>;
  post(path: string, o?: VerbOptions): Promise<unknown>;
  patch(path: string, o?: VerbOptions): Promise<unknown>;
  delete(path: string, o?: VerbOptions): Promise<unknown>;
  paginate<S extends z.ZodType>(
    path: string,
    query: Record<string, unknown>,
    item: S,
    pageSize?: number,
    signal?: AbortSignal,
  ): AsyncIterable<z.output<S>>;
  waitForAction(actionId: number, opts?: WaitForActionOptions): Promise<Action>;
}
