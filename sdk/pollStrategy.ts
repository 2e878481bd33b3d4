import type { Expected } from './actionDurations';
import { backoffDelay } from './waiter';

/**
 * When to poll an action next. `adaptive` (the default) polls around the end that actions of the
 * same kind make likely (see actionDurations.ts): sparsely before it, densely across the window
 * where earlier ones ended, then a backoff if this one runs late; for a kind never seen it is the
 * capped backoff. `backoff` is the capped exponential backoff with jitter alone. A function
 * chooses the delay itself.
 */
export interface PollContext {
  /** Polls made so far (1 after the first). */
  attempt: number;
  /** Since the wait started (ms). */
  elapsedMs: number;
  /** Since the action was submitted, as far as this client can tell (≥ elapsedMs). */
  ageMs: number;
  /** What actions of this kind took before, when known. */
  expected?: Expected;
}
export type PollStrategy = 'adaptive' | 'backoff' | ((p: PollContext) => number);

export interface Backoff {
  minDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

/** Polls spread across the expected window: median lag ≈ width / (2 · this). */
const WINDOW_POLLS = 12;
/** The polls an action should cost at most (issue 12: ≤ 15), with some kept for one that runs late. */
const POLL_BUDGET = 15;
const OVERRUN_RESERVE = 2;
/**
 * Windows that start later than this get a look half-way to them first (an action of the kind may
 * have become faster). Below it, that look would take one of the window's polls for little: the
 * window's start comes soon anyway.
 */
const HALFWAY_FROM_MS = 120_000;
/** Below this, a denser poll costs requests without noticing an end measurably sooner. */
export const MIN_STEP_MS = 150;

/**
 * Where the next action of a kind will probably end, from what earlier ones took: the wider the
 * fewer samples (one sample says little about the spread; from three on, the extremes seen are
 * close to the true ones, and a wider margin would only thin out the polls where ends are).
 */
export function expectedWindow(e: Expected): { fromMs: number; toMs: number } {
  const [below, above] = e.samples >= 6 ? [0.98, 1.02] : e.samples >= 3 ? [0.95, 1.05] : e.samples === 2 ? [0.8, 1.25] : [0.7, 1.5];
  return { fromMs: e.minMs * below, toMs: e.maxMs * above };
}

export function adaptiveDelay(p: PollContext, backoff: Backoff): number {
  if (!p.expected) return backoffDelay(p.attempt, backoff.minDelayMs, backoff.maxDelayMs, backoff.random);
  const { fromMs, toMs } = expectedWindow(p.expected);
  const step = Math.max(MIN_STEP_MS, (toMs - fromMs) / WINDOW_POLLS);
  const jitter = 0.9 + 0.2 * (backoff.random ?? Math.random)(); // many waiters must not poll in lockstep
  // Before a long window: one look half-way. Then its start.
  if (fromMs >= HALFWAY_FROM_MS && p.ageMs < fromMs / 2 - step) return fromMs / 2 - p.ageMs;
  if (p.ageMs < fromMs - step) return fromMs - p.ageMs;
  if (p.ageMs < toMs) {
    // Evenly across the window, stretched when the polls made so far leave too few for the rest of it.
    const left = Math.max(1, POLL_BUDGET - OVERRUN_RESERVE - p.attempt);
    return Math.round(Math.max(step, (toMs - p.ageMs) / left) * jitter);
  }
  // Later than any earlier one: back off (doubling) from the window's step, up to the cap, which
  // grows with the action's age (5 %) so that a long action running late is not polled every 10 s.
  const cap = Math.max(backoff.maxDelayMs, p.ageMs / 20);
  return Math.round(Math.min(cap, Math.max(step, 2 * (p.ageMs - toMs))) * jitter);
}

export function nextDelay(strategy: PollStrategy, p: PollContext, backoff: Backoff): number {
  if (typeof strategy === 'function') return Math.max(0, strategy(p));
  if (strategy === 'backoff') return backoffDelay(p.attempt, backoff.minDelayMs, backoff.maxDelayMs, backoff.random);
  return adaptiveDelay(p, backoff);
}
