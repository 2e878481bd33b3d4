import type { Bench, Target } from './types';
import { median } from './types';

/**
 * Token acquisition under concurrency: one shared client (single-flight token) against a client per
 * call (what a naive script or an uncached provider does). Counts token requests and wall time.
 */
export async function tokenBench(t: Target): Promise<Bench> {
  const CALLS = 200;
  const REPEATS = 5;
  const rows: (string | number)[][] = [];
  for (const [label, run] of [
    [
      'shared client (single-flight)',
      async () => {
        const c = t.client();
        await Promise.all(Array.from({ length: CALLS }, () => c.get('/compute/services')));
      },
    ],
    [
      'client per call',
      async () => {
        await Promise.all(Array.from({ length: CALLS }, () => t.client().get('/compute/services')));
      },
    ],
  ] as const) {
    const times: number[] = [];
    const tokenRequests: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await t.control('DELETE', '/log');
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
      const log = (await t.control('GET', '/log')) as { grantType?: string }[];
      tokenRequests.push(log.filter((e) => e.grantType).length);
    }
    rows.push([label, CALLS, median(tokenRequests), median(times).toFixed(0)]);
  }
  const [shared, naive] = rows;
  return {
    id: 'P2',
    title: 'P2: tokens for 200 parallel resources (SDK)',
    question:
      "How many token requests and how long for 200 concurrent API calls from a cold start (one per resource of a 200-resource up)? The real CLI's count is in P3.",
    header: ['strategy', 'calls', 'token requests (median)', 'wall ms (median of 5)'],
    rows,
    finding: `goal: one token request per process. Single-flight makes ${shared[2]} token request instead of ${naive[2]}, and the burst takes ${shared[3]} ms instead of ${naive[3]} ms.`,
  };
}
