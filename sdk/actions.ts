import { ActionFailedError, ActionTimeoutError, type ITCareError, isTransient } from './errors';
import { type DurationBook, durationBook } from './actionDurations';
import { BACKOFF_CAP_MS, BACKOFF_FIRST_MS, type PollStrategy, nextDelay } from './pollStrategy';
import type { Action } from './resources/action';
import { WaiterTimeout, abortableSleep, waitUntil } from './waiter';

/** Status reported for a poll that failed transiently (the wait goes on). */
export const UNREACHABLE = 'UNREACHABLE';

export interface ActionProgress {
  actionId: number;
  /** The action's status, or UNREACHABLE when this poll failed transiently (see `error`). */
  status: string;
  elapsedMs: number;
  /** The action as read by this poll; absent when the poll failed. */
  action?: Action;
  /** The transient failure of this poll (5xx, no answer, 429, IdP down). */
  error?: ITCareError;
}

export interface WaitForActionOptions {
  /** Deadline for the whole wait; default 30 minutes (VM provisioning is slow). */
  timeout?: number;
  signal?: AbortSignal;
  onProgress?: (p: ActionProgress) => void;
  /** The capped backoff (also adaptive's, for a kind never seen): first and longest delay, default 100 ms and 10 s. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** When to poll: 'adaptive' (default; see pollStrategy.ts), 'backoff', or a function of the poll's context. */
  strategy?: PollStrategy;
  /** Adds to the action's kind (process + resource type), e.g. the product and cpu/ram of a create. */
  sizing?: string;
  /** Where adaptive learns and looks up durations; default: the process's book (actionDurations.ts). */
  durations?: DurationBook;
  /** The ITCare endpoint the action runs on (actionDurations.endpointKey): durations are learned per endpoint. */
  endpoint?: string;
  /** For tests of the schedule: clock, sleep and the jitter's randomness. */
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Reads one action: injected so the waiter does not depend on the client class. */
export type ActionReader = (id: number, signal?: AbortSignal) => Promise<Action>;

/**
 * Polls GET /actions/{id} until SUCCESS (resolves with the action) or ERROR (ActionFailedError with
 * ITCare's message). Unknown statuses count as still running. A poll that fails transiently (see
 * isTransient) is reported as UNREACHABLE and retried with the waiter's backoff: a 20-minute
 * provisioning must not fail on one gateway hiccup. Other failures (404, 401 after re-auth, 400,
 * abort) end the wait at once. Our deadline becomes an ActionTimeoutError carrying the action id
 * (and the last poll's failure as cause, if it failed): the action may still finish server-side.
 */
export async function waitForAction(read: ActionReader, actionId: number, opts: WaitForActionOptions = {}): Promise<Action> {
  const now = opts.now ?? Date.now;
  const started = now();
  const strategy = opts.strategy ?? 'adaptive';
  const book = opts.durations ?? (strategy === 'backoff' ? undefined : durationBook());
  const backoff = { minDelayMs: opts.minDelayMs ?? BACKOFF_FIRST_MS, maxDelayMs: opts.maxDelayMs ?? BACKOFF_CAP_MS, random: opts.random };
  let lastStatus: string | undefined;
  let lastError: ITCareError | undefined;
  let seen: Action | undefined;
  // The action's age on our clock: since its submittedAt, but never less than our own wait (a server
  // clock ahead of ours) — an action waited for just after its POST is as old as the wait.
  const submitted = () => Math.min(started, seen?.submittedAt?.getTime() ?? started);
  const phase = (opts.random ?? Math.random)(); // this wait's place among others started with it (pollStrategy.ts)
  try {
    return await waitUntil(
      async () => {
        let action: Action;
        try {
          action = await read(actionId, opts.signal);
        } catch (err) {
          if (!isTransient(err)) throw err;
          lastError = err as ITCareError;
          opts.onProgress?.({ actionId, status: UNREACHABLE, elapsedMs: now() - started, error: lastError });
          return { done: false, state: UNREACHABLE };
        }
        lastStatus = action.status;
        lastError = undefined;
        seen = action;
        opts.onProgress?.({ actionId, status: action.status, elapsedMs: now() - started, action });
        if (action.status === 'SUCCESS') {
          book?.observe(action, opts.sizing, opts.endpoint);
          return { done: true, value: action };
        }
        if (action.status === 'ERROR') {
          const what = [action.process, action.resourceName].filter(Boolean).join(' of ');
          throw new ActionFailedError(
            `ITCare action ${actionId}${what ? ` (${what})` : ''} ended in ERROR: ${action.message ?? 'no message'}`,
            { actionId, errorMessage: action.message ?? undefined },
          );
        }
        return { done: false, state: action.status };
      },
      {
        timeoutMs: opts.timeout ?? 30 * 60_000,
        signal: opts.signal,
        minDelayMs: backoff.minDelayMs,
        maxDelayMs: backoff.maxDelayMs,
        now,
        sleep: opts.sleep ?? abortableSleep,
        delayMs: ({ attempt, elapsedMs }) =>
          nextDelay(
            strategy,
            { attempt, elapsedMs, ageMs: now() - submitted(), expected: seen && book?.expected(seen, opts.sizing, opts.endpoint), phase },
            backoff,
          ),
      },
    );
  } catch (err) {
    if (err instanceof WaiterTimeout) {
      const failing = lastError ? ` (last poll failed: ${lastError.message})` : '';
      throw new ActionTimeoutError(
        `ITCare action ${actionId} still ${lastStatus ?? 'IN_PROGRESS'} after ${Math.round(err.elapsedMs / 1000)} s (deadline reached; it may still complete)${failing}`,
        { actionId, cause: lastError },
      );
    }
    throw err;
  }
}

/** The progress line printed to stderr by long waits: resource, action id, status, elapsed. */
export function progressLine(
  resource: string,
  p: Pick<ActionProgress, 'actionId' | 'status' | 'elapsedMs'> & { action?: { process?: string | null } },
): string {
  const what = p.action?.process ? `${p.action.process} ` : '';
  return `itcare: ${resource}: ${what}action ${p.actionId} ${p.status} (${(p.elapsedMs / 1000).toFixed(1)} s)`;
}
