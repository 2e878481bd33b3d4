import type { AnyResourceDescriptor } from '../sdk/resources';

/** What the checks saw, in the terms the answer-shape readings (shapes.ts) and the profile need. */

export interface KindSample {
  key: string;
  d: AnyResourceDescriptor;
  /** The collection path read (a child's with its parent's id). */
  path: string;
  items: Record<string, unknown>[];
}

export interface SeenAction {
  id: unknown;
  status: string;
  resourceName?: unknown;
  resourceType?: unknown;
}

export type DryRunAnswer = 'valid' | 'blank' | 'empty' | 'accepted' | 'other';

export interface Observed {
  kinds: KindSample[];
  /** GET /actions, when it answered a list. */
  actions?: SeenAction[];
  /** Statuses of actions still running (neither SUCCESS nor ERROR). */
  runningActionStatuses: string[];
  /** Statuses of resources with a running action that the descriptors do not know. */
  unknownInFlight: string[];
  /** Statuses of resources with a running action, known or not. */
  inFlightSeen: string[];
  /** Statuses of resources with no running action that the descriptors do not know. */
  unknownAtRest: string[];
  /** Model fields every model of every kind declaring them left out; undefined when no kind could tell. */
  omitted?: string[];
  /** Whether models of kinds with tags carry a `tags` field; undefined when none was read. */
  tagsEchoed?: boolean;
  filters: { path: string; filter: string; verdict: 'honoured' | 'ignored' }[];
  pageBase?: 0 | 1 | 'unclear';
  /** How passed dry runs were answered, by the first one that passed. */
  dryRunAnswer?: { shape: DryRunAnswer; status: number; what: string };
  operations: { kind: string; operation: string; known: boolean }[];
  tokens: { accessTtl?: number; refreshTtl?: number };
}

export function emptyObserved(): Observed {
  return {
    kinds: [],
    runningActionStatuses: [],
    unknownInFlight: [],
    inFlightSeen: [],
    unknownAtRest: [],
    filters: [],
    operations: [],
    tokens: {},
  };
}

/** Every status the descriptor names: its life cycle, power statuses, operations' from/to, deletableFrom. */
export function knownStatuses(d: AnyResourceDescriptor): Set<string> {
  const s = new Set<string>(Object.values(d.statuses));
  if (d.power) for (const x of [d.power.running.status, d.power.stopped.status]) s.add(x);
  for (const op of Object.values(d.operations) as { from: readonly string[]; to?: string }[]) {
    for (const x of op.from) s.add(x);
    if (op.to) s.add(op.to);
  }
  for (const x of d.deletableFrom ?? []) s.add(x);
  return s;
}

export const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
