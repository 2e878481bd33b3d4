import type { ITCareClient } from '../sdk/client';
import type { Action } from '../sdk/resources/action';
import type { Service } from '../sdk/resources/lookups';
import { currentInputs, managedBy, schemaProblem, secretReference, statusProblem } from './adoption';
import { type ImportKind, importKinds, selectKinds } from './kinds';
import { nameFilter, resolveServices } from './selection';

type Props = Record<string, unknown>;

/** One resource to adopt: its kind, service, ITCare id and name, Pulumi name and current inputs. */
export interface EstateEntry {
  kind: ImportKind;
  service: Service;
  id: number;
  name: string;
  /** The ITCare name, or name-<service key> when the same name exists in two imported services. */
  pulumiName: string;
  inputs: Props;
  /** Secret field → name of the environment variable / config key that holds it. */
  secrets: Record<string, string>;
}

/** A resource left out, and why. */
export interface Exclusion {
  kind: ImportKind;
  service: Service;
  id: number;
  name: string;
  reason: string;
}

export interface Estate {
  services: Service[];
  entries: EstateEntry[];
  excluded: Exclusion[];
  /** Kinds of the catalogue not read at all (child kinds), with why. */
  skippedKinds: { key: string; reason: string }[];
}

export interface ReadOptions {
  /** `--service`: keys, names or ids, comma-separated. */
  services: string;
  /** `--kinds`: comma list (all kinds when absent). */
  kinds?: string;
  /** `--names`: glob patterns, comma-separated, `!` excludes. */
  names?: string;
  pageSize?: number;
  /** One line per step, for stderr. */
  progress?: (line: string) => void;
}

/** Actions that are not over: anything but SUCCESS and ERROR counts as running (a new status too). */
const running = (a: Action) => a.status !== 'SUCCESS' && a.status !== 'ERROR';

/**
 * The running actions of each service, one request per service. The filters (serviceId, statuses)
 * are hints only: each action is checked by the caller against the resource (type, name, id and
 * service when the action carries them) and by status here.
 */
async function runningActions(api: ITCareClient, services: Service[]): Promise<Action[]> {
  const lists = await Promise.all(services.map((s) => api.actions.list({ serviceId: s.id, statuses: ['IN_PROGRESS'] })));
  const byId = new Map<number, Action>();
  for (const a of lists.flat()) if (running(a)) byId.set(a.id, a);
  return [...byId.values()];
}

function actionOn(actions: Action[], k: ImportKind, model: Props): Action | undefined {
  return actions.find((a) => {
    const carried = a as Action & { resourceId?: unknown; serviceId?: unknown };
    if (a.resourceType !== k.d.resourceType || a.resourceName !== model.name) return false;
    if (carried.resourceId !== undefined && carried.resourceId !== null && String(carried.resourceId) !== String(model.id)) return false;
    return carried.serviceId === undefined || carried.serviceId === null || String(carried.serviceId) === String(model.serviceId);
  });
}

/** Why a listed resource cannot be adopted now, or undefined. */
function exclusionReason(k: ImportKind, model: Props, actions: Action[]): string | undefined {
  const action = actionOn(actions, k, model);
  if (action) return `action ${action.id} (${action.process ?? 'unknown process'}) is ${action.status} on it: import again once it ends`;
  const status = statusProblem(k.d, String(model.status));
  if (status) return status;
  const stack = managedBy(model);
  if (stack) return `already managed by the Pulumi stack ${stack} (its ownership marker tag): adopt it there, not in a second stack`;
  return schemaProblem(k.d, currentInputs(k.d, model));
}

/**
 * Reads what exists in the selected services: every page of every selected kind, each item checked
 * here against the services and names asked for (filters sent only as hints), then sorted into
 * entries to adopt and resources left out with their reason. Nothing is half-imported: a resource is
 * either entirely in the entries or listed as excluded.
 */
export async function readEstate(api: ITCareClient, opts: ReadOptions): Promise<Estate> {
  const say = opts.progress ?? (() => undefined);
  const { kinds: all, skipped } = importKinds();
  const kinds = selectKinds(opts.kinds, all);
  // Said only when every kind was asked for: with --kinds, the user chose what to read.
  if (!opts.kinds) for (const s of skipped) say(`${s.key}: skipped, ${s.reason}`);
  const services = await resolveServices(api, opts.services);
  const ids = new Set(services.map((s) => s.id));
  const names = nameFilter(opts.names);
  const actions = await runningActions(api, services);
  const entries: EstateEntry[] = [];
  const excluded: Exclusion[] = [];
  for (const k of kinds) {
    const hint = 'services' in k.d.listQuery.shape ? { services: [...ids].join(',') } : {};
    let listed = 0;
    const found: { model: Props; service: Service }[] = [];
    for await (const item of api.paginate(k.d.path, hint, k.d.model, opts.pageSize ?? 500)) {
      listed++;
      const model = item as Props;
      const service = services.find((s) => s.id === Number(model.serviceId));
      if (service && names.matches(String(model.name))) found.push({ model, service });
    }
    let adopted = 0;
    for (const { model, service } of found) {
      const reason = exclusionReason(k, model, actions);
      if (reason) excluded.push({ kind: k, service, id: Number(model.id), name: String(model.name), reason });
      else {
        entries.push({
          kind: k,
          service,
          id: Number(model.id),
          name: String(model.name),
          pulumiName: String(model.name),
          inputs: currentInputs(k.d, model),
          secrets: {},
        });
        adopted++;
      }
    }
    say(`${k.key}: ${listed} listed, ${found.length} selected, ${adopted} to adopt, ${found.length - adopted} left out`);
  }
  nameEntries(entries);
  return { services, entries, excluded, skippedKinds: skipped };
}

/**
 * Pulumi names: the ITCare name, unless the same kind has that name in two imported services (names
 * are unique per service only); then each gets `-<service key>` and keeps its ITCare `name` input.
 * Secret references follow the Pulumi name, so each resource has its own.
 */
function nameEntries(entries: EstateEntry[]): void {
  const seen = new Map<string, number>();
  for (const e of entries) seen.set(`${e.kind.key}/${e.name}`, (seen.get(`${e.kind.key}/${e.name}`) ?? 0) + 1);
  for (const e of entries) {
    if ((seen.get(`${e.kind.key}/${e.name}`) ?? 0) > 1) e.pulumiName = `${e.name}-${(e.service.key ?? String(e.service.id)).toLowerCase()}`;
    for (const f of (e.kind.d.secrets ?? []) as string[]) e.secrets[f] = secretReference(e.kind.d, e.pulumiName, f);
  }
}
