import type { ITCareClient, ResourceRef } from '../sdk/client';
import { ActionFailedError, ActionTimeoutError, ConflictError, NotFoundError, isTransient } from '../sdk/errors';
import type { ResourceClient } from '../sdk/resourceClient';
import { isRunning } from '../sdk/resources/action';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { WaiterTimeout, waitUntil } from '../sdk/waiter';
import { CreateJournal } from './createJournal';
import type { Model, Props } from './inputs';
import { OWNER_INPUT, ownedBy } from './owner';
import { lookAgain, maybeApplied, patiently } from './patiently';
import { CLOCK_SKEW_MS, CreateProvenance, type Provenance, undecided } from './provenance';
import type { ResourceKind } from './resourceKind';

export { maybeApplied, patiently } from './patiently';

/**
 * What the provider does when ITCare's answers are missing or ambiguous: a create whose answer was
 * lost, a 202 without an action id, a resource found by name. Each keeps the promise that nothing is
 * orphaned and nothing is created twice.
 */
export class Recovery {
  private readonly d: AnyResourceDescriptor;

  constructor(
    private readonly kind: ResourceKind,
    private readonly api: ITCareClient,
    private readonly res: ResourceClient<AnyResourceDescriptor>,
  ) {
    this.d = kind.d;
  }

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
    const name = this.kind.nameOf(inputs);
    return patiently(
      `looking up ${this.d.kind} ${name}`,
      async () => (await this.res.findByName(name, inputs.serviceId as number | undefined)) as Model[],
      deadline,
    );
  }

  /** The resource holding the name that carries this stack's marker for this resource, if any. */
  async ownHolder(inputs: Props, deadline: number): Promise<Model | undefined> {
    return (await this.holders(inputs, deadline)).find((h) => ownedBy(h, inputs));
  }

  /**
   * Which of `holders` is this create's (see provenance.ts): the one carrying our marker; without a
   * marker to read (inputs without one, a kind whose body has no tags, a model that does not echo
   * them), the evidence ITCare shows. A holder with another marker, or none, is never ours.
   */
  async recognise(inputs: Props, holders: Model[], since: number, deadline: number, label: string): Promise<Provenance> {
    const own = holders.find((h) => ownedBy(h, inputs));
    if (own) {
      this.assertAdoptable(inputs, own, label);
      return { verdict: 'ours', holder: own };
    }
    const markable = inputs[OWNER_INPUT] !== undefined && this.kind.owner.carriesMarker();
    const unreadable = markable ? holders.filter((h) => h.tags === undefined || h.tags === null) : holders;
    return unreadable.length
      ? new CreateProvenance(this.kind, this.api).of(inputs, unreadable, since, deadline, label)
      : { verdict: 'none' };
  }

  /**
   * True when the name's holder is a create of this resource that a crash left out of Pulumi's state,
   * as the create will find it: noted in the create journal, and recognised by its marker or by what
   * ITCare shows (provenance.ts). Evidence that cannot decide is said here, at preview.
   */
  async crashedCreate(inputs: Props): Promise<boolean> {
    const since = new CreateJournal(this.kind, this.api.options.url).pending(inputs);
    if (since === undefined) return false;
    const label = this.kind.label(inputs);
    const holders = (await this.res.findByName(this.kind.nameOf(inputs), inputs.serviceId as number | undefined)) as Props[];
    const found = await this.recognise(inputs, holders, since, Date.now() + 60_000, label);
    if (found.verdict === 'undecided') throw undecided(label, found);
    return found.verdict === 'ours';
  }

  /**
   * After a lost create answer (or a crash, `since` then being the create's note in the journal):
   * the resource it created, or undefined when it provably created none (nobody holds the name for
   * `windowMs`, or only others' resources hold it: a unique name then met a 409). When the evidence
   * cannot decide by the end of the window, this throws naming what settles it. Lookups ride out
   * transient faults until `deadline`; if ITCare cannot be searched until then, this throws: the
   * resource may exist, and the next `up` finds it by its marker or its journal note.
   */
  async createdSince(inputs: Props, since: number, deadline: number, label: string, windowMs = 10_000): Promise<Model | undefined> {
    const searchUntil = Math.min(deadline, Date.now() + windowMs);
    // A create may become visible a moment later: looked for every second until the window ends.
    return lookAgain<Model | undefined>(1000, deadline, async () => {
      const holders = await this.holders(inputs, deadline);
      const found = await this.recognise(inputs, holders, since, deadline, label);
      if (found.verdict === 'ours') return { done: true, value: found.holder };
      const over = Date.now() >= searchUntil;
      if (found.verdict === 'undecided' && over) throw undecided(label, found);
      // Names that are not unique (a snapshot's description) may be held by older ones: keep looking until the window ends.
      if (found.verdict === 'none' && ((holders.length && this.d.uniqueName) || over)) return { done: true, value: undefined };
      return { done: false };
    });
  }

  /**
   * After a mutation whose answer was lost: the action it started on the resource (not one of
   * `known`, submitted since `since` with a minute of skew), looked for a few seconds since an
   * action may show up late; undefined when there is none, i.e. the mutation was not applied.
   */
  async actionSince(
    id: string,
    name: string,
    since: number,
    known: Set<number>,
    deadline: number,
    windowMs = 3000,
  ): Promise<number | undefined> {
    const searchUntil = Math.min(deadline, Date.now() + windowMs);
    return lookAgain<number | undefined>(500, deadline, async () => {
      const actions = await patiently(
        `${this.d.kind} ${name}: reading its actions`,
        () => this.api.actions.forResource(this.ref(id, name), { since: new Date(since - CLOCK_SKEW_MS) }),
        deadline,
      );
      // A create action (of a resource created a moment ago) is never a stop, resize or delete.
      const fresh = actions.find((a) => !known.has(a.id) && !/^CREATE/.test(a.process ?? ''));
      if (fresh) return { done: true, value: fresh.id };
      return Date.now() >= searchUntil ? { done: true, value: undefined } : { done: false };
    });
  }

  /**
   * For a 202 that came without an action id: the newest action on the resource that is running (isRunning: as actions.running counts it) or
   * was submitted since `since` (a minute of clock skew allowed), so its outcome can be followed.
   */
  async recentActionId(id: string, name: string, since: number, deadline: number): Promise<number | undefined> {
    const actions = await patiently(
      `${this.d.kind} ${name}: reading its actions`,
      () => this.api.actions.forResource(this.ref(id, name)),
      deadline,
    );
    const recent = actions.filter((a) => isRunning(a) || (a.submittedAt?.getTime() ?? 0) >= since - CLOCK_SKEW_MS);
    return recent[0]?.id;
  }

  /** The id of the resource's create action, for a partial-failure record. */
  async createActionId(id: string, name: string): Promise<number | undefined> {
    const actions = await this.api.actions.forResource(this.ref(id, name));
    return actions.find((a) => /^CREATE/.test(a.process ?? ''))?.id;
  }

  /**
   * The id of the resource a create accepted without one (`since`: when it was sent), looked up
   * by name through transient faults and recognised as in createdSince; it must show up within 10 s.
   */
  async findId(inputs: Props, label: string, deadline: number, since: number): Promise<number | string> {
    const searchUntil = Math.min(deadline, Date.now() + 10_000);
    return lookAgain<number | string>(1000, deadline, async () => {
      const found = await this.recognise(inputs, await this.holders(inputs, deadline), since, deadline, label);
      // A unique name was free when ITCare accepted this create (its 202): the one holder that is not
      // provably someone else's is this create's, even where ITCare lists no create action for it.
      const accepted =
        found.verdict === 'undecided' && this.d.uniqueName && found.candidates.length === 1 ? found.candidates[0] : undefined;
      const holder = found.verdict === 'ours' ? found.holder : accepted;
      if (holder) return { done: true, value: this.d.id ? String(holder.id) : Number(holder.id) };
      if (Date.now() < searchUntil) return { done: false };
      if (found.verdict === 'undecided') throw undecided(label, found);
      throw new NotFoundError(
        `${label} was accepted by ITCare but cannot be found by name: no resource of that name shows a create since it was sent`,
      );
    });
  }

  /**
   * Adopting only makes sense when the existing resource is what the program declares: a create-only
   * field that differs would make the next `up` replace (destroy) what was just adopted.
   */
  assertAdoptable(inputs: Props, existing: Model, label: string): void {
    const refusal = this.kind.refusals.adoptionRefusal(inputs, existing, label);
    if (refusal) throw new ConflictError(refusal.reason);
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
      throw new ActionTimeoutError(
        `${this.d.kind} ${id} still ${err.lastState ?? 'busy'} at the deadline (ITCare gave no action id to follow)`,
      );
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
        if (status === this.d.statuses.failed)
          throw new ActionFailedError(`${this.d.kind} ${id} ended in ${status} (ITCare gave no action id to follow)`);
        const reached = !expect.gone && (expect.status === undefined || status === expect.status);
        return running.length === 0 && reached ? { done: true, value: undefined } : { done: false, state: status };
      },
      { timeoutMs: Math.max(1000, deadline - Date.now()), minDelayMs: 500, maxDelayMs: 10_000 },
    );
  }
}
