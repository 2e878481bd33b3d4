import type { startEmulator } from '../emulator/server';
import type { ITCareClient } from '../sdk/client';

/**
 * What every benchmark returns and gets (bench/run.ts runs them): in a file of its own so that the
 * benchmarks depend on these, not on the runner that imports them all.
 */
export interface Bench {
  /** Section id in RESULTS.md (P1…P4, pagination). */
  id: string;
  title: string;
  question: string;
  header: string[];
  rows: (string | number)[][];
  finding: string;
}

export type Target = Awaited<ReturnType<typeof startEmulator>> & {
  client: () => ITCareClient;
  control: (method: string, route: string, body?: unknown) => Promise<unknown>;
};

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
