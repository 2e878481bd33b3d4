import { DurationBook } from '../sdk/actionDurations';
import { waitForAction, type WaitForActionOptions } from '../sdk/actions';
import type { Action } from '../sdk/resources/action';
import type { Bench, Target } from './run';
import { median } from './run';

/**
 * P1: waiting for actions of D = 2 / 10 / 60 / 300 s (true duration D·U(0.8, 1.2)), three strategies
 * side by side in one run: adaptive (the default, after a few actions of the kind), the capped
 * backoff (500 ms → 10 s, what the waiter did before) and a fixed 1 s loop (the Python
 * getting-started script). Lag = when the wait resolved − the action's completedAt; polls = GET
 * /actions/{id}. Measured against the emulator in real time (all waits of one D run concurrently),
 * and on a simulated clock (exact schedule, 21 actions per strategy) for the same Ds.
 */
type Strategy = [label: string, opts: (book: DurationBook) => WaitForActionOptions];
const STRATEGIES: Strategy[] = [
  ['adaptive (default)', (durations) => ({ durations })],
  ['capped backoff 500 ms → 10 s', () => ({ strategy: 'backoff' })],
  ['fixed 1 s loop', () => ({ strategy: () => 1000 })],
];
const goalLag = (D: number) => Math.max(150, 0.03 * D);
const verdict = (lag: number, polls: number, D: number) => (lag <= goalLag(D) && polls <= 15 ? 'meets' : 'misses');

/** `waits`: the Ds (s) to run against the emulator in real time; the simulated clock always runs all four (no waiting). */
export async function waiterBench(t: Target, quick: boolean, waits?: number[]): Promise<Bench[]> {
  const Ds = waits ?? (quick ? [2, 10] : [2, 10, 60, 300]);
  return [await simulated([2, 10, 60, 300]), await emulated(t, Ds)];
}

async function emulated(t: Target, Ds: number[]): Promise<Bench> {
  const client = t.client();
  const rows: (string | number)[][] = [];
  let n = 0;
  for (const seconds of Ds) {
    const D = seconds * 1000;
    await t.control('POST', '/reset');
    await t.control('PUT', '/actions/timing', { minMs: Math.round(0.8 * D), maxMs: Math.round(1.2 * D) });
    const book = new DurationBook();
    const start = async (opts: WaitForActionOptions) => {
      const accepted = await client.compute.instances.create({ name: `p1-${n++}`, serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 1, ram: 1 });
      let polls = 0;
      const done = await waitForAction(async (id) => { polls++; return client.actions.get(id); }, accepted.actionId!, { ...opts, timeout: 4 * D + 60_000 });
      return { polls, lag: Date.now() - done.completedAt!.getTime() };
    };
    process.stderr.write(`bench: P1 D=${seconds}s learning…\n`);
    await Promise.all(Array.from({ length: 4 }, () => start({ durations: book })));
    process.stderr.write(`bench: P1 D=${seconds}s measuring…\n`);
    const measured = await Promise.all(STRATEGIES.map(([, opts]) => Promise.all(Array.from({ length: 7 }, () => start(opts(book))))));
    STRATEGIES.forEach(([label], i) => {
      const lag = median(measured[i].map((m) => m.lag));
      const polls = median(measured[i].map((m) => m.polls));
      rows.push([`${seconds} s`, label, lag, Math.max(...measured[i].map((m) => m.lag)), polls, Math.max(...measured[i].map((m) => m.polls)), `≤ ${goalLag(D)} ms, ≤ 15`, verdict(lag, polls, D)]);
    });
  }
  await t.control('POST', '/reset');
  return {
    id: 'P1-emulator',
    title: `P1: action waits against the emulator, real time (D = ${Ds.join(' / ')} s)`,
    question: 'Median lag and polls per action, 7 concurrent actions per strategy after 4 actions of the kind were seen.',
    header: ['D', 'strategy', 'median lag ms', 'max lag ms', 'median polls', 'max polls', 'goal', ''],
    rows,
    finding: 'adaptive meets both goals where the reference strategies trade one for the other: the fixed loop is prompt but polls D/1 s times; the backoff is frugal but notices the end seconds late.',
  };
}

/** The schedule on a fake clock: every strategy's exact polls and lag, with no waiting. */
async function simulated(Ds: number[]): Promise<Bench> {
  const rows: (string | number)[][] = [];
  for (const seconds of Ds) {
    const D = seconds * 1000;
    for (const [label, opts] of STRATEGIES) {
      const book = new DurationBook();
      const random = seeded(seconds);
      const lags: number[] = [];
      const polls: number[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await simulate(Math.round(D * (0.8 + 0.4 * random())), { ...opts(book), random });
        if (i >= 4) { lags.push(r.lagMs); polls.push(r.polls); }
      }
      const lag = Math.round(median(lags));
      rows.push([`${seconds} s`, label, lag, Math.round(Math.max(...lags)), median(polls), Math.max(...polls), verdict(lag, median(polls), D)]);
    }
  }
  return {
    id: 'P1-simulated',
    title: `P1: action waits on a simulated clock (D = ${Ds.join(' / ')} s)`,
    question: 'The exact schedule of each strategy: 21 actions of D·U(0.8, 1.2) after 4 of the kind (seeded).',
    header: ['D', 'strategy', 'median lag ms', 'max lag ms', 'median polls', 'max polls', 'goal: lag ≤ max(150 ms, 3 % D), ≤ 15 polls'],
    rows,
    finding: 'the same picture without timer noise: the schedule itself meets the goals.',
  };
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Action ids: each simulated action is a new one (the book counts an action once). */
let simulatedIds = 0;

async function simulate(durationMs: number, opts: WaitForActionOptions): Promise<{ polls: number; lagMs: number }> {
  let t = 1_000_000;
  const submittedAt = new Date(t);
  const end = t + durationMs;
  let polls = 0;
  const read = async (id: number): Promise<Action> => {
    polls++;
    const done = t >= end;
    return { id, status: done ? 'SUCCESS' : 'IN_PROGRESS', process: 'CREATE_INSTANCE', resourceType: 'INSTANCE', submittedAt, completedAt: done ? new Date(end) : null };
  };
  await waitForAction(read, ++simulatedIds, { ...opts, timeout: 3_600_000, now: () => t, sleep: async (ms) => { t += ms; } });
  return { polls, lagMs: t - end };
}
