import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalog, nameFieldOf, parsePath, type AnyResourceDescriptor } from '../../sdk/resources';
import { PASSWORDS, PG_PASSWORD, REDIS_PASSWORD, SHARE_PASSWORD, sampleOf } from '../helpers/catalogSamples';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { collector, createStack, REPO, type TestStack } from '../helpers/pulumi';

/**
 * One lifecycle under the real Pulumi CLI, parameterised over every descriptor of the catalogue: one
 * stack holds one resource of each kind, and each step changes them all at once (so the test costs
 * a handful of CLI runs, whatever the number of kinds): create, no-op up, an in-place operation, a
 * create-only change that replaces, powerState stopped, refresh after an out-of-band delete, destroy.
 * Then the example of examples/databases/ (its own Pulumi.yaml), on the same emulator. Passwords are greped for in state,
 * outputs and everything the CLI printed.
 */
jest.setTimeout(600_000);

const PROGRAM = path.join(REPO, 'test', 'e2e', 'catalogProgram');
const kinds = Object.entries(catalog) as [string, AnyResourceDescriptor][];
/** Kinds with start/stop (not load balancers, URLs, snapshots). */
const powered = kinds.filter(([, d]) => d.power);
const keyOf = (kind: string) => kind.replace('.', '-').toLowerCase();
const collectionOf = (d: AnyResourceDescriptor) => parsePath(d.path).collection;

let em: SpawnedEmulator;
let t: TestStack;
const printed = collector();

/** Desired resources: every sample, with `change(kind)` merged into its args. */
async function desire(change: (kind: string) => Record<string, unknown> = () => ({})): Promise<void> {
  const resources = Object.fromEntries(
    kinds.map(([kind]) => [keyOf(kind), { type: kind, args: { ...sampleOf(kind).args, ...change(kind) } }]),
  );
  // Secret config, as a user keeps passwords (the backend records a stack's config); the program still
  // reads it as a plain object, so each password reaches the resource as a plain string.
  await t.stack.setConfig('resources', { value: JSON.stringify(resources), secret: true });
}

/** What the emulator holds of each kind: name → model. */
async function held(): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [kind, d] of kinds) out[kind] = await em.control.resources(collectionOf(d));
  return out;
}

const mutations = async () => (await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'));

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '100']);
  t = await createStack('catalog', em, PROGRAM);
});

afterAll(async () => {
  await t?.dispose();
  await em?.stop();
});

describe('every descriptor under the real Pulumi CLI', () => {
  let firstIds: Record<string, number> = {};

  it('1. up creates one resource of each kind, ACTIVE and running', async () => {
    await desire();
    const up = await t.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges?.create).toBe(kinds.length + 1);
    const now = await held();
    for (const [kind, d] of kinds) {
      const field = nameFieldOf(d);
      expect(now[kind].map((r) => [r[field], r.status])).toEqual([[sampleOf(kind).args[field], d.statuses.created]]);
    }
    const outs = up.outputs.resources.value as Record<string, Record<string, unknown>>;
    for (const [kind, d] of kinds)
      expect(outs[keyOf(kind)]).toMatchObject({ resourceId: now[kind][0].id, ...(d.power ? { powerState: 'running' } : {}) });
    // Children under the parent the program named through its output; a snapshot's id is a string.
    expect(now['networking.LoadBalancerUrl'][0].loadBalancerId).toBe(now['networking.LoadBalancer'][0].id);
    expect(now['compute.Snapshot'][0]).toMatchObject({
      instanceId: now['compute.Instance'][0].id,
      id: `${now['compute.Instance'][0].id}-snap-1`,
    });
    expect(now['networking.LoadBalancer'][0].members).toEqual([now['compute.Instance'][0].id]);
    firstIds = Object.fromEntries(kinds.map(([kind]) => [kind, now[kind][0].id as number]));
  });

  it('2. a second up changes nothing and mutates nothing', async () => {
    await em.control.clearLog();
    const up = await t.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges).toEqual({ same: kinds.length + 1 });
    expect(await mutations()).toEqual([]);
  });

  it("3. an in-place change is the descriptor's operation, same ids", async () => {
    const inPlace = kinds.filter(([kind]) => sampleOf(kind).inPlace);
    await desire((kind) => sampleOf(kind).inPlace?.change ?? {});
    await em.control.clearLog();
    const up = await t.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: inPlace.length });
    const now = await held();
    for (const [kind] of inPlace) expect(now[kind][0]).toMatchObject({ id: firstIds[kind], ...sampleOf(kind).inPlace!.expect });
    expect((await mutations()).filter((e) => e.method === 'PATCH')).toHaveLength(inPlace.length);
  });

  it('4. a password change is refused at preview, naming the field and what to do, never a replace', async () => {
    await desire((kind) => ({
      ...sampleOf(kind).inPlace?.change,
      ...(kind === 'databases.PostgreSQL' ? { admPassword: 'N3w!Password#2027' } : {}),
    }));
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(/PostgreSQL catpg01: admPassword changed, but ITCare has no operation to change it/);
    expect(out.text()).not.toContain('N3w!Password#2027');
  });

  it('5. a create-only change is a replace, shown at preview, and makes a new resource; a replaced parent replaces its children', async () => {
    await desire((kind) => ({ ...sampleOf(kind).inPlace?.change, ...sampleOf(kind).replace }));
    const preview = await t.stack.preview({ onOutput: printed.onOutput });
    expect(preview.changeSummary.replace).toBe(kinds.length);
    const up = await t.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ replace: kinds.length });
    const now = await held();
    for (const [kind] of kinds) {
      expect(now[kind]).toHaveLength(1);
      expect(now[kind][0].id).not.toBe(firstIds[kind]);
      expect(now[kind][0]).toMatchObject(sampleOf(kind).replace);
    }
    // The URL and the snapshot have no change of their own: they follow their new parents.
    expect(now['networking.LoadBalancerUrl'][0].loadBalancerId).toBe(now['networking.LoadBalancer'][0].id);
    expect(now['compute.Snapshot'][0].instanceId).toBe(now['compute.Instance'][0].id);
    expect(now['networking.LoadBalancer'][0].members).toEqual([now['compute.Instance'][0].id]);
  });

  const stopped = (kind: string) => ((catalog as Record<string, AnyResourceDescriptor>)[kind].power ? { powerState: 'stopped' } : {});

  it('6. powerState stopped stops every kind that has start/stop', async () => {
    await desire((kind) => ({ ...sampleOf(kind).inPlace?.change, ...sampleOf(kind).replace, ...stopped(kind) }));
    const up = await t.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: powered.length });
    const now = await held();
    for (const [kind, d] of powered) expect(now[kind][0].status).toBe(d.power!.stopped.status);
  });

  it('7. refresh after an out-of-band delete drops each resource from state; the next up recreates them', async () => {
    const now = await held();
    for (const [kind, d] of kinds) await em.control.removeResource(collectionOf(d), now[kind][0].id as number | string);
    const refresh = await t.stack.refresh({ onOutput: printed.onOutput });
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: kinds.length });
    const up = await t.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: kinds.length });
  });

  it('8. neither state, outputs nor anything printed holds a password, after a refresh too; admPassword is ciphertext in state', async () => {
    // A refresh stores the inputs read() rebuilds from the outputs: they must stay secrets too.
    const refresh = await t.stack.refresh({ onOutput: printed.onOutput });
    expect(refresh.summary.resourceChanges).toEqual({ same: kinds.length + 1 });
    // stack export of the Automation API decrypts (--show-secrets): the backend's own files are what count.
    const places = { state: t.stateText(), outputs: JSON.stringify(await t.stack.outputs()), printed: printed.text() };
    const hits = Object.entries(places).flatMap(([where, text]) =>
      PASSWORDS.filter((p) => text.includes(p)).map(
        (p) => `${where}: ${text.slice(Math.max(0, text.indexOf(p) - 300), text.indexOf(p) + 30)}`,
      ),
    );
    expect(hits).toEqual([]);
    const checkpoint = JSON.parse(
      fs.readFileSync(path.join(t.dir, 'backend', '.pulumi', 'stacks', 'itcare-e2e-catalog', 'catalog.json'), 'utf8'),
    );
    const pg = checkpoint.checkpoint.latest.resources.find(
      (r: { type: string }) => r.type === 'pulumi-nodejs:dynamic/databases:PostgreSQL',
    );
    const secretSig = '4dabf18193072939515e22adb298388d';
    expect(pg.inputs.admPassword[secretSig]).toBe('1b47061264138c4ac30d75fd1eb44270');
    expect(pg.outputs.admPassword[secretSig]).toBe('1b47061264138c4ac30d75fd1eb44270');
    expect(pg.outputs.__provider).not.toContain(PG_PASSWORD);
  });

  it("9. a refresh after a snapshot's expiration date drops it from state; the next up takes a new one", async () => {
    const [expired] = (await held())['compute.Snapshot'];
    await em.control.editResource('snapshots', expired.id as string, { expirationDate: '2020-01-01T00:00:00.000+0000' });
    const refresh = await t.stack.refresh({ onOutput: printed.onOutput });
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1, same: kinds.length });
    const up = await t.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await held())['compute.Snapshot'].map((s) => s.id)).toEqual([expired.id, expect.not.stringMatching(String(expired.id))]);
  });

  it('10. destroy stops and deletes every kind, children before their parents; the emulator is empty but for the expired snapshot', async () => {
    await em.control.clearLog();
    await t.stack.destroy({ onOutput: printed.onOutput });
    const now = await held();
    for (const [kind] of kinds) if (kind !== 'compute.Snapshot') expect(now[kind]).toEqual([]);
    expect(now['compute.Snapshot']).toHaveLength(1); // expired: ITCare's to purge, and it never held the instance
    const deletes = (await mutations()).filter((e) => e.method === 'DELETE').map((e) => e.path.replace(/^\/itcare/, ''));
    const at = (re: RegExp) => deletes.findIndex((p) => re.test(p));
    expect(at(/\/urls\/\d+$/)).toBeLessThan(at(/^\/networking\/loadbalancers\/\d+$/));
    expect(at(/\/snapshots\/[\w-]+$/)).toBeLessThan(at(/^\/compute\/instances\/\d+$/));
    expect(at(/\/urls\/\d+$/)).toBeGreaterThanOrEqual(0);
  });
});

describe('examples/databases under the real Pulumi CLI, on the same emulator', () => {
  const EXAMPLE = path.join(REPO, 'examples', 'databases');
  let ex: TestStack;
  const secrets = { dbPassword: PG_PASSWORD, cachePassword: REDIS_PASSWORD, sharePassword: SHARE_PASSWORD };

  beforeAll(async () => {
    ex = await createStack('databases', em, EXAMPLE);
    for (const [k, value] of Object.entries(secrets)) await ex.stack.setConfig(k, { value, secret: true });
  });
  afterAll(async () => {
    await ex?.dispose();
  });

  it('up creates the application: an instance, a PostgreSQL HA, a Redis HA and an Overdrive share, databases protected', async () => {
    const out = collector();
    const up = await ex.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges?.create).toBe(5);
    expect(up.outputs).toMatchObject({
      dbTopology: { value: 'HA' },
      cacheTopology: { value: 'HIGH_AVAILABILITY' },
      shareQuotaGb: { value: 500 },
    });
    expect((await em.control.resources('postgresql')).map((r) => [r.name, r.topology, r.nodePrefix, r.tls])).toEqual([
      ['shopdb01', 'HA', 'SHOPPG', true],
    ]);
    expect((await em.control.resources('redis')).map((r) => r.name)).toEqual(['SHOPCACHE01']);
    expect((await em.control.resources('overdrive')).map((r) => r.name)).toEqual(['shop-files']);
    const checkpoint = JSON.parse(
      fs.readFileSync(path.join(ex.dir, 'backend', '.pulumi', 'stacks', 'itcare-databases', 'databases.json'), 'utf8'),
    );
    const protectedTypes = checkpoint.checkpoint.latest.resources
      .filter((r: { protect?: boolean }) => r.protect)
      .map((r: { type: string }) => r.type.split('/').pop())
      .sort();
    expect(protectedTypes).toEqual(['databases:PostgreSQL', 'databases:Redis']);
    const text = [ex.stateText(), JSON.stringify(up.outputs), out.text()].join('\n');
    for (const p of Object.values(secrets)) expect(text).not.toContain(p);
  });

  it('protect: true keeps the databases from a destroy until it is lifted', async () => {
    await expect(ex.stack.destroy({ onOutput: () => undefined })).rejects.toThrow(/protect/);
    expect(await em.control.resources('postgresql')).toHaveLength(1);
    await ex.stack.setConfig('protect', { value: 'false' });
    await ex.stack.up({ onOutput: () => undefined });
    await ex.stack.destroy({ onOutput: () => undefined });
    for (const c of ['instances', 'postgresql', 'redis', 'overdrive']) expect(await em.control.resources(c)).toEqual([]);
  });
});
