import type { z } from 'zod';
import type { ActionProgress } from './actions';
import type { ApiRequester } from './requester';
import { ActionFailedError, ActionTimeoutError, type ITCareError, InvalidResponseError, NotFoundError, isTransient } from './errors';
import type { Accepted } from './resourceClient';
import { type AnyResourceDescriptor, nameFieldOf } from './resources/descriptor';
import { WaiterTimeout, waitUntil } from './waiter';

/**
 * The resource of an accepted create, whichever way the server answered. The 202 body's fields are
 * INFERRED (`resourceId` is the emulator's; a real server may send only the action, or nothing), so:
 * the action, when the 202 names one, is waited for; the resource is read by `resourceId` when there
 * is one, else found by exact name and service. Every answer is checked here before it is trusted:
 * the name and service must be the create's, and the resource must have been created for this
 * request where the model tells (creationTime not before the request, give or take CLOCK_SKEW_MS).
 */

export interface CreateWaitOptions {
  /** Deadline for the whole wait (ms); default 30 minutes (VM provisioning is slow). */
  timeout?: number;
  signal?: AbortSignal;
  /** Progress of the create's action, when the 202 names it. */
  onProgress?: (p: ActionProgress) => void;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** How far the server's clock may be behind ours before "created before this request" is believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;

type Item = { id: number | string; name: string; serviceId: number; status: string; creationTime?: Date | null; [field: string]: unknown };
export interface CreatedLookup {
  descriptor: AnyResourceDescriptor;
  get(id: number | string, signal?: AbortSignal): Promise<unknown>;
  findByName(name: string, serviceId?: number, signal?: AbortSignal): Promise<unknown[]>;
}

export async function resolveCreated<M extends z.ZodType>(
  res: CreatedLookup,
  api: Pick<ApiRequester, 'waitForAction'>,
  accepted: Accepted,
  /** The create's name (its nameField's value) and, for a resource of a service, its service. */
  body: { name: string; serviceId?: number },
  requestedAt: number,
  opts: CreateWaitOptions = {},
): Promise<z.output<M>> {
  const d = res.descriptor;
  const what = `${d.kind} ${body.name}${body.serviceId !== undefined ? ` (service ${body.serviceId})` : ''}`;
  const nameOf = (item: Item) => item[nameFieldOf(d)];
  const deadline = Date.now() + (opts.timeout ?? 30 * 60_000);
  let actionSucceeded = false;
  if (accepted.actionId !== undefined) {
    const action = await api.waitForAction(accepted.actionId, { ...opts, timeout: Math.max(1, deadline - Date.now()) });
    const named = [action.resourceName ?? body.name, action.resourceType ?? d.resourceType];
    if (named[0] !== body.name || named[1] !== d.resourceType) {
      throw new InvalidResponseError(
        `ITCare answered the create of ${what} with action ${action.id}, which is about ${named.join(' ')}: not this create`,
        { actionId: action.id },
      );
    }
    actionSucceeded = true;
  }

  const check = (item: Item): Item => {
    if (nameOf(item) !== body.name || (body.serviceId !== undefined && item.serviceId !== body.serviceId)) {
      throw new InvalidResponseError(
        `ITCare answered the create of ${what} with ${d.kind} ${item.id} named ${String(nameOf(item))} in service ${item.serviceId}: not this create`,
      );
    }
    if (item.creationTime && item.creationTime.getTime() < requestedAt - CLOCK_SKEW_MS) {
      throw new InvalidResponseError(
        `${d.kind} ${item.id} named ${body.name} was created at ${item.creationTime.toISOString()}, before this create: it is not the one this create made`,
      );
    }
    return item;
  };
  const lookup = async (): Promise<Item | undefined> => {
    if (accepted.resourceId !== undefined) {
      // A 404 right after the 202 may be a read lagging behind the create: polled again.
      const item = await res
        .get(accepted.resourceId, opts.signal)
        .catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e)));
      return item === undefined ? undefined : check(item as Item);
    }
    const found = ((await res.findByName(body.name, body.serviceId, opts.signal)) as Item[]).filter(
      (i) => !i.creationTime || i.creationTime.getTime() >= requestedAt - CLOCK_SKEW_MS,
    );
    if (found.length > 1)
      throw new InvalidResponseError(
        `${found.length} ${d.kind}s named ${body.name} in service ${body.serviceId} (ids ${found.map((i) => i.id).join(', ')}): cannot tell which this create made`,
      );
    return found[0] && check(found[0]);
  };

  let lastError: ITCareError | undefined;
  try {
    return (await waitUntil(
      async () => {
        let item: Item | undefined;
        try {
          item = await lookup();
        } catch (err) {
          if (!isTransient(err)) throw err;
          lastError = err as ITCareError;
          return { done: false, state: 'UNREACHABLE' };
        }
        // Not visible yet (a list may lag behind the create), or still being created without an action to follow.
        if (!item) return { done: false, state: 'NOT_FOUND' };
        if (item.status === d.statuses.failed) {
          throw new ActionFailedError(`ITCare could not create ${what}: ${d.kind} ${item.id} is ${item.status}`, {
            actionId: accepted.actionId,
          });
        }
        // Without an action to follow, only the created status says done: a status this client does not
        // know (DEPLOYING, PENDING) is a create still under way, not a finished one.
        if (item.status !== d.statuses.created && !actionSucceeded) return { done: false, state: item.status };
        return { done: true, value: item };
      },
      {
        timeoutMs: Math.max(1, deadline - Date.now()),
        signal: opts.signal,
        minDelayMs: opts.minDelayMs ?? 500,
        maxDelayMs: opts.maxDelayMs ?? 10_000,
      },
    )) as z.output<M>;
  } catch (err) {
    if (!(err instanceof WaiterTimeout)) throw err;
    throw new ActionTimeoutError(`ITCare create of ${what} still ${err.lastState ?? 'pending'} at the deadline (it may still complete)`, {
      actionId: accepted.actionId,
      cause: lastError,
    });
  }
}
