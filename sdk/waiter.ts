import { AbortedError } from './errors';

/**
 * One generic waiter (aws-sdk-js-v3 util-waiter style): poll with exponential backoff capped at
 * maxDelayMs, full jitter so that many waiters do not poll in lockstep, an absolute deadline and an
 * AbortSignal. Callers give the meaning: what "done" is and which error a deadline becomes.
 */
export type Probe<T> = () => Promise<{ done: true; value: T } | { done: false; state?: string }>;

export interface WaitOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Chooses the delay before the next probe instead of the backoff (e.g. the adaptive action schedule). */
  delayMs?: (info: { attempt: number; elapsedMs: number; state?: string }) => number;
  /** Called after each probe that is not done. */
  onPoll?: (info: { attempt: number; elapsedMs: number; state?: string }) => void;
  /** Injected for tests of the schedule itself; defaults to real timers. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export class WaiterTimeout extends Error {
  constructor(
    readonly elapsedMs: number,
    readonly lastState?: string,
  ) {
    super(`still ${lastState ?? 'pending'} after ${elapsedMs} ms`);
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError('wait aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('wait aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for `p` unless `signal` fires first (then rejects with AbortedError). `p` itself goes on:
 * it may be shared (the single-flight token request), so one caller giving up must not cancel it.
 */
export function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new AbortedError('wait aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError('wait aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Delay before poll `attempt` (1-based): full jitter over min(max, min·2^(attempt-1)). */
export function backoffDelay(attempt: number, minDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(minDelayMs + random() * Math.max(0, ceiling - minDelayMs));
}

export async function waitUntil<T>(probe: Probe<T>, opts: WaitOptions): Promise<T> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const minDelay = opts.minDelayMs ?? 250;
  const maxDelay = Math.max(minDelay, opts.maxDelayMs ?? 5000);
  const start = now();
  const deadline = start + opts.timeoutMs;
  let lastState: string | undefined;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError('wait aborted');
    const r = await probe();
    if (r.done) return r.value;
    lastState = r.state;
    const elapsedMs = now() - start;
    opts.onPoll?.({ attempt, elapsedMs, state: lastState });
    const remaining = deadline - now();
    if (remaining <= 0) throw new WaiterTimeout(elapsedMs, lastState);
    const delay = opts.delayMs
      ? opts.delayMs({ attempt, elapsedMs, state: lastState })
      : backoffDelay(attempt, minDelay, maxDelay, opts.random);
    await sleep(Math.min(remaining, delay), opts.signal);
  }
}
