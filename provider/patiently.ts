import { ActionTimeoutError, NetworkError, ServerError, isTransient } from '../sdk/errors';
import { WaiterTimeout, waitUntil } from '../sdk/waiter';

/**
 * The provider's own reads (lookups after a lost answer, the model between two operations, the
 * actions running on a resource) must not fail a resource on a transient fault (5xx, no answer,
 * 429, identity provider down) that outlasts the SDK's few retries: they are read again, with the
 * waiter's backoff, until the operation's deadline. Anything else (404, 401 after re-auth, 400) is
 * an answer, thrown at once.
 */
export async function patiently<T>(what: string, read: () => Promise<T>, deadline: number): Promise<T> {
  let last: unknown;
  try {
    return await waitUntil<T>(
      async () => {
        try {
          return { done: true, value: await read() };
        } catch (err) {
          if (!isTransient(err)) throw err;
          last = err;
          return { done: false, state: 'UNREACHABLE' };
        }
      },
      { timeoutMs: Math.max(1000, deadline - Date.now()), minDelayMs: 300, maxDelayMs: 5000 },
    );
  } catch (err) {
    if (!(err instanceof WaiterTimeout)) throw err;
    const why = last instanceof Error ? last.message : String(last);
    throw new ActionTimeoutError(`${what}: ITCare kept failing until the deadline (last: ${why})`, { cause: last });
  }
}

/** A mutation whose answer may not say what happened: no answer, or a 5xx after the server may have acted. */
export function maybeApplied(err: unknown): boolean {
  // A 429 or a token failure means it was never processed; any 5xx may come after the server acted.
  return err instanceof ServerError || err instanceof NetworkError;
}

/**
 * Looks again every `stepMs`, on the SDK's waiter, until `look` settles (what a create or an action
 * shows may take a moment to appear): `look` decides itself when it has seen enough, and the wait
 * can outlast it by no more than the operation's deadline.
 */
export function lookAgain<T>(
  stepMs: number,
  deadline: number,
  look: () => Promise<{ done: true; value: T } | { done: false }>,
): Promise<T> {
  return waitUntil<T>(look, { timeoutMs: Math.max(0, deadline - Date.now()) + 2 * stepMs, delayMs: () => stepMs });
}
