import { waitForAction } from '../sdk/actions';
import type { Bench, Target } from './run';
import { median } from './run';

/**
 * Polling an action of 3 s: fixed intervals against capped exponential backoff with jitter. What
 * matters is how many GET /actions a wait costs and how late it notices the end (detection lag).
 */
export async function waiterBench(t: Target): Promise<Bench> {
  const DURATION = 3000;
  await t.control('PUT', '/actions/timing', { durationMs: DURATION });
  const client = t.client();
  const read = (id: number) => client.actions.get(id);
  const strategies: [string, { minDelayMs: number; maxDelayMs: number }][] = [
    ['fixed 250 ms', { minDelayMs: 250, maxDelayMs: 250 }],
    ['fixed 2 s', { minDelayMs: 2000, maxDelayMs: 2000 }],
    ['backoff 250 ms → 2 s, jitter', { minDelayMs: 250, maxDelayMs: 2000 }],
    ['backoff 500 ms → 10 s, jitter (default)', { minDelayMs: 500, maxDelayMs: 10_000 }],
  ];
  const rows: (string | number)[][] = [];
  let n = 0;
  for (const [label, opts] of strategies) {
    const polls: number[] = [];
    const lags: number[] = [];
    for (let i = 0; i < 3; i++) {
      const accepted = await client.compute.instances.create({ name: `bench${n++}`, serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 1, ram: 1 });
      let count = 0;
      const done = await waitForAction(async (id) => { count++; return read(id); }, accepted.actionId!, { ...opts, timeout: 60_000 });
      polls.push(count);
      lags.push(Date.now() - done.completedAt!.getTime());
    }
    rows.push([label, median(polls), median(lags)]);
  }
  await t.control('POST', '/reset');
  return {
    title: 'Waiting for a 3 s action',
    question: 'How many polls, and how late is the end noticed, for each polling strategy?',
    header: ['strategy', 'GET /actions (median of 3)', 'detection lag ms (median)'],
    rows,
    finding: `fixed short polling is prompt but costs ${rows[0][1]} requests per 3 s action; backoff keeps the lag bounded by its cap with a few requests, which is what long ITCare actions (tens of minutes) need.`,
  };
}
