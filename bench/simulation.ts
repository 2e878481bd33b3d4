import { waitForAction, type WaitForActionOptions } from '../sdk/actions';
import type { Action } from '../sdk/resources/action';

export { median } from './types';

/**
 * ITCare actions and their waits on a simulated clock: the exact schedule of a strategy, many waits
 * side by side included (they learn from each other through one DurationBook), with no real
 * waiting. Shared by the waiter's tests and `npm run bench` (P1-simulated).
 */
export class VirtualClock {
  private t = 1_000_000;
  private seq = 0;
  private timers: { at: number; seq: number; wake: () => void }[] = [];
  readonly now = (): number => this.t;
  readonly sleep = (ms: number): Promise<void> =>
    new Promise((wake) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake }));

  /** Runs `work` to its end, moving time to the next sleep's end whenever every wait is asleep. */
  async run<T>(work: Promise<T>[]): Promise<T[]> {
    let settled = false;
    const all = Promise.all(work).finally(() => (settled = true));
    all.catch(() => undefined);
    for (;;) {
      await new Promise((r) => setImmediate(r)); // every wait reaches its next sleep (no real I/O here)
      if (settled) return all;
      if (!this.timers.length) throw new Error('simulated waits neither sleep nor end');
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.wake();
    }
  }
}

export interface SimulatedAction {
  durationMs: number;
  /** Submitted this long after the run starts (default at once). */
  startMs?: number;
  process?: string;
}

export interface WaitResult {
  polls: number;
  /** How long after the action's completedAt the wait resolved. */
  lagMs: number;
}

let ids = 0;

/** Waits for every action at once on one clock, each with `opts` (`durations` shared: they learn from each other). */
export async function simulateWaits(
  actions: SimulatedAction[],
  opts: WaitForActionOptions,
  clock = new VirtualClock(),
): Promise<WaitResult[]> {
  const one = async (a: SimulatedAction): Promise<WaitResult> => {
    if (a.startMs) await clock.sleep(a.startMs);
    const submitted = clock.now();
    const end = submitted + a.durationMs;
    let polls = 0;
    const read = async (id: number): Promise<Action> => {
      polls++;
      const done = clock.now() >= end;
      const process = a.process ?? 'CREATE_INSTANCE';
      return {
        id,
        status: done ? 'SUCCESS' : 'IN_PROGRESS',
        process,
        resourceType: 'INSTANCE',
        submittedAt: new Date(submitted),
        completedAt: done ? new Date(end) : null,
      };
    };
    await waitForAction(read, ++ids, { timeout: 4 * 3_600_000, ...opts, now: clock.now, sleep: clock.sleep });
    return { polls, lagMs: clock.now() - end };
  };
  return clock.run(actions.map(one));
}

/** One action at a time (each on a fresh clock), in order: what a sequence of `up`s teaches. */
export async function simulateInTurn(durations: number[], opts: WaitForActionOptions): Promise<WaitResult[]> {
  const out: WaitResult[] = [];
  for (const durationMs of durations) out.push(...(await simulateWaits([{ durationMs }], opts)));
  return out;
}

/** A seeded generator: the same durations and jitter on every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The two schedules the adaptive one is held to (issue 24): a capped backoff and the getting-started page's loop. */
export const REFERENCES: [label: string, delay: (p: { attempt: number }) => number][] = [
  ['capped backoff 100 ms → 10 s', ({ attempt }) => Math.min(10_000, 100 * 2 ** (attempt - 1))],
  ['fixed 1 s loop', () => 1000],
];
