import type { Expected } from './actionDurations';

/**
 * When to poll an action next. `adaptive` (the default) polls around the end that actions of the
 * same kind make likely (see actionDurations.ts), but never trusts what it learned beyond fixed
 * bounds; for a kind never seen it is the capped backoff. `backoff` is the capped backoff alone. A
 * function chooses the delay itself.
 *
 * What the adaptive schedule promises, whatever was learned and whenever it was learned (a window
 * learned from another wait in the middle of this one changes the next delay, never these bounds):
 * - before the expected window, an action that ends early is noticed within max(1 s, min(10 s, its
 *   length), 25 % of its length): no later than the capped backoff would under 40 s, within a
 *   quarter of its length beyond (an ITCare that got faster is noticed, not slept through);
 * - inside the window, polls every few per cent of the expected length, never sparser than the
 *   backoff's cap;
 * - after the window, an action running late is noticed within max(1 s, 5 % of its age), and never
 *   later than the backoff's cap (10 s).
 * There is no poll budget to run out: each delay is a function of the action's age and the window.
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
  /** This wait's own phase (0..1, constant for the wait): see cappedBackoff. */
  phase?: number;
}
export type PollStrategy = 'adaptive' | 'backoff' | ((p: PollContext) => number);

export interface Backoff {
  minDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

/** The cold schedule's first and longest delay: Terraform's state waiter (100 ms doubling to 10 s). */
export const BACKOFF_FIRST_MS = 100;
export const BACKOFF_CAP_MS = 10_000;
/** Polls spread across a wide expected window at most (a window learned from one or two actions). */
const WINDOW_POLLS = 12;
/** Inside the window, a step of this share of its start: the end is noticed ~1.2 % of the length late. */
const WINDOW_STEP_SHARE = 0.025;
/** An early end is noticed within this share of its length (or the floor, or the backoff's pace). */
export const EARLY_SHARE = 0.25;
/** A late end is noticed within this share of the action's age (or the floor). */
export const LATE_SHARE = 0.05;
/** Below this, no bound asks for a denser poll: one second is as prompt as people notice. */
export const BOUND_FLOOR_MS = 1000;
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

/** How far ahead of the plain schedule a wait's polls may come, as a share of the step before them. */
export const PHASE_SHARE = 0.02;

/**
 * The capped backoff: after poll `attempt` (1-based), the plain delay is min·2^(attempt−1) up to max
 * (Terraform's waiter). Each wait keeps one `phase` (0..1, drawn when it starts) and polls that share
 * of 2 % of each step ahead of the plain instants: never later than the plain schedule and with as
 * many polls, while many waits started together spread their polls instead of arriving in lockstep
 * (a jitter drawn per delay would drift, and cost polls or lag against the plain schedule).
 */
export function cappedBackoff(attempt: number, b: Backoff, phase = 0): number {
  const plain = (n: number) => (n < 1 ? 0 : Math.min(b.maxDelayMs, b.minDelayMs * 2 ** (n - 1)));
  const ahead = PHASE_SHARE * Math.min(1, Math.max(0, phase));
  // Poll n+1 at its plain instant less `ahead` of the step into it; the delay is what separates two such instants.
  return plain(attempt) * (1 - ahead) + ahead * plain(attempt - 1);
}

/** The longest sleep before the window that keeps the early-end bound, at this age. */
export function earlyAllowance(ageMs: number, capMs = BACKOFF_CAP_MS): number {
  return Math.max(BOUND_FLOOR_MS, Math.min(capMs, ageMs), EARLY_SHARE * ageMs);
}

/** The longest sleep past the window that keeps the late-end bound, at this age. */
export function lateAllowance(ageMs: number): number {
  return Math.max(BOUND_FLOOR_MS, LATE_SHARE * ageMs);
}

export function adaptiveDelay(p: PollContext, backoff: Backoff): number {
  if (!p.expected) return cappedBackoff(p.attempt, backoff, p.phase);
  const { fromMs, toMs } = expectedWindow(p.expected);
  // Jitter only shortens a delay: the bounds hold for every draw.
  const jitter = 0.9 + 0.1 * (backoff.random ?? Math.random)();
  const age = p.ageMs;
  const cap = Math.max(backoff.maxDelayMs, MIN_STEP_MS);
  const step = Math.min(cap, Math.max(MIN_STEP_MS, (toMs - fromMs) / WINDOW_POLLS, WINDOW_STEP_SHARE * fromMs));
  if (age < fromMs - MIN_STEP_MS) {
    // Before the window: as sparse as the early-end bound allows, landing on the window's start.
    const allowed = earlyAllowance(age, cap);
    return fromMs - age <= allowed ? Math.ceil(fromMs - age) : Math.round(allowed * jitter);
  }
  if (age < toMs) return Math.round(step * jitter);
  // Later than any earlier one: back off (doubling the overrun) from the window's step, within the
  // late bound and never sparser than the backoff's cap.
  return Math.round(Math.min(cap, lateAllowance(age), Math.max(step, 2 * (age - toMs))) * jitter);
}

export function nextDelay(strategy: PollStrategy, p: PollContext, backoff: Backoff): number {
  if (typeof strategy === 'function') return Math.max(0, strategy(p));
  if (strategy === 'backoff') return cappedBackoff(p.attempt, backoff, p.phase);
  return adaptiveDelay(p, backoff);
}
