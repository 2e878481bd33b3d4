import type { ITCareClient } from '../sdk/client';
import { ActionFailedError, ActionTimeoutError, ConflictError, ITCareError, NetworkError, NotFoundError } from '../sdk/errors';
import { ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { DEFAULT_TIMEOUTS, createBody, durationMs, sameValue } from './inputs';
import { buildOutputs } from './outputs';
import { planOperations } from './plan';
import { progressReporter } from './progress';

type Props = Record<string, unknown>;
type Model = Record<string, unknown>;

/**
 * create / update / delete / read of one resource kind, every mutation waited for until its action
 * ends. Deadlines come from the `timeouts` input: the engine does not enforce customTimeouts for
 * dynamic resources.
 */
export class Lifecycle {
  private readonly res: ResourceClient<AnyResourceDescriptor>;

  constructor(
    private readonly d: AnyResourceDescriptor,
    private readonly api: ITCareClient,
  ) {
    this.res = new ResourceClient(d, api);
  }

  private label(props: Props): string {
    return `${this.d.module}.${this.d.kind} ${String(props.name ?? '?')}`;
  }

  /** Waits for one action, printing progress; `deadline` is absolute (ms since epoch). */
  private async wait(props: Props, actionId: number | undefined, deadline: number): Promise<void> {
    if (actionId === undefined) return; // an empty 202 body: nothing to follow, the GET that follows tells
    await this.api.waitForAction(actionId, {
      timeout: Math.max(1000, deadline - Date.now()),
      onProgress: progressReporter(this.label(props)),
    });
  }

  /** An action already running on this resource (a crash mid-way, a console user): wait for it first. */
  private async settle(props: Props, model: Model, deadline: number): Promise<Model> {
    const running = await this.api.actions.list({ resourceId: Number(model.id), statuses: ['IN_PROGRESS'] });
    for (const action of running) await this.wait(props, action.id, deadline);
    return running.length ? ((await this.res.get(Number(model.id))) as Model) : model;
  }

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const deadline = Date.now() + durationMs((inputs.timeouts as Props | undefined)?.create as string, DEFAULT_TIMEOUTS.create);
    if (inputs.adopt) {
      const [existing] = await this.res.findByName(String(inputs.name), inputs.serviceId as number | undefined);
      if (existing) {
        this.assertAdoptable(inputs, existing as Model);
        process.stderr.write(`itcare: ${this.label(inputs)}: adopting existing resource ${existing.id} (status ${existing.status})\n`);
        return this.converge(String(existing.id), inputs, existing as Model, deadline);
      }
    }
    const accepted = await this.postOrRecover(inputs, deadline);
    if ('outs' in accepted) return accepted;
    let id = accepted.resourceId;
    try {
      await this.wait(inputs, accepted.actionId, deadline);
      id ??= await this.findId(inputs);
      return await this.converge(String(id), inputs, (await this.res.get(id)) as Model, deadline);
    } catch (err) {
      // The POST was accepted: whatever went wrong after it, the resource exists. Record it in state
      // (Pulumi's partial-failure object) so it is never orphaned: the next up repairs or replaces it.
      id ??= await this.findId(inputs).catch(() => undefined);
      if (id === undefined || !(err instanceof ITCareError)) throw err;
      const model = (await this.res.get(id).catch(() => ({ id, status: 'UNKNOWN' }))) as Model;
      const properties = { ...buildOutputs(this.d, inputs, model), __provider: inputs.__provider };
      throw { message: err.message, id: String(id), properties, reasons: [err.message] };
    }
  }

  /**
   * Adopting only makes sense when the existing resource is what the program declares: a create-only
   * field that differs would make the next `up` replace (destroy) what was just adopted.
   */
  private assertAdoptable(inputs: Props, existing: Model): void {
    const differing = this.d.createOnly.filter((f: string) => inputs[f] !== undefined && existing[f] !== undefined && existing[f] !== null && !sameValue(inputs[f], existing[f]));
    if (!differing.length) return;
    const what = differing.map((f: string) => `${f} is ${JSON.stringify(existing[f])} in ITCare but ${JSON.stringify(inputs[f])} in the program`).join('; ');
    throw new ConflictError(`${this.label(inputs)}: cannot adopt resource ${String(existing.id)}: ${what}. Align the program with it, or remove \`adopt\` and choose another name.`);
  }

  /**
   * POST the create. If its answer is lost (connection reset after the server got it), the transport
   * does not resend it: a create is never sent twice. Instead we look the name up: check verified in
   * dry run that it was free, so a resource holding it now is the one this POST created.
   */
  private async postOrRecover(inputs: Props, deadline: number) {
    try {
      return await this.res.create(createBody(this.d, inputs));
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      const [created] = await this.res.findByName(String(inputs.name), inputs.serviceId as number | undefined).catch(() => []);
      if (!created) throw err;
      process.stderr.write(`itcare: ${this.label(inputs)}: the answer to the create was lost; found resource ${created.id} it created\n`);
      return this.converge(String(created.id), inputs, created as Model, deadline);
    }
  }

  private async findId(inputs: Props): Promise<number> {
    const [found] = await this.res.findByName(String(inputs.name), inputs.serviceId as number | undefined);
    if (!found) throw new NotFoundError(`${this.label(inputs)} was accepted by ITCare but cannot be found by name`);
    return Number(found.id);
  }

  /** Brings an existing resource to the inputs (power state, in-place changes) and reads it back. */
  private async converge(id: string, inputs: Props, model: Model, deadline: number): Promise<{ id: string; outs: Props }> {
    let current = await this.settle(inputs, model, deadline);
    for (const step of planOperations(this.d, inputs, current)) {
      const accepted = await this.res.operate(id, step.operation, step.options);
      await this.wait(inputs, accepted.actionId, deadline);
      current = (await this.res.get(id)) as Model;
    }
    return { id, outs: buildOutputs(this.d, inputs, current) };
  }

  async update(id: string, news: Props): Promise<{ outs: Props }> {
    const deadline = Date.now() + durationMs((news.timeouts as Props | undefined)?.update as string, DEFAULT_TIMEOUTS.update);
    const { outs } = await this.converge(id, news, (await this.res.get(id)) as Model, deadline);
    return { outs };
  }

  async delete(id: string, props: Props): Promise<void> {
    const deadline = Date.now() + durationMs((props.timeouts as Props | undefined)?.delete as string, DEFAULT_TIMEOUTS.delete);
    try {
      let model = await this.settle(props, (await this.res.get(id)) as Model, deadline);
      const allowed = this.d.deletableFrom;
      if (allowed && !allowed.includes(String(model.status)) && this.d.power && model.status === this.d.power.running.status) {
        // ITCare deletes only stopped instances: stop first, as a user would in the console.
        const stop = await this.res.operate(id, this.d.power.stopped.operation, {});
        await this.wait(props, stop.actionId, deadline);
        model = (await this.res.get(id)) as Model;
      }
      const accepted = await this.res.delete(id, { changeReference: props.changeReference as string | undefined });
      await this.wait(props, accepted.actionId, deadline);
    } catch (err) {
      if (err instanceof NotFoundError) return; // already gone: the goal of a delete
      throw err;
    }
  }

  async read(id: string, props: Props): Promise<{ id: string; props: Props } | { id: '' }> {
    try {
      const model = (await this.res.get(id)) as Model;
      return { id, props: buildOutputs(this.d, props, model) };
    } catch (err) {
      if (err instanceof NotFoundError) return { id: '' }; // deleted out of band: refresh drops it
      throw err;
    }
  }
}

export { ActionFailedError, ActionTimeoutError };
