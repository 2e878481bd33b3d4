import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { collector, createStack, desire, steps, teardown, type TestStack } from '../helpers/pulumi';

/**
 * Nothing lost, nothing duplicated: out-of-band deletes, failed actions, lost answers and existing
 * resources, each driven through the real Pulumi CLI against the emulator.
 */
jest.setTimeout(240_000);

const vm = (extra: Record<string, unknown> = {}) => ({ serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4, ...extra });
let em: SpawnedEmulator;
let t: TestStack;

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '200']);
  t = await createStack('recovery', em);
});

// Every clean-up runs: a destroy that throws still stops the emulator.
afterAll(() =>
  teardown(
    () => t?.dispose(),
    () => em?.stop(),
  ),
);

const step = steps();

const named = async (name: string) => (await em.control.instances()).filter((v) => v.name === name);

describe('recovery with the real Pulumi engine', () => {
  step('e. an out-of-band delete is dropped by refresh, and the next up recreates it', async () => {
    await desire(t.stack, { app01: vm() });
    await t.stack.up({ onOutput: () => undefined });
    const [first] = await named('app01');
    await em.control.removeInstance(first.id);
    const refresh = await t.stack.refresh({ onOutput: () => undefined });
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const exported = await t.stack.exportStack();
    expect(exported.deployment.resources.filter((r: { type: string }) => r.type.endsWith(':Instance'))).toHaveLength(0);
    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    const again = await named('app01');
    expect(again).toHaveLength(1);
    expect(again[0].id).not.toBe(first.id);
  });

  step('e. refresh picks up an out-of-band resize, and up puts the declared size back', async () => {
    const [current] = await named('app01');
    await em.control.seedInstance({ ...current, cpu: 8, ram: 32 }); // console resize behind Pulumi's back
    await t.stack.refresh({ onOutput: () => undefined });
    const exported = await t.stack.exportStack();
    const res = exported.deployment.resources.find((r: { type: string }) => r.type.endsWith(':Instance'));
    expect(res.outputs).toMatchObject({ cpu: 8, ram: 32 });
    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await named('app01'))[0]).toMatchObject({ id: current.id, cpu: 2, ram: 4 });
  });

  step("f. an action ERROR on create fails the up with ITCare's message and keeps the id in state", async () => {
    await desire(t.stack, { app01: vm(), bad01: vm() });
    await em.control.failNext(1, 'VM provisioning failed on EB-A: datastore unavailable');
    const out = collector();
    await expect(t.stack.up({ onOutput: out.onOutput })).rejects.toThrow(/datastore unavailable/);
    const [failed] = await named('bad01');
    expect(failed.status).toBe('ERROR');
    const exported = await t.stack.exportStack();
    const res = exported.deployment.resources.find((r: { urn: string }) => r.urn.endsWith('::bad01'));
    expect(res.id).toBe(String(failed.id));
    expect(res.outputs.__provider).toBeDefined(); // destroy must still find the provider
  });

  step('f. a preview that cannot judge the failed create (refused secret) fails and says why, instead of planning', async () => {
    await t.stack.setConfig('itcare:clientSecret', { value: 'not-the-secret', secret: true });
    try {
      const out = collector();
      await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow(/cannot tell whether its create/);
      expect(out.text()).not.toContain('not-the-secret');
    } finally {
      await t.stack.setConfig('itcare:clientSecret', { value: em.clientSecret, secret: true });
    }
  });

  step('g. once the fault is gone the next up converges, with no duplicate', async () => {
    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const bad = await named('bad01');
    expect(bad).toHaveLength(1);
    expect(bad[0].status).toBe('ACTIVE');
  });

  step('a create whose answer is lost is found, not sent twice', async () => {
    await desire(t.stack, { app01: vm(), bad01: vm(), lost01: vm() });
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', reset: 'after', count: 1, dryRun: false });
    await em.control.clearLog();
    const out = collector();
    await t.stack.up({ onOutput: out.onOutput });
    expect(out.text()).toMatch(/answer to the create was lost/);
    const posts = (await em.control.log()).filter((e) => e.method === 'POST' && !e.dryRun && e.path === '/itcare/compute/instances');
    expect(posts).toHaveLength(1);
    expect(await named('lost01')).toHaveLength(1);
  });

  step('an existing resource is refused at preview unless adopted, then adopted without a POST', async () => {
    const seeded = await em.control.seedInstance({
      name: 'legacy01',
      serviceId: 1001,
      status: 'ACTIVE',
      cpu: 2,
      ram: 4,
      productCode: 'deb12',
      networkId: 2001,
    });
    await desire(t.stack, { app01: vm(), bad01: vm(), lost01: vm(), legacy01: vm() });
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(/legacy01.*Set `adopt: true`/s);

    await desire(t.stack, { app01: vm(), bad01: vm(), lost01: vm(), legacy01: vm({ adopt: true, cpu: 4 }) });
    await em.control.clearLog();
    await t.stack.up({ onOutput: () => undefined });
    const log = await em.control.log();
    expect(log.filter((e) => e.method === 'POST' && !e.dryRun && e.path.startsWith('/itcare/'))).toHaveLength(0);
    const exported = await t.stack.exportStack();
    const res = exported.deployment.resources.find((r: { urn: string }) => r.urn.endsWith('::legacy01'));
    expect(res.id).toBe(String(seeded.id));
    expect((await named('legacy01'))[0]).toMatchObject({ id: seeded.id, cpu: 4 }); // converged to the inputs
  });

  step('destroy removes a stopped, a running and an adopted instance alike', async () => {
    await desire(t.stack, { app01: vm({ powerState: 'stopped' }), bad01: vm(), lost01: vm(), legacy01: vm({ adopt: true, cpu: 4 }) });
    await t.stack.up({ onOutput: () => undefined });
    const status = async (name: string) => (await named(name))[0]?.status;
    expect([await status('app01'), await status('bad01'), await status('legacy01')]).toEqual(['INACTIVE', 'ACTIVE', 'ACTIVE']);
    await em.control.clearLog();
    await t.stack.destroy({ onOutput: () => undefined });
    expect(await em.control.instances()).toEqual([]);
    // Only the three running ones needed a stop first; all four were deleted.
    const calls = (await em.control.log()).filter((e) => !e.dryRun && (e.method === 'PATCH' || e.method === 'DELETE')).map((e) => e.method);
    expect(calls.filter((m) => m === 'PATCH')).toHaveLength(3);
    expect(calls.filter((m) => m === 'DELETE')).toHaveLength(4);
  });
});
