import type { ITCareClient, ResourceRef } from '../sdk/client';
import { ActionFailedError, ActionTimeoutError, ConflictError, NetworkError, NotFoundError, ServerError } from '../sdk/errors';
import type { ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { WaiterTimeout, waitUntil } from '../sdk/waiter';
import { sameValue } from './inputs';

type Props = Record<string, unknown>;
type Model = Record<string, unknown>;

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

  /** The answer to a create is lost when the connection broke, or a gateway answered 502/504. */
  static lostAnswer(err: unknown): boolean {
    return err instanceof NetworkError || (err instanceof ServerError && (err.httpStatus === 502 || err.httpStatus === 504));
  }

  /** Looks a resource up by name for a short while: a create may become visible a moment later. */
  async findCreated(inputs: Props, windowMs = 10_000): Promise<Model | undefined> {
    try {
      return await waitUntil(
        async () => {
          const [found] = await this.res.findByName(String(inputs.name), inputs.serviceId as number | undefined);
          return found ? { done: true, value: found as Model } : { done: false };
        },
        { timeoutMs: windowMs, minDelayMs: 500, maxDelayMs: 2000 },
      );
    } catch (err) {
      if (err instanceof WaiterTimeout) return undefined;
      throw err;
    }
  }

  /**
   * After a lost answer: the resource of that name, provided its create action was submitted since
   * `since` (with a minute of clock skew) and it matches the program; else nobody can tell it is ours.
   */
  async createdSince(inputs: Props, since: number, label: string): Promise<Model | undefined> {
    const found = await this.findCreated(inputs).catch(() => undefined);
    if (!found) return undefined;
    const actions = await this.api.actions.forResource(this.ref(String(found.id), String(inputs.name)), { since: new Date(since - 60_000) }).catch(() => []);
    const ours = actions.some((a) => /^CREATE/.test(a.process ?? ''));
    if (!ours) return undefined;
    this.assertAdoptable(inputs, found, label);
    return found;
  }

  /**
   * For a 202 that came without an action id: the newest action on the resource that is running or
   * was submitted since `since` (a minute of clock skew allowed), so its outcome can be followed.
   */
  async recentActionId(id: string, name: string, since: number): Promise<number | undefined> {
    const actions = await this.api.actions.forResource(this.ref(id, name)).catch(() => []);
    const recent = actions.filter((a) => a.status === 'IN_PROGRESS' || (a.submittedAt?.getTime() ?? 0) >= since - 60_000);
    return recent[0]?.id;
  }

  /** The id of the resource's create action, for a partial-failure record. */
  async createActionId(id: string, name: string): Promise<number | undefined> {
    const actions = await this.api.actions.forResource(this.ref(id, name));
    return actions.find((a) => /^CREATE/.test(a.process ?? ''))?.id;
  }

  async findId(inputs: Props, label: string): Promise<number> {
    const found = await this.findCreated(inputs);
    if (!found) throw new NotFoundError(`${label} was accepted by ITCare but cannot be found by name`);
    return Number(found.id);
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
        const running = await this.api.actions.running(this.ref(id, name));
        let status: string;
        try {
          status = String((await this.res.get(id)).status);
        } catch (err) {
          if (err instanceof NotFoundError && expect.gone) return { done: true, value: undefined };
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
