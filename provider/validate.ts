import { createHash } from 'node:crypto';
import type { ITCareClient } from '../sdk/client';
import { ConflictError, ITCareHttpError, NotFoundError, RefusedChangeError } from '../sdk/errors';
import type { ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { nameFieldOf, probeName } from '../sdk/resources/descriptor';
import { clientFor, createBody, describeIssue, inputSchema, isUnknown, nameOf } from './inputs';
import { withAlternatives } from './hints';
import { desiredWithOwner, ownedBy } from './owner';
import { crashedCreate } from './createSender';
import { adoptionRefusal } from './recovery';
import { type PlannedOperation, planOperations } from './plan';
import { nameTakenReason, inputsNeeding, operationReason } from './refusals';
import { ValidationCache } from './validationCache';

type Props = Record<string, unknown>;
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Validation for check (creates) and diff (updates): the shared zod schema first, then the server
 * itself in dry run (`ITCare-DryRun: true`), so that `pulumi preview` fails on what ITCare would
 * reject, before anything is mutated. Results are recorded by input hash for the current `pulumi`
 * command only (validationCache.ts): the engine calls check again in the update process of an `up`.
 */
const validated = new ValidationCache();

/** Records about one name in one service (create dry runs): void once a create may have taken it. */
const nameGroup = (d: AnyResourceDescriptor, inputs: Props) => inputsKey(d.kind, '', 'name', [inputs.serviceId, inputs.name]);
/** Records about one resource's updates: void once an update ran. */
const updateGroup = (d: AnyResourceDescriptor, id: string) => inputsKey(d.kind, '', 'patch', id);

/** A create of these inputs is being sent: no record may say their name is free any more. */
export function forgetCreate(d: AnyResourceDescriptor, inputs: Props): void {
  validated.forget(nameGroup(d, inputs));
}

/** An update of resource `id` is being sent: its earlier judgements no longer hold. */
export function forgetUpdate(d: AnyResourceDescriptor, id: string): void {
  validated.forget(updateGroup(d, id));
}
/** Replacements diff validated, awaiting the engine's second check of the same inputs (with no olds). */
const replacements = new Set<string>();

/** True (once) when diff validated these inputs as the replacement of an existing resource. */
export function takeReplacement(d: AnyResourceDescriptor, target: string, inputs: Props): boolean {
  return replacements.delete(inputsKey(d.kind, target, 'replacement', createBody(d, inputs)));
}

/**
 * Names held by the resource being checked itself: `check(olds, news)` with olds of the same
 * (serviceId, name). When the engine then replaces it on its own (replaceOnChanges), it checks the
 * news again with no olds, and the dry run of the create meets the resource it replaces.
 */
const selfHeld = new Set<string>();
// Keyed by the ownership marker too (the resource's stack and Pulumi name): another resource of the
// program with the same service and name (a copy) must never take the note of the one checked before it.
const selfKey = (d: AnyResourceDescriptor, target: string, inputs: Props) => inputsKey(d.kind, target, 'self', [inputs.serviceId, inputs.name, inputs.__owner ?? null]);

/** Notes that the resource checked with these olds holds the name of these news (same service, same name). */
export function noteSelfHeld(d: AnyResourceDescriptor, target: string, olds: Props, news: Props): void {
  if (d.uniqueName && !isUnknown(news.name) && olds.name === news.name && olds.serviceId === news.serviceId) selfHeld.add(selfKey(d, target, news));
}

/** True (once) when the holder of the name of these inputs was checked as the resource itself. */
export function takeSelfHeld(d: AnyResourceDescriptor, target: string, inputs: Props): boolean {
  return selfHeld.delete(selfKey(d, target, inputs));
}

export function inputsKey(kind: string, target: string, what: string, payload: unknown): string {
  return createHash('sha256').update(JSON.stringify([kind, target, what, payload])).digest('hex');
}

/** zod validation of all inputs; issues on fields that are still unknown are not failures yet. */
export function schemaFailures(d: AnyResourceDescriptor, news: Props): { inputs: Props; failures: CheckFailure[] } {
  const candidate = { ...news };
  delete candidate.__provider;
  const unknown = new Set(Object.keys(candidate).filter((k) => isUnknown(candidate[k])));
  const schema = inputSchema(d);
  // The descriptor's cross-field rules (e.g. HA needs nodePrefix) apply to the inputs as to a create body.
  const r = (d.rules ? schema.superRefine(d.rules) : schema).safeParse(candidate);
  if (r.success) return { inputs: { ...news, ...r.data }, failures: [] };
  // A resource without a name (the failure may be that very field) is named by its kind alone.
  const label = news[nameFieldOf(d)] === undefined ? d.kind : `${d.kind} ${nameOf(d, news)}`;
  const failures = r.error.issues
    .filter((i) => !unknown.has(String(i.path[0])))
    .map((i) => {
      const f = describeIssue(i);
      return { property: f.property, reason: `${label}: ${f.property}: ${f.reason}` };
    });
  return { inputs: news, failures };
}

/** A dry-run rejection as a check failure on the field ITCare names (errorDesc). */
function failureFrom(d: AnyResourceDescriptor, name: unknown, err: ITCareHttpError): CheckFailure {
  const property = err.errorDesc && /^[A-Za-z][\w.]*$/.test(err.errorDesc) ? err.errorDesc : '';
  const said = err.errorMessage ?? err.message;
  return { property, reason: `${d.kind} ${String(name ?? '')}: ITCare rejected it in dry run (${err.errorCode ?? `HTTP ${err.httpStatus}`}): ${said}` };
}

/** Dry-run POST of a new resource. Returns failures; transport or auth errors are thrown. */
export async function dryRunCreate(d: AnyResourceDescriptor, api: ITCareClient, target: string, inputs: Props, opts: { replacingId?: string; selfHeld?: boolean } = {}): Promise<CheckFailure[]> {
  if (isUnknown(inputs)) return []; // preview of values not known yet: the server cannot judge them
  const body = createBody(d, inputs);
  const key = inputsKey(d.kind, target, `create:${inputs.adopt ? 'adopt' : ''}:${opts.replacingId ?? (opts.selfHeld ? 'self' : '')}`, body);
  const group = nameGroup(d, inputs);
  const valid = (): CheckFailure[] => {
    validated.add(group, key);
    if (opts.replacingId) replacements.add(inputsKey(d.kind, target, 'replacement', body));
    return [];
  };
  if (validated.has(group, key)) return valid();
  const res = clientFor(d, api, inputs);
  if (inputs.adopt) {
    // The resource exists: nothing will be created, so a dry-run create would judge the wrong thing,
    // and ITCare may refuse it for what only concerns a new resource (a network with no free address,
    // a product no longer offered) before it sees the name. The holder is compared with the program.
    const [holder] = await res.findByName(nameOf(d, inputs), inputs.serviceId as number | undefined);
    const refusal = holder ? adoptionRefusal(d, inputs, holder as Props, `${d.kind} ${nameOf(d, inputs)}`) : undefined;
    if (refusal) return [refusal];
    if (holder) return valid();
  }
  try {
    await res.create(body, { dryRun: true });
  } catch (err) {
    if (err instanceof ConflictError && (inputs.adopt || (await ownHolder(res, inputs)) || (await crashedCreate(api, res, inputs)))) {
      // adopt: the existing resource is the point; our marker or our journal: a create of ours Pulumi never recorded.
    } else if (err instanceof ConflictError && (opts.replacingId ? await heldOnlyBy(res, inputs, opts.replacingId) : opts.selfHeld && (await nameHolders(res, inputs)).length === 1)) {
      // The name is held by the very resource being replaced (its id from diff, or its own olds in
      // check: selfHeld), deleted before the create (deleteBeforeReplace). The server
      // may have refused the name before judging the rest: judge the rest under a name nobody holds.
      const probe = { ...inputs, name: probeName(d) };
      const failures = await dryRunCreate(d, api, target, probe);
      if (failures.length) return failures.map((f) => ({ ...f, reason: f.reason.replace(String(probe.name), String(inputs.name)) }));
    } else if (err instanceof ConflictError) {
      return [{ property: 'name', reason: `${nameTakenReason(d, inputs, err)} (a replacement forced by replaceOnChanges or --replace cannot keep the name).` }];
    } else if (err instanceof ITCareHttpError && (err.httpStatus === 400 || err.httpStatus === 422 || err.httpStatus === 404)) {
      return [await withAlternatives(api, failureFrom(d, nameOf(d, inputs), err), inputs)];
    } else {
      throw err;
    }
  }
  return valid();
}

/** Ids of the resources holding the name of `inputs` in its target service. */
async function nameHolders(res: ResourceClient<AnyResourceDescriptor>, inputs: Props): Promise<string[]> {
  return (await res.findByName(nameOf(res.descriptor, inputs), inputs.serviceId as number | undefined)).map((h) => String(h.id));
}

/** True when the name's holder carries this stack's ownership marker for this resource (owner.ts). */
async function ownHolder(res: ResourceClient<AnyResourceDescriptor>, inputs: Props): Promise<boolean> {
  return (await res.findByName(nameOf(res.descriptor, inputs), inputs.serviceId as number | undefined)).some((h) => ownedBy(h as Props, inputs));
}

/** Throws when another resource than `replacingId` holds the name in the target service. */
export async function assertNameFree(d: AnyResourceDescriptor, api: ITCareClient, inputs: Props, replacingId: string): Promise<void> {
  const others = (await nameHolders(clientFor(d, api, inputs), inputs)).filter((h) => h !== replacingId);
  if (others.length) {
    throw new RefusedChangeError(`${d.kind} ${String(inputs.name)}: resource ${others[0]} already holds this name in service ${String(inputs.serviceId)}; the replacement would delete ${replacingId} and then fail to create. Rename it, or remove the other one.`);
  }
}

/** True when every resource holding the name of `inputs` in the target service is `id`. */
async function heldOnlyBy(res: ResourceClient<AnyResourceDescriptor>, inputs: Props, id: string): Promise<boolean> {
  const holders = await nameHolders(res, inputs);
  return holders.length > 0 && holders.every((h) => h === id);
}

/**
 * The planned operations the server can judge now, against its current model: each one, up to and
 * including the first that changes the status (a stop); what follows it depends on it having run.
 * In-place changes (resize, update_metadata) keep the status: a plan such as resize,
 * update_metadata, stop is judged whole.
 */
function judgeable(d: AnyResourceDescriptor, plan: PlannedOperation[], status: string): PlannedOperation[] {
  const out: PlannedOperation[] = [];
  for (const step of plan) {
    out.push(step);
    const to = d.operations[step.operation]?.to;
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
export async function dryRunUpdate(d: AnyResourceDescriptor, api: ITCareClient, target: string, id: string, news: Props, previousTags?: unknown): Promise<void> {
  const res = clientFor(d, api, news);
  let current: Props;
  try {
    current = (await res.get(id)) as Props;
  } catch (err) {
    if (err instanceof NotFoundError) return; // gone: refresh will tell; nothing to validate against
    throw err;
  }
  if ((await api.actions.running({ id, name: nameOf(d, { ...news, ...current }), type: d.resourceType })).length) return;
  const plan = planOperations(d, desiredWithOwner(d, news, current, previousTags), current); // as the update will plan it
  if (!plan.length) return;
  const key = inputsKey(d.kind, target, `patch:${id}:${String(current.status)}`, plan);
  if (validated.has(updateGroup(d, id), key)) return;
  for (const step of judgeable(d, plan, String(current.status))) {
    try {
      await res.operate(id, step.operation, step.options, { dryRun: true });
    } catch (err) {
      if (!(err instanceof ITCareHttpError)) throw err;
      if (err.errorCode === 'ACTION_IN_PROGRESS') return;
      const property = inputsNeeding(d, step.operation, news)[0] ?? failureFrom(d, nameOf(d, news), err).property;
      throw new RefusedChangeError(`${operationReason(d, news, step, err, 'in dry run')} (property ${property}); planned operations: ${plan.map((p) => p.operation).join(', ')}`);
    }
  }
  validated.add(updateGroup(d, id), key);
}

/**
 * Names claimed by the new resources checked in this provider process. ITCare names are unique per
 * service, so of two resources of one program with the same name, the second create fails at `up`,
 * although a dry run of each alone passes (neither exists yet). One provider process serves one
 * engine pass (preview or update) of one stack, and the engine checks each new resource once per
 * pass (a replacement's second check is answered before claims: takeReplacement), so a second claim
 * of a name is a second resource. Keyed by target too: a process never mixes ITCare endpoints, but
 * tests calling the engine directly may.
 */
const claimed = new Set<string>();

/** Claims the name of a new resource; the failure when another resource of this pass holds it. */
export function claimName(d: AnyResourceDescriptor, target: string, inputs: Record<string, unknown>): CheckFailure | undefined {
  const { name, serviceId } = inputs;
  if (!d.uniqueName || name === undefined || isUnknown(name) || isUnknown(serviceId)) return undefined;
  const key = JSON.stringify([target, d.kind, serviceId, name]);
  if (!claimed.has(key)) {
    claimed.add(key);
    return undefined;
  }
  return {
    property: 'name',
    reason: `${d.kind} ${String(name)}: another resource of this program is also named ${String(name)} in service ${String(serviceId)}; ITCare names are unique per service, so one of the two creates would fail at \`up\`. Give each resource its own \`name\`.`,
  };
}
