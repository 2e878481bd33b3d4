import { sizingOf } from '../sdk/actionDurations';
import type { ITCareClient } from '../sdk/client';
import { ActionFailedError, ConflictError, NotFoundError } from '../sdk/errors';
import type { Accepted, ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { DEFAULT_TIMEOUTS, type Model, type Props, type ProviderInput, durationMs } from './inputs';
import { CREATE_ACTION, DECLARED, DECLARED_INPUTS, defined } from './outputs';
import { progressReporter } from './progress';
import { CreateJournal } from './createJournal';
import { CreateSender } from './createSender';
import { CreateProvenance } from './provenance';
import { Recovery, patiently } from './recovery';
import type { ResourceKind } from './resourceKind';
import { withoutIgnored } from './resourceOptions';

/** Marks an action found after a lost answer (not named by ITCare's own answer to the mutation). */
const RECOVERED = Symbol('recovered');
function recovered(a: Accepted): boolean {
  return (a as Accepted & { [RECOVERED]?: boolean })[RECOVERED] === true;
}

/**
 * create / update / delete / read of one resource kind, every mutation waited for until its action
 * ends. Deadlines come from the `timeouts` input: the engine does not enforce customTimeouts for
 * dynamic resources.
 */
export class Lifecycle {
  private readonly d: AnyResourceDescriptor;
  private readonly res: ResourceClient<AnyResourceDescriptor>;
  private readonly recovery: Recovery;
  private readonly sender: CreateSender;

  constructor(
    private readonly kind: ResourceKind,
    private readonly api: ITCareClient,
    props: Props = {}, // the inputs: a child's client is under the parent they name
  ) {
    this.d = kind.d;
    this.res = kind.clientFor(api, props);
    this.recovery = new Recovery(kind, api, this.res);
    const journal = new CreateJournal(kind, api.options.url);
    this.sender = new CreateSender(kind, this.res, this.recovery, journal, new CreateProvenance(kind, api));
  }

  private label(props: Props): string {
    return this.kind.label(props);
  }

  private deadline(props: Props, which: 'create' | 'update' | 'delete'): number {
    const t = (props as ProviderInput).timeouts;
    return Date.now() + durationMs(t?.[which], DEFAULT_TIMEOUTS[which]);
  }

  /** Waits for an accepted mutation to end: its action, or the resource itself when there is no action id. */
  private async wait(
    props: Props,
    id: string | undefined,
    accepted: Accepted,
    expect: { status?: string; gone?: boolean },
    deadline: number,
    since = Date.now(),
  ): Promise<void> {
    const actionId =
      accepted.actionId ??
      (id !== undefined ? await this.recovery.recentActionId(id, this.kind.nameOf(props), since, deadline) : undefined);
    if (actionId !== undefined) {
      await this.api.waitForAction(actionId, {
        timeout: Math.max(1000, deadline - Date.now()),
        sizing: sizingOf(props),
        onProgress: progressReporter(this.label(props)),
      });
    } else if (id !== undefined) {
      await this.recovery.untilSettled(id, this.kind.nameOf(props), expect, deadline);
    }
  }

  /** An action already running on this resource (a crash mid-way, a console user): wait for it first. */
  private async settle(props: Props, model: Model, deadline: number): Promise<Model> {
    const ref = { id: String(model.id), name: this.kind.nameOf({ ...props, ...model }), type: this.d.resourceType };
    const running = await patiently(`${this.label(props)}: reading its running actions`, () => this.api.actions.running(ref), deadline);
    for (const action of running) await this.wait(props, String(model.id), { actionId: action.id } as Accepted, {}, deadline);
    return running.length ? this.model(props, model.id, deadline) : model;
  }

  /** GET of the resource through transient faults. */
  private async model(props: Props, id: unknown, deadline: number): Promise<Model> {
    return (await patiently(`${this.label(props)}: reading resource ${String(id)}`, () => this.res.get(String(id)), deadline)) as Model;
  }

  /**
   * Sends one mutation. When its answer is lost (see Recovery.lostAnswer), the resource's actions
   * say whether it was applied: the action it started is returned to be waited for; none means it
   * was not applied and undefined is returned, for the caller to read the resource and plan again
   * (never a blind resend). `known`: actions already followed, which cannot be this one's.
   */
  private async mutate(
    props: Props,
    id: string,
    send: () => Promise<Accepted>,
    known: Set<number>,
    deadline: number,
  ): Promise<Accepted | undefined> {
    const sentAt = Date.now();
    try {
      const accepted = await send();
      if (accepted.actionId !== undefined) known.add(accepted.actionId);
      return accepted;
    } catch (err) {
      if (!Recovery.lostAnswer(err)) throw err;
      const actionId = await this.recovery.actionSince(id, this.kind.nameOf(props), sentAt, known, deadline);
      const said = err instanceof Error ? err.message : String(err);
      if (actionId === undefined) {
        process.stderr.write(`itcare: ${this.label(props)}: not applied (${said}); reading it again\n`);
        return undefined;
      }
      process.stderr.write(
        `itcare: ${this.label(props)}: the answer was lost (${said}) but ITCare started action ${actionId}; following it\n`,
      );
      known.add(actionId);
      return { actionId, [RECOVERED]: true } as Accepted;
    }
  }

  /**
   * `replacing`: this create is a replacement (`id`: of the resource it replaces, when diff said):
   * the user asked for a new resource, so `adopt` does not apply, and the resource it replaces is
   * never taken for a create of ours (it carries the same marker).
   */
  async create(inputs: Props, replacing?: { id?: string }): Promise<{ id: string; outs: Props; took?: true }> {
    const deadline = this.deadline(inputs, 'create');
    const label = this.label(inputs);
    if (inputs.adopt && !replacing) {
      const [existing] = await this.recovery.holders(inputs, deadline);
      if (existing) {
        this.recovery.assertAdoptable(inputs, existing, label);
        process.stderr.write(`itcare: ${label}: adopting existing resource ${String(existing.id)} (status ${String(existing.status)})\n`);
        return { ...(await this.settled(inputs, this.converge(String(existing.id), inputs, existing, deadline))), took: true };
      }
    }
    const sent = await this.sender.send(inputs, deadline, label, replacing?.id);
    if (sent === 'recreate') return this.create(inputs, replacing);
    const { accepted, postedAt } = sent;
    let id = sent.id;
    try {
      id ??= await this.recovery.findId(inputs, label, deadline, postedAt);
      await this.wait(inputs, String(id), accepted, { status: this.d.statuses.created }, deadline, postedAt);
      const done = await this.settled(inputs, this.converge(String(id), inputs, await this.model(inputs, id, deadline), deadline));
      return sent.took ? { ...done, took: true } : done;
    } catch (err) {
      // ITCare accepted the create: whatever failed after it, the resource exists. Record it in state
      // (Pulumi's partial-failure object) so it is never orphaned; the create's action id lets the
      // next diff tell a failed create (replace it) from an unfinished one (wait for it). Should even
      // this fail, the marker or the journal's note lets the next `up` recognise it.
      // Evidence that could not decide (a ConflictError naming what settles it) is not asked again.
      if (!(err instanceof ConflictError))
        id ??= await this.recovery.findId(inputs, label, Date.now() + 10_000, postedAt).catch(() => undefined);
      if (id === undefined) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const model = (await this.res.get(id).catch(() => ({ id, status: 'UNKNOWN' }))) as Model;
      const createAction =
        accepted.actionId ?? (await this.recovery.createActionId(String(id), this.kind.nameOf(inputs)).catch(() => undefined));
      const properties = defined({
        ...this.kind.outputs.buildOutputs(inputs, model),
        [CREATE_ACTION]: createAction,
        __provider: inputs.__provider,
      });
      this.sender.settled(inputs, String(id)); // in state from here
      throw { message, id: String(id), properties, reasons: [message] };
    }
  }

  /** The create's result goes to Pulumi's state: the journal's note of it is no longer needed. */
  private async settled<T extends { id: string }>(inputs: Props, done: Promise<T>): Promise<T> {
    const result = await done;
    this.sender.settled(inputs, result.id);
    return result;
  }

  /**
   * Brings an existing resource to the inputs (power state, in-place changes, the ownership marker)
   * and reads it back. One operation at a time, planned against what ITCare shows after the previous
   * one: an operation whose answer was lost and that was not applied is planned again.
   */
  private async converge(
    id: string,
    inputs: Props,
    model: Model,
    deadline: number,
    declared?: Props,
    previousTags?: unknown,
  ): Promise<{ id: string; outs: Props }> {
    let current = await this.settle(inputs, model, deadline);
    const known = new Set<number>();
    // Fields under ignoreChanges stay as ITCare has them, on an update as on an adopt (resourceOptions.ts).
    const desired = withoutIgnored(inputs);
    const rounds = 2 * this.kind.plan.operations(this.kind.owner.desiredWithOwner(desired, current, previousTags), current).length + 2;
    for (let round = 0; ; round++) {
      if (current.status === this.d.statuses.failed) {
        // No operation repairs a resource ITCare marked failed; succeeding here would hide it.
        throw new ActionFailedError(
          `${this.label(inputs)}: resource ${id} is in ${this.d.statuses.failed} in ITCare and cannot be brought to the declared state in place`,
        );
      }
      const [step] = this.kind.plan.operations(this.kind.owner.desiredWithOwner(desired, current, previousTags), current);
      if (!step) break;
      if (round >= rounds) {
        // Every operation was sent and waited for, yet ITCare does not show the result: never report that as done.
        throw new ActionFailedError(
          `${this.label(inputs)}: resource ${id} still differs from the program after ${rounds} operations (next: ${step.operation})`,
        );
      }
      const sentAt = Date.now();
      const send = () =>
        this.res.operate(id, step.operation, step.options).catch((err: unknown) => {
          throw this.kind.refusals.refusedOperation(inputs, step, err);
        });
      const accepted = await this.mutate(inputs, id, send, known, deadline);
      if (accepted) await this.wait(inputs, id, accepted, { status: this.d.operations[step.operation].to }, deadline, sentAt);
      current = await this.settle(inputs, await this.model(inputs, id, deadline), deadline);
    }
    return { id, outs: this.kind.outputs.buildOutputs(inputs, current, declared) };
  }

  /** `previous`: the old outputs; what they declared for create-only fields the news omit is kept. */
  async update(id: string, news: Props, previous: Props = {}): Promise<{ outs: Props }> {
    const deadline = this.deadline(news, 'update');
    const declared = { ...((previous[DECLARED] as Props | undefined) ?? {}), ...this.kind.outputs.pickDeclared(news) };
    const { outs } = await this.converge(id, news, await this.model(news, id, deadline), deadline, declared, previous.tags);
    return { outs };
  }

  /**
   * Stops the resource if ITCare deletes only stopped ones, then deletes it. A step whose answer was
   * lost and that was not applied is planned again from what ITCare shows (a few rounds at most).
   */
  async delete(id: string, props: Props): Promise<void> {
    const deadline = this.deadline(props, 'delete');
    const ownPath = this.res.itemPath(id);
    const known = new Set<number>();
    try {
      for (let round = 0; round < 8; round++) {
        const model = await this.settle(props, await this.model(props, id, deadline), deadline);
        if (model.status === this.d.statuses.deleting) {
          await this.recovery.untilSettled(id, this.kind.nameOf({ ...props, ...model }), { gone: true }, deadline);
          return;
        }
        const allowed = this.d.deletableFrom;
        const sentAt = Date.now();
        if (allowed && !allowed.includes(String(model.status)) && this.d.power && model.status === this.d.power.running.status) {
          // ITCare deletes only stopped instances: stop first, as a user would in the console.
          const stop = await this.mutate(props, id, () => this.res.operate(id, this.d.power!.stopped.operation, {}), known, deadline);
          if (!stop) continue; // not applied: read it again
          await this.wait(props, id, stop, { status: this.d.power.stopped.status }, deadline, sentAt);
          // An action found after a lost answer may have been another one: read the instance again.
          if (recovered(stop)) continue;
          // Otherwise the DELETE follows the poll that saw the stop succeed, with no re-read in
          // between: that SUCCESS is what makes it deletable, and a refusal would still be ITCare's answer.
        }
        const deleteAt = Date.now();
        const accepted = await this.mutate(
          props,
          id,
          () => this.res.delete(id, { changeReference: props.changeReference as string | undefined }),
          known,
          deadline,
        );
        // Done only when ITCare says the resource is gone (its 404, next round): an action found
        // after a lost answer may have been another one (a resize a moment before).
        if (accepted) await this.wait(props, id, accepted, { gone: true }, deadline, deleteAt);
      }
      throw new ActionFailedError(`${this.label(props)}: resource ${id} could not be deleted: ITCare kept losing the answers`);
    } catch (err) {
      // Gone is the goal of a delete, but only the resource's own 404 says so (not an action's).
      if (err instanceof NotFoundError && err.path === ownPath) return;
      throw err;
    }
  }

  async read(id: string, props: Props): Promise<{ id: string; props: Props } | { id: '' }> {
    try {
      const model = await this.model(props, id, Date.now() + 120_000); // a refresh waits out faults, not forever
      if (this.d.gone?.(model, new Date())) return { id: '' }; // listed still, but gone for a program (an expired snapshot)
      // props hold the server's values of create-only fields: what was declared is in DECLARED.
      const declared = (props[DECLARED] as Props | undefined) ?? this.kind.outputs.pickDeclared(props);
      // A refresh does not settle a failed or unfinished create: the marker stays for the next diff.
      // props are the old outputs: the declared input fields are the list they carry (none in older states).
      const declaredInputs = Array.isArray(props[DECLARED_INPUTS]) ? (props[DECLARED_INPUTS] as string[]) : null;
      return {
        id,
        props: defined({
          ...this.kind.outputs.buildOutputs(props, model, declared, declaredInputs),
          [CREATE_ACTION]: props[CREATE_ACTION],
        }),
      };
    } catch (err) {
      if (err instanceof NotFoundError) return { id: '' }; // deleted out of band: refresh drops it
      throw err;
    }
  }
}
