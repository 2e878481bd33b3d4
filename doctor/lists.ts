import { z } from 'zod';
import { pageOf } from '../sdk/page';
import { type AnyResourceDescriptor, catalog, collectionPath, nameFieldOf } from '../sdk/resources';
import type { Findings } from './findings';
import { type KindSample, type Observed, type SeenAction, knownStatuses, uniq } from './observed';
import type { ReadOnlyWire } from './wire';

/**
 * One page of each kind's list, parsed with the SDK's schemas; the actions; page numbering; and
 * whether each filter the provider sends is applied (a filtered answer compared with the unfiltered
 * one). Everything here is a GET.
 */

const Envelope = pageOf(z.unknown());
const TERMINAL = new Set(['SUCCESS', 'ERROR']);
const PAGE = { page: 0, size: 100 };

async function readPage(
  wire: ReadOnlyWire,
  path: string,
  query: Record<string, string | number> = PAGE,
): Promise<Record<string, unknown>[] | string> {
  const a = await wire.get(path, query);
  if (a.status !== 200) return `HTTP ${a.status}`;
  const page = Envelope.safeParse(a.body);
  if (!page.success) return 'not a Spring Page';
  return page.data.content.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
}

export async function readKinds(wire: ReadOnlyWire, f: Findings, o: Observed): Promise<void> {
  const byKind = new Map<AnyResourceDescriptor, KindSample>();
  for (const [key, d] of Object.entries(catalog) as [string, AnyResourceDescriptor][]) {
    const parent = d.parent ? byKind.get(d.parent.of)?.items[0] : undefined;
    if (d.parent && !parent) {
      f.notChecked(
        `list.${key}`,
        `GET ${d.path} answers a Spring Page of ${d.kind} models`,
        'INFERRED path and envelope',
        `no ${d.parent.of.kind} to list the ${d.kind}s of`,
      );
      continue;
    }
    const path = collectionPath(d, parent?.id);
    const page = await readPage(wire, path);
    if (typeof page === 'string') {
      f.differs(
        `list.${key}`,
        `GET ${d.path} answers a Spring Page`,
        'VERIFIED envelope (INFERRED path for some kinds)',
        page,
        `the provider cannot read or find ${d.kind}s`,
      );
      continue;
    }
    const sample = { key, d, path, items: page };
    byKind.set(d, sample);
    o.kinds.push(sample);
    judgeModels(sample, f);
  }
  const actions = await wire.get('/actions');
  if (actions.status === 200 && Array.isArray(actions.body)) {
    o.actions = (actions.body as SeenAction[]).filter((a) => a && typeof a === 'object' && typeof a.status === 'string');
    o.runningActionStatuses = uniq(o.actions.filter((a) => !TERMINAL.has(a.status)).map((a) => a.status));
  } else {
    f.differs(
      'list.actions',
      'GET /actions answers a plain array',
      'VERIFIED',
      `HTTP ${actions.status}`,
      'the provider cannot find the actions of a resource (recovery after a lost answer)',
    );
  }
  classifyStatuses(o);
}

/** Models parsed with the descriptor's schema; fields it does not declare listed (kept, not fatal). */
function judgeModels({ key, d, path, items }: KindSample, f: Findings): void {
  const declared = new Set(Object.keys(d.model.shape));
  const broken = items.map((it) => d.model.safeParse(it)).find((r) => !r.success);
  const assumption = `${d.kind} models parse with the SDK's schema`;
  if (!items.length)
    f.notChecked(`model.${key}`, assumption, 'VERIFIED fields for instances, INFERRED elsewhere', `GET ${path} listed no ${d.kind}`);
  else if (broken && !broken.success) {
    const issue = broken.error.issues[0];
    f.differs(
      `model.${key}`,
      assumption,
      'VERIFIED fields for instances, INFERRED elsewhere',
      `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      `the SDK refuses this ${d.kind} answer (InvalidResponseError): report it with the profile`,
    );
  } else {
    const extra = uniq(items.flatMap((it) => Object.keys(it).filter((k) => !declared.has(k)))).sort();
    f.holds(
      `model.${key}`,
      assumption,
      'VERIFIED fields for instances, INFERRED elsewhere',
      `${items.length} parsed${extra.length ? `; fields the schema does not declare (kept as they are): ${extra.join(', ')}` : ''}`,
    );
  }
}

/** Unknown statuses, split by whether an action runs on the resource (client-side match by name and type). */
function classifyStatuses(o: Observed): void {
  for (const { d, items } of o.kinds) {
    const known = knownStatuses(d);
    for (const it of items) {
      const status = String(it.status);
      const running = (o.actions ?? []).some(
        (a) => !TERMINAL.has(a.status) && a.resourceType === d.resourceType && a.resourceName === it[nameFieldOf(d)],
      );
      if (running) o.inFlightSeen.push(status);
      if (known.has(status)) continue;
      (running ? o.unknownInFlight : o.unknownAtRest).push(status);
    }
  }
  o.inFlightSeen = uniq(o.inFlightSeen);
  o.unknownInFlight = uniq(o.unknownInFlight);
  o.unknownAtRest = uniq(o.unknownAtRest);
}

/**
 * Fields the models leave out. Judged per kind: the model's declared fields but `tags` (echoTags says
 * that) and the optional create fields (a user may simply not have set them). A field counts as left
 * out when every kind that judges it and has models lacks it in all of them.
 */
export function judgeOmissions(o: Observed): void {
  const verdicts = new Map<string, boolean[]>();
  for (const { d, items } of o.kinds) {
    if (!items.length) continue;
    const create = d.create.shape as Record<string, z.ZodType>;
    for (const field of Object.keys(d.model.shape)) {
      if (field === 'tags' || create[field]?.safeParse(undefined).success) continue;
      verdicts.set(field, [...(verdicts.get(field) ?? []), items.every((it) => !(field in it))]);
    }
  }
  if (verdicts.size)
    o.omitted = [...verdicts]
      .filter(([, absent]) => absent.every(Boolean))
      .map(([field]) => field)
      .sort();
  const tagged = o.kinds.filter(({ d, items }) => 'tags' in d.create.shape && items.length);
  if (tagged.length) o.tagsEchoed = tagged.some(({ items }) => items.some((it) => 'tags' in it));
}

/** page=0 and page=1 of one item each: different items mean 0-based pages (Spring's default). */
export async function checkPaging(wire: ReadOnlyWire, f: Findings, o: Observed): Promise<void> {
  const assumption = 'Pages are numbered from 0';
  const sample = o.kinds.find((k) => !k.d.parent && k.items.length >= 2);
  if (!sample) {
    f.notChecked('paging.base', assumption, 'VERIFIED: page (0-based)', 'no kind lists two resources');
    return;
  }
  const [p0, p1] = await Promise.all([
    readPage(wire, sample.path, { page: 0, size: 1 }),
    readPage(wire, sample.path, { page: 1, size: 1 }),
  ]);
  if (typeof p0 === 'string' || typeof p1 === 'string' || !p0.length || !p1.length) {
    o.pageBase = 'unclear';
    f.differs(
      'paging.base',
      assumption,
      'VERIFIED: page (0-based)',
      `GET ${sample.path} page=0/1 size=1: ${String(p0)} / ${String(p1)}`,
      'the SDK may skip or repeat a page',
    );
    return;
  }
  o.pageBase = p0[0].id === p1[0].id ? 1 : 0;
  if (o.pageBase === 0)
    f.holds('paging.base', assumption, 'VERIFIED: page (0-based)', `GET ${sample.path}: page=0 and page=1 give different items`);
  else
    f.differs(
      'paging.base',
      assumption,
      'VERIFIED: page (0-based)',
      `GET ${sample.path}: page=0 and page=1 give the same item (1-based)`,
      'the SDK reads the first page twice (it detects a repeated page and fails); the emulator cannot play this',
    );
}

/**
 * Each filter the provider sends (findByName: names, services; actions of a resource: resourceName),
 * judged by a value no listed item has (an applied filter returns none of them) and one an item has
 * (an applied filter keeps it).
 */
export async function checkFilters(wire: ReadOnlyWire, f: Findings, o: Observed): Promise<void> {
  const probes: { path: string; filter: string; items: Record<string, unknown>[]; field: string }[] = [];
  for (const { d, path, items } of o.kinds) {
    if (d.parent || !items.length) continue;
    if (nameFieldOf(d) === 'name') probes.push({ path, filter: 'names', items, field: 'name' });
    probes.push({ path, filter: 'services', items, field: 'serviceId' });
  }
  if (o.actions?.length)
    probes.push({
      path: '/actions',
      filter: 'resourceName',
      items: o.actions as unknown as Record<string, unknown>[],
      field: 'resourceName',
    });
  for (const p of probes) {
    const have = p.items[0][p.field];
    const none =
      p.field === 'serviceId'
        ? String(Math.max(0, ...p.items.map((i) => Number(i.serviceId) || 0)) + 7919)
        : `doctorprobe${Date.now().toString(36)}`;
    const read = async (value: string) => {
      const a = await wire.get(p.path, p.path === '/actions' ? { [p.filter]: value } : { ...PAGE, [p.filter]: value });
      if (a.status !== 200) return undefined;
      return p.path === '/actions'
        ? Array.isArray(a.body)
          ? (a.body as Record<string, unknown>[])
          : undefined
        : (Envelope.safeParse(a.body).data?.content as Record<string, unknown>[] | undefined);
    };
    const [missing, present] = [await read(none), await read(String(have))];
    const honoured =
      missing !== undefined &&
      present !== undefined &&
      missing.every((i) => String(i[p.field]) === none) &&
      present.some((i) => String(i[p.field]) === String(have)) &&
      present.every((i) => String(i[p.field]) === String(have));
    o.filters.push({ path: p.path, filter: p.filter, verdict: honoured ? 'honoured' : 'ignored' });
    const assumption = `GET ${p.path}?${p.filter}= is applied`;
    const observed = `${p.filter}=<no such value>: ${missing?.length ?? 'error'} item(s); ${p.filter}=<a listed value>: ${present?.length ?? 'error'} item(s), ${honoured ? 'all matching' : 'not all matching'}`;
    if (honoured)
      f.holds(
        `filter.${p.path}.${p.filter}`,
        assumption,
        'documented name, INFERRED strictness',
        observed,
        'none: the SDK checks every answer client-side anyway',
      );
    else
      f.differs(
        `filter.${p.path}.${p.filter}`,
        assumption,
        'documented name, INFERRED strictness',
        observed,
        'none for correctness (the SDK filters client-side), more pages read; do not trust this filter in your own code',
      );
  }
}
