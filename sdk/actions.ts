import { ActionFailedError, ActionTimeoutError } from './errors';
import { Action } from './resources/action';
import { WaiterTimeout, waitUntil } from './waiter';

export interface ActionProgress {
  actionId: number;
  status: string;
  elapsedMs: number;
  action: Action;
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
 * ITCare's message). Unknown statuses count as still running. Our deadline becomes an
 * ActionTimeoutError carrying the action id: the action may still finish server-side.
 */
export async function waitForAction(read: ActionReader, actionId: number, opts: WaitForActionOptions = {}): Promise<Action> {
  const started = Date.now();
  try {
    return await waitUntil(
      async () => {
        const action = await read(actionId, opts.signal);
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
      throw new ActionTimeoutError(
        `ITCare action ${actionId} still ${err.lastState ?? 'IN_PROGRESS'} after ${Math.round(err.elapsedMs / 1000)} s (deadline reached; it may still complete)`,
        { actionId },
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
