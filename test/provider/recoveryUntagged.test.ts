import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConflictError } from '../../sdk/errors';
import type { ITCareClient } from '../../sdk/client';
import { catalog, collectionPath, nameFieldOf, type AnyResourceDescriptor, type CatalogKey } from '../../sdk/resources';
import { Lifecycle } from '../../provider/lifecycle';
import { sampleOf } from '../helpers/catalogSamples';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { fastClient } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * Recovery without a marker: every kind whose body cannot carry the ownership tag (databases, Kafka,
 * OpenSearch, Overdrive, load balancers, URLs, snapshots), taken from the catalogue, against the
 * emulator over HTTP with its list filters ignored. A create whose 202 does not name the resource,
 * whose 202 is empty or whose answer is lost finds what it created from what ITCare shows (the
 * holder's create action: since when, by whom; its create-only fields), never someone else's
 * resource of the same name; evidence that cannot decide fails naming what settles it.
 */
jest.setTimeout(120_000);

const OTHER = { clientId: 'someone-else', clientSecret: 'someone-else-secret-0123456789' };
let em: SpawnedEmulator;
let api: ITCareClient;
let other: ITCareClient;

beforeAll(async () => {
  em = await spawnEmulator(['--client', `${OTHER.clientId}:${OTHER.clientSecret}`]);
  api = fastClient(em);
  other = fastClient(em, OTHER);
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
  // A journal of creates in flight per test: a note one test leaves (its create failed) is no other test's crash.
  process.env.ITCARE_CREATE_JOURNAL = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-creates-'));
});

const untagged = (Object.entries(catalog) as [CatalogKey, AnyResourceDescriptor][]).filter(
  ([, d]) => !ResourceKind.of(d).owner.carriesMarker(),
);
const MARK = 'organization/proj/dev/0123456789abcdef';
const collection = (d: AnyResourceDescriptor) => d.path.split('/').pop()!;

/** The sample's inputs, each `{ $ref }` replaced by the id of a resource of that kind created for it. */
async function resolved(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(resolved));
  const ref = value && typeof value === 'object' ? (value as { $ref?: CatalogKey }).$ref : undefined;
  if (!ref) return value;
  const args = await argsOf(ref);
  return Number((await new Lifecycle(ResourceKind.of(catalog[ref]), api, args).create(args)).id);
}
async function argsOf(key: CatalogKey): Promise<Record<string, unknown>> {
  const entries = await Promise.all(Object.entries(sampleOf(key).args).map(async ([k, v]) => [k, await resolved(v)] as const));
  return Object.fromEntries(entries);
}

describe.each(untagged)('%s (no ownership tag)', (key, d) => {
  let args: Record<string, unknown>;
  const inputs = (extra: Record<string, unknown> = {}) => ({ ...args, __provider: 'shim', __owner: MARK, ...extra });
  const life = (p: Record<string, unknown>) => new Lifecycle(ResourceKind.of(d), api, p);
  const postPath = () => `^/itcare${collectionPath(d, d.parent ? args[d.parent.field] : undefined)}$`;
  const onPost = (fault: Record<string, unknown>) =>
    em.control.addFault({ method: 'POST', path: postPath(), dryRun: false, count: 1, ...fault });
  const holders = async () => (await em.control.resources(collection(d))).filter((r) => r[nameFieldOf(d)] === args[nameFieldOf(d)]);
  const posts = async () => (await em.control.log()).filter((e) => e.method === 'POST' && !e.dryRun && new RegExp(postPath()).test(e.path));
  /** The same resource created by `by` before ours (`someone else`, or this very client). */
  const createdBefore = async (by: ITCareClient) => {
    const accepted = await ResourceKind.of(d).clientFor(by, args).create(ResourceKind.of(d).createBody(args));
    await by.waitForAction(accepted.actionId!);
    await em.control.clearLog(); // posts() counts the creates under test only
    return String(accepted.resourceId);
  };

  beforeEach(async () => {
    args = await argsOf(key);
    await em.control.clearLog();
  });

  it.each([
    ['a 202 without resourceId', { omitFields: ['resourceId'] }],
    ['an empty 202 body', { emptyBody: true }],
    ['a lost answer (processed, then the socket reset)', { reset: 'after' }],
  ])('%s: the create finds the resource it made, created once', async (_what, fault) => {
    await onPost(fault);
    const { id } = await life(inputs()).create(inputs());
    expect((await holders()).map((h) => String(h.id))).toEqual([id]);
    expect(await posts()).toHaveLength(1);
  });

  it("someone else's resource of that name, created before, is never adopted", async () => {
    const foreign = await createdBefore(other);
    await onPost({ omitFields: ['resourceId'] });
    if (d.uniqueName) {
      await expect(life(inputs()).create(inputs())).rejects.toBeInstanceOf(ConflictError);
      expect((await holders()).map((h) => String(h.id))).toEqual([foreign]);
    } else {
      const { id } = await life(inputs()).create(inputs());
      expect(id).not.toBe(foreign);
      expect((await holders()).map((h) => String(h.id)).sort()).toEqual([foreign, id].sort());
    }
  });

  it("after a lost answer, someone else's resource of that name, created before, is still not this create's", async () => {
    const foreign = await createdBefore(other);
    await onPost({ reset: 'after' });
    const created = await life(inputs())
      .create(inputs())
      .catch((e: unknown) => e);
    if (d.uniqueName) {
      expect(created).toMatchObject({ code: 'ITCARE_NETWORK_ERROR' }); // the POST met the name taken: nothing of ours
      expect((await holders()).map((h) => String(h.id))).toEqual([foreign]);
    } else {
      const { id } = created as { id: string };
      expect((await holders()).map((h) => String(h.id)).sort()).toEqual([foreign, id].sort());
      expect(id).not.toBe(foreign);
    }
    expect(await posts()).toHaveLength(1);
  });

  it('evidence that cannot decide fails naming the resource and what settles it; nothing adopted, nothing created twice', async () => {
    const label = `${d.module}.${d.kind} ${String(args[nameFieldOf(d)])}`;
    if (d.uniqueName) {
      // A lost answer (was the name free? did ITCare act?), and ITCare lists no action at all: the
      // holder's create cannot be told from anyone's. (After a 202, the free unique name would decide.)
      await em.control.addFault({ method: 'GET', path: '^/itcare/actions$', status: 200, body: [] });
      await onPost({ reset: 'after' });
    } else {
      await createdBefore(api); // this very client, a moment ago: either could be this create's
      await onPost({ omitFields: ['resourceId'] });
    }
    const err = (await life(inputs())
      .create(inputs({ timeouts: { create: '3s' } }))
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toContain(`${label}: ITCare may hold this resource's create, but cannot show which resource it is`);
    expect(err.message).toMatch(
      d.uniqueName
        ? /ITCare shows no create action for it.*set `adopt: true` on/
        : /Delete in ITCare those of resources \S+, \S+ that are not this one, then set `adopt: true`/,
    );
    expect(await holders()).toHaveLength(d.uniqueName ? 1 : 2);
    expect(await posts()).toHaveLength(1);
  });

  it('a create left unrecorded (answer lost, ITCare unsearchable until its deadline) is adopted by the next one, not duplicated', async () => {
    await onPost({ reset: 'after' });
    await em.control.addFault({ method: 'GET', path: postPath(), status: 500 });
    await expect(life(inputs()).create(inputs({ timeouts: { create: '3s' } }))).rejects.toThrow(/kept failing until the deadline/);
    await em.control.clearFaults();
    const { id } = await life(inputs()).create(inputs());
    expect((await holders()).map((h) => String(h.id))).toEqual([id]);
    expect(await posts()).toHaveLength(1);
  });
});
