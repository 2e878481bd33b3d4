import { createHash } from 'node:crypto';
import type { ITCareClient } from '../sdk/client';
import { ConflictError, ITCareHttpError, NotFoundError, RefusedChangeError } from '../sdk/errors';
import type { ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { nameFieldOf, probeName } from '../sdk/resources/descriptor';
import { type Props, describeIssue, isUnknown } from './inputs';
import { withAlternatives } from './hints';
import { ownedBy } from './owner';
import type { PlannedOperation } from './plan';
import { Recovery } from './recovery';
import type { ResourceKind } from './resourceKind';
import type { ProviderSession } from './session';

export interface CheckFailure {
  property: string;
  reason: string;
}

export function inputsKey(kind: string, target: string, what: string, payload: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, target, what, payload]))
    .digest('hex');
}

/**
 * Validation of one kind for check (creates) and diff (updates), ResourceKind.validation: the shared
 * zod schema first, then the server itself in dry run (`ITCare-DryRun: true`), so that `pulumi
 * preview` fails on what ITCare would reject, before anything is mutated. What it judged and what
 * it was told is the session's (session.ts): results recorded by input hash for the current `pulumi`
 * command only (validationCache.ts, the engine calls check again in the update process of an `up`),
 * replacements validated, names held by the resource itself, names claimed.
 */
export class Validation {
  private readonly d: AnyResourceDescriptor;

  constructor(
    private readonly kind: ResourceKind,
    private readonly session: ProviderSession,
  ) {
    this.d = kind.d;
  }

  /** Records about one name in one service (create dry runs): void once a create may have taken it. */
  private nameGroup(inputs: Props): string {
    return inputsKey(this.d.kind, '', 'name', [inputs.serviceId, inputs.name]);
  }

  /** Records about one resource's updates: void once an update ran. */
  private updateGroup(id: string): string {
    return inputsKey(this.d.kind, '', 'patch', id);
  }

  /** A create of these inputs is being sent: no record may say their name is free any more. */
  forgetCreate(inputs: Props): void {
    this.session.validated.forget(this.nameGroup(inputs));
  }

  /** An update of resource `id` is being sent: its earlier judgements no longer hold. */
  forgetUpdate(id: string): void {
    this.session.validated.forget(this.updateGroup(id));
  }

  /** True (once) when diff validated these inputs as the replacement of an existing resource. */
  takeReplacement(target: string, inputs: Props): boolean {
    return this.session.replacements.delete(inputsKey(this.d.kind, target, 'replacement', this.kind.createBody(inputs)));
  }

  private selfKey(target: string, inputs: Props): string {
    return inputsKey(this.d.kind, target, 'self', [inputs.serviceId, inputs.name, inputs.__owner ?? null]);
  }

  /** Notes that the resource checked with these olds holds the name of these news (same service, same name). */
  noteSelfHeld(target: string, olds: Props, news: Props): void {
    if (this.d.uniqueName && !isUnknown(news.name) && olds.name === news.name && olds.serviceId === news.serviceId)
      this.session.selfHeld.add(this.selfKey(target, news));
  }

  /** True (once) when the holder of the name of these inputs was checked as the resource itself. */
  takeSelfHeld(target: string, inputs: Props): boolean {
    return this.session.selfHeld.delete(this.selfKey(target, inputs));
  }

  /** zod validation of all inputs; issues on fields that are still unknown are not failures yet. */
  schemaFailures(news: Props): { inputs: Props; failures: CheckFailure[] } {
    const d = this.d;
    const candidate = { ...news };
    delete candidate.__provider;
    const unknown = new Set(Object.keys(candidate).filter((k) => isUnknown(candidate[k])));
    const schema = this.kind.inputSchema();
    // The descriptor's cross-field rules (e.g. HA needs nodePrefix) apply to the inputs as to a create body.
    const r = (d.rules ? schema.superRefine(d.rules) : schema).safeParse(candidate);
    if (r.success) return { inputs: { ...news, ...r.data }, failures: [] };
    // A resource without a name (the failure may be that very field) is named by its kind alone.
    const label = news[nameFieldOf(d)] === undefined ? d.kind : `${d.kind} ${this.kind.nameOf(news)}`;
    const failures = r.error.issues
      .filter((i) => !unknown.has(String(i.path[0])))
      .map((i) => {
        const f = describeIssue(i);
        return { property: f.property, reason: `${label}: ${f.property}: ${f.reason}` };
      });
    return { inputs: news, failures };
  }

  /** A dry-run rejection as a check failure on the field ITCare names (errorDesc). */
  private failureFrom(name: unknown, err: ITCareHttpError): CheckFailure {
    const property = err.errorDesc && /^[A-Za-z][\w.]*$/.test(err.errorDesc) ? err.errorDesc : '';
    const said = err.errorMessage ?? err.message;
    return {
      property,
      reason: `${this.d.kind} ${String(name ?? '')}: ITCare rejected it in dry run (${err.errorCode ?? `HTTP ${err.httpStatus}`}): ${said}`,
    };
  }

  /** Dry-run POST of a new resource. Returns failures; transport or auth errors are thrown. */
  async dryRunCreate(
    api: ITCareClient,
    target: string,
    inputs: Props,
    opts: { replacingId?: string; selfHeld?: boolean } = {},
  ): Promise<CheckFailure[]> {
    const { d, kind } = this;
    if (isUnknown(inputs)) return []; // preview of values not known yet: the server cannot judge them
    const body = kind.createBody(inputs);
    const key = inputsKey(
      d.kind,
      target,
      `create:${inputs.adopt ? 'adopt' : ''}:${opts.replacingId ?? (opts.selfHeld ? 'self' : '')}`,
      body,
    );
    const group = this.nameGroup(inputs);
    const valid = (): CheckFailure[] => {
      this.session.validated.add(group, key);
      if (opts.replacingId) this.session.replacements.add(inputsKey(d.kind, target, 'replacement', body));
      return [];
    };
    if (this.session.validated.has(group, key)) return valid();
    const res = kind.clientFor(api, inputs);
    if (inputs.adopt) {
      // The resource exists: nothing will be created, so a dry-run create would judge the wrong thing,
      // and ITCare may refuse it for what only concerns a new resource (a network with no free address,
      // a product no longer offered) before it sees the name. The holder is compared with the program.
      const [holder] = await res.findByName(kind.nameOf(inputs), inputs.serviceId as number | undefined);
      const refusal = holder ? kind.refusals.adoptionRefusal(inputs, holder as Props, `${d.kind} ${kind.nameOf(inputs)}`) : undefined;
      if (refusal) return [refusal];
      if (holder) return valid();
    }
    try {
      await res.create(body, { dryRun: true });
    } catch (err) {
      if (
        err instanceof ConflictError &&
        (inputs.adopt || (await this.ownHolder(res, inputs)) || (await new Recovery(kind, api, res).crashedCreate(inputs)))
      ) {
        // adopt: the existing resource is the point; our marker or our journal: a create of ours Pulumi never recorded.
      } else if (
        err instanceof ConflictError &&
        (opts.replacingId
          ? await this.heldOnlyBy(res, inputs, opts.replacingId)
          : opts.selfHeld && (await this.nameHolders(res, inputs)).length === 1)
      ) {
        // The name is held by the very resource being replaced (its id from diff, or its own olds in
        // check: selfHeld), deleted before the create (deleteBeforeReplace). The server
        // may have refused the name before judging the rest: judge the rest under a name nobody holds.
        const probe = { ...inputs, name: probeName(d) };
        const failures = await this.dryRunCreate(api, target, probe);
        if (failures.length) return failures.map((f) => ({ ...f, reason: f.reason.replace(String(probe.name), String(inputs.name)) }));
      } else if (err instanceof ConflictError) {
        return [
          {
            property: 'name',
            reason: `${kind.refusals.nameTakenReason(inputs, err)} (a replacement forced by replaceOnChanges or --replace cannot keep the name).`,
          },
        ];
      } else if (err instanceof ITCareHttpError && (err.httpStatus === 400 || err.httpStatus === 422 || err.httpStatus === 404)) {
        return [await withAlternatives(api, this.failureFrom(kind.nameOf(inputs), err), inputs)];
      } else {
        throw err;
      }
    }
    return valid();
  }

  /** Ids of the resources holding the name of `inputs` in its target service. */
  private async nameHolders(res: ResourceClient<AnyResourceDescriptor>, inputs: Props): Promise<string[]> {
    return (await res.findByName(this.kind.nameOf(inputs), inputs.serviceId as number | undefined)).map((h) => String(h.id));
  }

  /** True when the name's holder carries this stack's ownership marker for this resource (owner.ts). */
  private async ownHolder(res: ResourceClient<AnyResourceDescriptor>, inputs: Props): Promise<boolean> {
    return (await res.findByName(this.kind.nameOf(inputs), inputs.serviceId as number | undefined)).some((h) =>
      ownedBy(h as Props, inputs),
    );
  }

  /** Throws when another resource than `replacingId` holds the name in the target service. */
  async assertNameFree(api: ITCareClient, inputs: Props, replacingId: string): Promise<void> {
    const others = (await this.nameHolders(this.kind.clientFor(api, inputs), inputs)).filter((h) => h !== replacingId);
    if (others.length) {
      throw new RefusedChangeError(
        `${this.d.kind} ${String(inputs.name)}: resource ${others[0]} already holds this name in service ${String(inputs.serviceId)}; the replacement would delete ${replacingId} and then fail to create. Rename it, or remove the other one.`,
      );
    }
  }

  /** True when every resource holding the name of `inputs` in the target service is `id`. */
  private async heldOnlyBy(res: ResourceClient<AnyResourceDescriptor>, inputs: Props, id: string): Promise<boolean> {
    const holders = await this.nameHolders(res, inputs);
    return holders.length > 0 && holders.every((h) => h === id);
  }

  /**
   * The planned operations the server can judge now, against its current model: each one, up to and
   * including the first that changes the status (a stop); what follows it depends on it having run.
   * In-place changes (resize, update_metadata) keep the status: a plan such as resize,
   * update_metadata, stop is judged whole.
   */
  private judgeable(plan: PlannedOperation[], status: string): PlannedOperation[] {
    const out: PlannedOperation[] = [];
    for (const step of plan) {
      out.push(step);
      const to = this.d.operations[step.operation]?.to;
      if (to !== undefined && to !== status) break;
    }
    return out;
  }

  /**
   * Dry run of the update: the operations are planned against the server's current model, as the
   * update will plan them, not against state that may be stale, and every operation that can be
   * judged independently is (see judgeable). While an action runs on the resource the server cannot
   * judge anything (ACTION_IN_PROGRESS): the update will wait for it.
   */
  async dryRunUpdate(api: ITCareClient, target: string, id: string, news: Props, previousTags?: unknown): Promise<void> {
    const { d, kind } = this;
    const res = kind.clientFor(api, news);
    let current: Props;
    try {
      current = (await res.get(id)) as Props;
    } catch (err) {
      if (err instanceof NotFoundError) return; // gone: refresh will tell; nothing to validate against
      throw err;
    }
    if ((await api.actions.running({ id, name: kind.nameOf({ ...news, ...current }), type: d.resourceType })).length) return;
    const plan = kind.plan.operations(kind.owner.desiredWithOwner(news, current, previousTags), current); // as the update will plan it
    if (!plan.length) return;
    const key = inputsKey(d.kind, target, `patch:${id}:${String(current.status)}`, plan);
    if (this.session.validated.has(this.updateGroup(id), key)) return;
    for (const step of this.judgeable(plan, String(current.status))) {
      try {
        await res.operate(id, step.operation, step.options, { dryRun: true });
      } catch (err) {
        if (!(err instanceof ITCareHttpError)) throw err;
        if (err.errorCode === 'ACTION_IN_PROGRESS') return;
        const property = kind.refusals.inputsNeeding(step.operation, news)[0] ?? this.failureFrom(kind.nameOf(news), err).property;
        throw new RefusedChangeError(
          `${kind.refusals.operationReason(news, step, err, 'in dry run')} (property ${property}); planned operations: ${plan.map((p) => p.operation).join(', ')}`,
        );
      }
    }
    this.session.validated.add(this.updateGroup(id), key);
  }

  /** Claims the name of a new resource; the failure when another resource of this pass holds it (session.claimed). */
  claimName(target: string, inputs: Props): CheckFailure | undefined {
    const { name, serviceId } = inputs;
    if (!this.d.uniqueName || name === undefined || isUnknown(name) || isUnknown(serviceId)) return undefined;
    // Keyed by target too: a process never mixes ITCare endpoints, but tests calling the engine directly may.
    const key = JSON.stringify([target, this.d.kind, serviceId, name]);
    if (!this.session.claimed.has(key)) {
      this.session.claimed.add(key);
      return undefined;
    }
    return {
      property: 'name',
      reason: `${this.d.kind} ${String(name)}: another resource of this program is also named ${String(name)} in service ${String(serviceId)}; ITCare names are unique per service, so one of the two creates would fail at \`up\`. Give each resource its own \`name\`.`,
    };
  }
}
