import { ActionFailedError, ActionTimeoutError, type ITCareError, isTransient } from './errors';
import { Action } from './resources/action';
import { WaiterTimeout, waitUntil } from './waiter';

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
  minDelayMs?: number;
  maxDelayMs?: number;
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
  const started = Date.now();
  let lastStatus: string | undefined;
  let lastError: ITCareError | undefined;
  try {
    return await waitUntil(
      async () => {
        let action: Action;
        try {
          action = await read(actionId, opts.signal);
        } catch (err) {
          if (!isTransient(err)) throw err;
          lastError = err as ITCareError;
          opts.onProgress?.({ actionId, status: UNREACHABLE, elapsedMs: Date.now() - started, error: lastError });
          return { done: false, state: UNREACHABLE };
        }
        lastStatus = action.status;
        lastError = undefined;
        opts.onProgress?.({ actionId, status: action.status, elapsedMs: Date.now() - started, action });
        if (action.status === 'SUCCESS') return { done: true, value: action };
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
        minDelayMs: opts.minDelayMs ?? 500,
        maxDelayMs: opts.maxDelayMs ?? 10_000,
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
export function progressLine(resource: string, p: Pick<ActionProgress, 'actionId' | 'status' | 'elapsedMs'> & { action?: { process?: string | null } }): string {
  const what = p.action?.process ? `${p.action.process} ` : '';
  return `itcare: ${resource}: ${what}action ${p.actionId} ${p.status} (${(p.elapsedMs / 1000).toFixed(1)} s)`;
}
