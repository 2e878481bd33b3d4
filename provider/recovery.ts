import type { ITCareClient, ResourceRef } from '../sdk/client';
import { ActionFailedError, ActionTimeoutError, ConflictError, NetworkError, NotFoundError, ServerError, isTransient } from '../sdk/errors';
import type { ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { WaiterTimeout, waitUntil } from '../sdk/waiter';
import { nameOf, sameValue } from './inputs';
import { OWNER_INPUT, carriesMarker, ownedBy } from './owner';

type Props = Record<string, unknown>;
type Model = Record<string, unknown>;

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
 * What the provider does when ITCare's answers are missing or ambiguous: a create whose answer was
 * lost, a 202 without an action id, a resource found by name. Each keeps the promise that nothing is
 * orphaned and nothing is created twice.
 */
export class Recovery {
  constructor(
    private readonly d: AnyResourceDescriptor,
    private readonly api: ITCareClient,
    private readonly res: ResourceClient<AnyResourceDescriptor>,
  ) {}

  /** How actions name a resource (checked client-side by actions.forResource). */
  private ref(id: string, name: string): ResourceRef {
    return { id, name, type: this.d.resourceType };
  }

  /**
   * The answer to a mutation does not say whether it was applied: the connection broke, or a 5xx
   * (a 500 or 503 as much as a gateway's 502/504) may have come after the server acted.
   */
  static lostAnswer(err: unknown): boolean {
    return maybeApplied(err);
  }

  /** Resources holding the name of `inputs` in its service, read through transient faults. */
  holders(inputs: Props, deadline: number): Promise<Model[]> {
    const name = nameOf(this.d, inputs);
    return patiently(`looking up ${this.d.kind} ${name}`, async () => (await this.res.findByName(name, inputs.serviceId as number | undefined)) as Model[], deadline);
  }

  /** The resource holding the name that carries this stack's marker for this resource, if any. */
  async ownHolder(inputs: Props, deadline: number): Promise<Model | undefined> {
    return (await this.holders(inputs, deadline)).find((h) => ownedBy(h, inputs));
  }

  /**
   * After a lost create answer: the resource it created, or undefined when it provably created none
   * (nobody holds the name for `windowMs`, or another resource holds it: the POST met a 409). Ours is
   * the holder carrying our marker; for inputs without one, the holder whose create action started
   * since `since` (a minute of clock skew). Lookups ride out transient faults until `deadline`; if
   * ITCare cannot be searched until then, this throws: the resource may exist, and the next `up`
   * adopts it by its marker (a POST of the same name meets 409, then the marker says it is ours).
   */
  async createdSince(inputs: Props, since: number, deadline: number, label: string, windowMs = 10_000): Promise<Model | undefined> {
    const searchUntil = Math.min(deadline, Date.now() + windowMs);
    for (;;) {
      const holders = await this.holders(inputs, deadline);
      const own = holders.find((h) => ownedBy(h, inputs));
      if (own) {
        this.assertAdoptable(inputs, own, label);
        return own;
      }
      // Without a marker to recognise it by (no marker in the inputs, or a resource whose body has no
      // tags: a load balancer, a snapshot, a database), ours is the holder whose create started since.
      if ((inputs[OWNER_INPUT] === undefined || !carriesMarker(this.d)) && holders.length) {
        const fresh = await this.createdBy(holders, inputs, since, deadline, label);
        if (fresh) return fresh;
        // A unique name held by another: the POST met a 409. Names that are not unique (a snapshot's
        // description) may be held by older ones: keep looking for this create until the window ends.
        if (this.d.uniqueName) return undefined;
      }
      if ((holders.length && this.d.uniqueName) || Date.now() >= searchUntil) return undefined;
      await new Promise((r) => setTimeout(r, 1000)); // a create may become visible a moment later
    }
  }

  /**
   * Of `holders`, the one whose create action started since `since` (a minute of clock skew), the
   * newest when several did: names that are not unique (a snapshot's description) may be held by
   * one created a moment before this create.
   */
  private async createdBy(holders: Model[], inputs: Props, since: number, deadline: number, label: string): Promise<Model | undefined> {
    let best: { holder: Model; actionId: number } | undefined;
    for (const h of holders) {
      const ref = this.ref(String(h.id), nameOf(this.d, inputs));
      const actions = await patiently(`${label}: reading the actions of ${String(h.id)}`, () => this.api.actions.forResource(ref, { since: new Date(since - 60_000) }), deadline);
      const create = actions.find((a) => /^CREATE/.test(a.process ?? ''));
      if (create && (!best || create.id > best.actionId)) best = { holder: h, actionId: create.id };
    }
    if (best) this.assertAdoptable(inputs, best.holder, label);
    return best?.holder;
  }

  /**
   * After a mutation whose answer was lost: the action it started on the resource (not one of
   * `known`, submitted since `since` with a minute of skew), looked for a few seconds since an
   * action may show up late; undefined when there is none, i.e. the mutation was not applied.
   */
  async actionSince(id: string, name: string, since: number, known: Set<number>, deadline: number, windowMs = 3000): Promise<number | undefined> {
    const searchUntil = Math.min(deadline, Date.now() + windowMs);
    for (;;) {
      const actions = await patiently(`${this.d.kind} ${name}: reading its actions`, () => this.api.actions.forResource(this.ref(id, name), { since: new Date(since - 60_000) }), deadline);
      // A create action (of a resource created a moment ago) is never a stop, resize or delete.
      const fresh = actions.find((a) => !known.has(a.id) && !/^CREATE/.test(a.process ?? ''));
      if (fresh) return fresh.id;
      if (Date.now() >= searchUntil) return undefined;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /**
   * For a 202 that came without an action id: the newest action on the resource that is running or
   * was submitted since `since` (a minute of clock skew allowed), so its outcome can be followed.
   */
  async recentActionId(id: string, name: string, since: number, deadline: number): Promise<number | undefined> {
    const actions = await patiently(`${this.d.kind} ${name}: reading its actions`, () => this.api.actions.forResource(this.ref(id, name)), deadline);
    const recent = actions.filter((a) => a.status === 'IN_PROGRESS' || (a.submittedAt?.getTime() ?? 0) >= since - 60_000);
    return recent[0]?.id;
  }

  /** The id of the resource's create action, for a partial-failure record. */
  async createActionId(id: string, name: string): Promise<number | undefined> {
    const actions = await this.api.actions.forResource(this.ref(id, name));
    return actions.find((a) => /^CREATE/.test(a.process ?? ''))?.id;
  }

  /** The id of the resource created under this name, looked up through transient faults. */
  async findId(inputs: Props, label: string, deadline: number): Promise<number | string> {
    const searchUntil = Math.min(deadline, Date.now() + 10_000);
    for (;;) {
      const holders = await this.holders(inputs, deadline);
      const found = holders.find((h) => ownedBy(h, inputs)) ?? (inputs[OWNER_INPUT] === undefined ? holders[0] : undefined);
      if (found) return this.d.id ? String(found.id) : Number(found.id);
      if (Date.now() >= searchUntil) throw new NotFoundError(`${label} was accepted by ITCare but cannot be found by name`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /**
   * Adopting only makes sense when the existing resource is what the program declares: a create-only
   * field that differs would make the next `up` replace (destroy) what was just adopted.
   */
  assertAdoptable(inputs: Props, existing: Model, label: string): void {
    const differing = this.d.createOnly.filter(
      (f: string) => inputs[f] !== undefined && existing[f] !== undefined && existing[f] !== null && !sameValue(inputs[f], existing[f]),
    );
    if (!differing.length) return;
    const what = differing.map((f: string) => `${f} is ${JSON.stringify(existing[f])} in ITCare but ${JSON.stringify(inputs[f])} in the program`).join('; ');
    throw new ConflictError(`${label}: cannot adopt resource ${String(existing.id)}: ${what}. Align the program with it, or remove \`adopt\` and choose another name.`);
  }

  /**
   * A 202 without an action id (the body may be empty): follow the resource itself until no action
   * runs on it and it reached `expect` (a status, or gone for a delete).
   */
  async untilSettled(id: string, name: string, expect: { status?: string; gone?: boolean }, deadline: number): Promise<void> {
    try {
      await this.settleLoop(id, name, expect, deadline);
    } catch (err) {
      if (!(err instanceof WaiterTimeout)) throw err;
      throw new ActionTimeoutError(`${this.d.kind} ${id} still ${err.lastState ?? 'busy'} at the deadline (ITCare gave no action id to follow)`);
    }
  }

  private async settleLoop(id: string, name: string, expect: { status?: string; gone?: boolean }, deadline: number): Promise<void> {
    await waitUntil(
      async () => {
        let running: unknown[];
        let status: string;
        try {
          running = await this.api.actions.running(this.ref(id, name));
          status = String((await this.res.get(id)).status);
        } catch (err) {
          if (err instanceof NotFoundError && err.path === this.res.itemPath(id) && expect.gone) return { done: true, value: undefined };
          if (isTransient(err)) return { done: false, state: 'UNREACHABLE' }; // polled again
          throw err;
        }
        if (status === this.d.statuses.failed) throw new ActionFailedError(`${this.d.kind} ${id} ended in ${status} (ITCare gave no action id to follow)`);
        const reached = !expect.gone && (expect.status === undefined || status === expect.status);
        return running.length === 0 && reached ? { done: true, value: undefined } : { done: false, state: status };
      },
      { timeoutMs: Math.max(1000, deadline - Date.now()), minDelayMs: 500, maxDelayMs: 10_000 },
    );
  }
}
