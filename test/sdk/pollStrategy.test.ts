import { DurationBook } from '../../sdk/actionDurations';
import { waitForAction, type WaitForActionOptions } from '../../sdk/actions';
import { adaptiveDelay, expectedWindow } from '../../sdk/pollStrategy';
import { backoffDelay } from '../../sdk/waiter';
import type { Action } from '../../sdk/resources/action';

/** A seeded generator: the same durations and jitter on every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * Simulated ITCare actions on a fake clock: an action of `durationMs` submitted at the wait's start,
 * read by waitForAction exactly as from the API. Gives the polls and the lag (how long after
 * completedAt the wait resolved), with no real waiting.
 */
/** Action ids: each simulated action is a new one (the book counts an action once). */
let simulated = 0;

export async function simulate(durationMs: number, opts: WaitForActionOptions): Promise<{ polls: number; lagMs: number }> {
  let t = 1_000_000;
  const submittedAt = new Date(t);
  const end = t + durationMs;
  let polls = 0;
  const read = async (id: number): Promise<Action> => {
    polls++;
    const done = t >= end;
    return { id, status: done ? 'SUCCESS' : 'IN_PROGRESS', process: 'RESIZE_INSTANCE', resourceType: 'INSTANCE', submittedAt, completedAt: done ? new Date(end) : null };
  };
  await waitForAction(read, ++simulated, { ...opts, timeout: 3_600_000, now: () => t, sleep: async (ms) => { t += ms; } });
  return { polls, lagMs: t - end };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('adaptive action waits (simulated clock)', () => {
  // The table: true duration D·U(0.8, 1.2); median lag ≤ max(150 ms, 3 % of D), ≤ 15 polls.
  it.each([2, 10, 60, 300])('D = %i s: after a few actions of the kind, median lag ≤ max(150 ms, 3 %% of D) and ≤ 15 polls', async (seconds) => {
    const D = seconds * 1000;
    const random = seeded(seconds);
    const durations = new DurationBook();
    const lags: number[] = [];
    const polls: number[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await simulate(Math.round(D * (0.8 + 0.4 * random())), { durations, strategy: 'adaptive', random });
      if (i < 4) continue; // learning the kind
      lags.push(r.lagMs);
      polls.push(r.polls);
    }
    expect(median(lags)).toBeLessThanOrEqual(Math.max(150, 0.03 * D));
    expect(Math.max(...polls)).toBeLessThanOrEqual(15);
  });

  it('a kind never seen falls back to the capped backoff, and the next action of it is waited for adaptively', async () => {
    const b = { minDelayMs: 500, maxDelayMs: 10_000, random: () => 0.7 };
    for (const attempt of [1, 3, 9]) {
      expect(adaptiveDelay({ attempt, elapsedMs: 0, ageMs: 0 }, b)).toBe(backoffDelay(attempt, 500, 10_000, () => 0.7));
    }
    const durations = new DurationBook();
    const cold = await simulate(300_000, { durations, random: seeded(1) });
    const warm = await simulate(300_000, { durations, random: seeded(2) });
    expect(cold.polls).toBeGreaterThan(30);
    expect(warm.polls).toBeLessThanOrEqual(15);
    expect(warm.lagMs).toBeLessThanOrEqual(0.03 * 300_000);
  });

  it('strategy "backoff" ignores what was learned; a function strategy chooses every delay', async () => {
    const durations = new DurationBook();
    await simulate(300_000, { durations });
    const learned = await simulate(300_000, { durations });
    const backoff = await simulate(300_000, { durations, strategy: 'backoff' });
    expect(learned.polls).toBeLessThanOrEqual(15);
    expect(backoff.polls).toBeGreaterThan(30); // 10 s cap over 5 minutes
    const fixed = await simulate(10_000, { strategy: () => 1000 });
    expect(fixed.polls).toBe(11);
  });

  it('polls half-way to a long expected window, at its start, densely inside it, then backs off', () => {
    const expected = { minMs: 200_000, maxMs: 200_000, samples: 3 };
    const { fromMs, toMs } = expectedWindow(expected);
    expect([fromMs, toMs]).toEqual([190_000, 210_000]);
    const b = { minDelayMs: 500, maxDelayMs: 10_000, random: () => 0.5 };
    const at = (ageMs: number, attempt = 2) => adaptiveDelay({ attempt, elapsedMs: ageMs, ageMs, expected }, b);
    expect(at(0)).toBe(95_000);
    expect(at(95_000)).toBe(95_000);
    expect(at(195_000)).toBe(1_667); // the window's width / 12
    expect(at(212_000)).toBe(4_000); // 2 s late: twice that
    // One sample says little about the spread: a wider window.
    expect(expectedWindow({ minMs: 100_000, maxMs: 100_000, samples: 1 })).toEqual({ fromMs: 70_000, toMs: 150_000 });
  });

  it('a window under two minutes gets no half-way look: its polls go where the ends are', () => {
    const expected = { minMs: 60_000, maxMs: 60_000, samples: 3 };
    const b = { minDelayMs: 500, maxDelayMs: 10_000, random: () => 0.5 };
    expect(adaptiveDelay({ attempt: 1, elapsedMs: 0, ageMs: 0, expected }, b)).toBe(57_000);
  });

  it('keeps to 15 polls: late in its budget it stretches the window\'s step, and a long overrun is polled in proportion to the age', () => {
    const expected = { minMs: 100_000, maxMs: 120_000, samples: 6 };
    const b = { minDelayMs: 500, maxDelayMs: 10_000, random: () => 0.5 };
    // 12 polls made, 12 s of the window left: one poll at its end rather than seven more.
    expect(adaptiveDelay({ attempt: 12, elapsedMs: 110_400, ageMs: 110_400, expected }, b)).toBe(12_000);
    // A 30-minute action 20 minutes late: every 90 s (5 % of its age), not every 10 s.
    expect(adaptiveDelay({ attempt: 14, elapsedMs: 1_800_000, ageMs: 1_800_000, expected }, b)).toBe(90_000);
  });

  it('D = 60 s learned from 4 actions (the benchmark\'s case), 300 trials: median lag ≤ 70 % of the goal (1.26 s), median polls ≤ 9', async () => {
    const random = seeded(60);
    const lags: number[] = [];
    const polls: number[] = [];
    for (let trial = 0; trial < 300; trial++) {
      const durations = new DurationBook();
      const sample = () => Math.round(60_000 * (0.8 + 0.4 * random()));
      for (let i = 0; i < 4; i++) durations.observe({ id: -(4 * trial + i + 1), status: 'SUCCESS', process: 'RESIZE_INSTANCE', resourceType: 'INSTANCE', submittedAt: new Date(0), completedAt: new Date(sample()) });
      const r = await simulate(sample(), { durations, random });
      lags.push(r.lagMs);
      polls.push(r.polls);
    }
    expect(median(lags)).toBeLessThanOrEqual(0.7 * 1800); // 1.36 s before the poll budget and the narrower windows
    expect(median(polls)).toBeLessThanOrEqual(9);
  });
});
