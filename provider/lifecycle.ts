import type { ITCareClient } from '../sdk/client';
import { ActionFailedError, NotFoundError } from '../sdk/errors';
import { type Accepted, ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { DEFAULT_TIMEOUTS, createBody, durationMs } from './inputs';
import { CREATE_ACTION, DECLARED, buildOutputs, defined, pickDeclared } from './outputs';
import { planOperations } from './plan';
import { progressReporter } from './progress';
import { Recovery } from './recovery';
import { refusedOperation } from './refusals';

type Props = Record<string, unknown>;
type Model = Record<string, unknown>;

/**
 * create / update / delete / read of one resource kind, every mutation waited for until its action
 * ends. Deadlines come from the `timeouts` input: the engine does not enforce customTimeouts for
 * dynamic resources.
 */
export class Lifecycle {
  private readonly res: ResourceClient<AnyResourceDescriptor>;
  private readonly recovery: Recovery;

  constructor(
    private readonly d: AnyResourceDescriptor,
    private readonly api: ITCareClient,
  ) {
    this.res = new ResourceClient(d, api);
    this.recovery = new Recovery(d, api, this.res);
  }

  private label(props: Props): string {
    return `${this.d.module}.${this.d.kind} ${String(props.name ?? '?')}`;
  }

  private deadline(props: Props, which: 'create' | 'update' | 'delete'): number {
    const t = props.timeouts as Record<string, string | number> | undefined;
    return Date.now() + durationMs(t?.[which], DEFAULT_TIMEOUTS[which]);
  }

  /** Waits for an accepted mutation to end: its action, or the resource itself when there is no action id. */
  private async wait(props: Props, id: string | undefined, accepted: Accepted, expect: { status?: string; gone?: boolean }, deadline: number, since = Date.now()): Promise<void> {
    const actionId = accepted.actionId ?? (id !== undefined ? await this.recovery.recentActionId(id, String(props.name), since) : undefined);
    if (actionId !== undefined) {
      await this.api.waitForAction(actionId, { timeout: Math.max(1000, deadline - Date.now()), onProgress: progressReporter(this.label(props)) });
    } else if (id !== undefined) {
      await this.recovery.untilSettled(id, String(props.name), expect, deadline);
    }
  }

  /** An action already running on this resource (a crash mid-way, a console user): wait for it first. */
  private async settle(props: Props, model: Model, deadline: number): Promise<Model> {
    const running = await this.api.actions.running({ id: String(model.id), name: String(model.name ?? props.name), type: this.d.resourceType });
    for (const action of running) await this.wait(props, String(model.id), { actionId: action.id } as Accepted, {}, deadline);
    return running.length ? ((await this.res.get(Number(model.id))) as Model) : model;
  }

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const deadline = this.deadline(inputs, 'create');
    if (inputs.adopt) {
      const [existing] = await this.res.findByName(String(inputs.name), inputs.serviceId as number | undefined);
      if (existing) {
        this.recovery.assertAdoptable(inputs, existing as Model, this.label(inputs));
        process.stderr.write(`itcare: ${this.label(inputs)}: adopting existing resource ${existing.id} (status ${existing.status})\n`);
        return this.converge(String(existing.id), inputs, existing as Model, deadline);
      }
    }
    const postedAt = Date.now();
    let accepted: Accepted;
    let id: number | undefined;
    try {
      accepted = await this.res.create(createBody(this.d, inputs));
      id = accepted.resourceId;
    } catch (err) {
      // A create is never sent twice. If its answer was lost, a resource of that name whose create
      // action started since this POST (and matches the program) is the one it created.
      const created = Recovery.lostAnswer(err) ? await this.recovery.createdSince(inputs, postedAt, this.label(inputs)) : undefined;
      if (!created) throw err;
      process.stderr.write(`itcare: ${this.label(inputs)}: the answer to the create was lost; found resource ${created.id} it created\n`);
      accepted = {} as Accepted;
      id = Number(created.id);
    }
    try {
      id ??= await this.recovery.findId(inputs, this.label(inputs));
      await this.wait(inputs, String(id), accepted, { status: this.d.statuses.created }, deadline, postedAt);
      return await this.converge(String(id), inputs, (await this.res.get(id)) as Model, deadline);
    } catch (err) {
      // ITCare accepted the create: whatever failed after it, the resource exists. Record it in state
      // (Pulumi's partial-failure object) so it is never orphaned; the create's action id lets the
      // next diff tell a failed create (replace it) from an unfinished one (wait for it).
      id ??= await this.recovery.findId(inputs, this.label(inputs)).catch(() => undefined);
      if (id === undefined) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const model = (await this.res.get(id).catch(() => ({ id, status: 'UNKNOWN' }))) as Model;
      const createAction = accepted.actionId ?? (await this.recovery.createActionId(String(id), String(inputs.name)).catch(() => undefined));
      const properties = defined({ ...buildOutputs(this.d, inputs, model), [CREATE_ACTION]: createAction, __provider: inputs.__provider });
      throw { message, id: String(id), properties, reasons: [message] };
    }
  }

  /** Brings an existing resource to the inputs (power state, in-place changes) and reads it back. */
  private async converge(id: string, inputs: Props, model: Model, deadline: number, declared?: Props): Promise<{ id: string; outs: Props }> {
    let current = await this.settle(inputs, model, deadline);
    if (current.status === this.d.statuses.failed) {
      // No operation repairs a resource ITCare marked failed; succeeding here would hide it.
      throw new ActionFailedError(`${this.label(inputs)}: resource ${id} is in ${this.d.statuses.failed} in ITCare and cannot be brought to the declared state in place`);
    }
    for (const step of planOperations(this.d, inputs, current)) {
      const sentAt = Date.now();
      const accepted = await this.res.operate(id, step.operation, step.options).catch((err: unknown) => { throw refusedOperation(this.d, inputs, step, err); });
      await this.wait(inputs, id, accepted, { status: this.d.operations[step.operation].to }, deadline, sentAt);
      current = (await this.res.get(id)) as Model;
    }
    const left = planOperations(this.d, inputs, current);
    if (left.length) {
      // Every operation was accepted and waited for, yet ITCare does not show the result: never report that as done.
      throw new ActionFailedError(`${this.label(inputs)}: resource ${id} still differs from the program after ${left.map((p) => p.operation).join(', ')}`);
    }
    return { id, outs: buildOutputs(this.d, inputs, current, declared) };
  }

  /** `previous`: the old outputs; what they declared for create-only fields the news omit is kept. */
  async update(id: string, news: Props, previous: Props = {}): Promise<{ outs: Props }> {
    const declared = { ...((previous[DECLARED] as Props | undefined) ?? {}), ...pickDeclared(this.d, news) };
    const { outs } = await this.converge(id, news, (await this.res.get(id)) as Model, this.deadline(news, 'update'), declared);
    return { outs };
  }

  async delete(id: string, props: Props): Promise<void> {
    const deadline = this.deadline(props, 'delete');
    const ownPath = `${this.d.path}/${id}`;
    try {
      const model = await this.settle(props, (await this.res.get(id)) as Model, deadline);
      const allowed = this.d.deletableFrom;
      if (allowed && !allowed.includes(String(model.status)) && this.d.power && model.status === this.d.power.running.status) {
        // ITCare deletes only stopped instances: stop first, as a user would in the console, and send
        // the delete as soon as the stop's action succeeded (no re-read in between: the stop's SUCCESS
        // is what makes it deletable, and a refusal would still be ITCare's answer to the DELETE).
        const stopAt = Date.now();
        const stop = await this.res.operate(id, this.d.power.stopped.operation, {});
        await this.wait(props, id, stop, { status: this.d.power.stopped.status }, deadline, stopAt);
      }
      const deleteAt = Date.now();
      const accepted = await this.res.delete(id, { changeReference: props.changeReference as string | undefined });
      await this.wait(props, id, accepted, { gone: true }, deadline, deleteAt);
    } catch (err) {
      // Gone is the goal of a delete, but only the resource's own 404 says so (not an action's).
      if (err instanceof NotFoundError && err.path === ownPath) return;
      throw err;
    }
  }

  async read(id: string, props: Props): Promise<{ id: string; props: Props } | { id: '' }> {
    try {
      const model = (await this.res.get(id)) as Model;
      // props hold the server's values of create-only fields: what was declared is in DECLARED.
      const declared = (props[DECLARED] as Props | undefined) ?? pickDeclared(this.d, props);
      // A refresh does not settle a failed or unfinished create: the marker stays for the next diff.
      return { id, props: defined({ ...buildOutputs(this.d, props, model, declared), [CREATE_ACTION]: props[CREATE_ACTION] }) };
    } catch (err) {
      if (err instanceof NotFoundError) return { id: '' }; // deleted out of band: refresh drops it
      throw err;
    }
  }
}

