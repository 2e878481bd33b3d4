import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { collector, createStack, desire, pulumiBinDir, steps, teardown, type TestStack } from '../helpers/pulumi';

/**
 * The provider driven by the real Pulumi CLI (Automation API, local file:// backend) against the
 * emulator over HTTP: preview, create, resize, stop, rename, destroy, and what the state file holds.
 */
jest.setTimeout(240_000);

const base = { serviceId: 1001, productCode: 'deb12', networkId: 2001, area: 'EB-QA' };
let em: SpawnedEmulator;
let t: TestStack;

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '200']);
  t = await createStack('lifecycle', em);
  const version = await t.stack.workspace.pulumiVersion;
  const info = path.join(path.dirname(pulumiBinDir()), 'build-info.txt');
  const host = fs.existsSync(info) ? fs.readFileSync(info, 'utf8').split('\n')[1] : 'pulumi-language-nodejs from PATH';
  process.stdout.write(`e2e: Pulumi CLI ${version} from ${pulumiBinDir()}; ${host}\n`);
});

// Every clean-up runs: a destroy that throws still stops the emulator.
afterAll(() =>
  teardown(
    () => t?.dispose(),
    () => em?.stop(),
  ),
);

const step = steps();

const mutations = (log: { method: string; path: string; dryRun: boolean }[]) =>
  log.filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'));

describe('Instance lifecycle with the real Pulumi engine', () => {
  step('a. preview of a new stack validates with the server in dry run and mutates nothing', async () => {
    await desire(t.stack, { web01: { ...base, cpu: 2, ram: 4 }, db01: { ...base, productCode: 'rhel9', cpu: 4, ram: 16 } });
    await em.control.clearLog();
    const out = collector();
    const preview = await t.stack.preview({ onOutput: out.onOutput });
    expect(preview.changeSummary.create).toBe(3); // stack + 2 instances
    const log = await em.control.log();
    expect(mutations(log)).toEqual([]);
    expect(log.filter((e) => e.method === 'POST' && e.dryRun && e.path === '/itcare/compute/instances')).toHaveLength(2);
    expect(await em.control.instances()).toEqual([]);
  });

  step("a. a preview with a sizing the server refuses fails with ITCare's message before anything exists", async () => {
    await desire(t.stack, { web01: { ...base, cpu: 3, ram: 4 } });
    await em.control.clearLog();
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow(/3 vCPU is not offered/);
    expect(out.text()).toMatch(/Instance web01: ITCare rejected it in dry run \(INVALID_FIELD_VALUE\)/);
    expect(mutations(await em.control.log())).toEqual([]);
    expect(await em.control.instances()).toEqual([]);
  });

  step('a. a schema violation names the resource, the property and the rule, without calling ITCare', async () => {
    await desire(t.stack, { web01: { ...base, cpu: 2, ram: 4, powerState: 'paused' } });
    await em.control.clearLog();
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(/Instance web01: powerState: .*allowed: "running", "stopped"/);
    expect((await em.control.log()).filter((e) => e.path.startsWith('/itcare/compute'))).toEqual([]);
  });

  step('b. up creates the instances, ACTIVE in ITCare, with typed outputs', async () => {
    await desire(t.stack, { web01: { ...base, cpu: 2, ram: 4 }, db01: { ...base, productCode: 'rhel9', cpu: 4, ram: 16 } });
    await em.control.clearLog();
    const out = collector();
    const up = await t.stack.up({ onOutput: out.onOutput });
    expect(up.summary.resourceChanges?.create).toBe(3); // the stack and 2 instances
    // The preview of test a was another command: what it saw may have changed, the up asks again,
    // once per new resource (the Automation API's up has no preview of its own).
    expect((await em.control.log()).filter((e) => e.method === 'POST' && e.dryRun)).toHaveLength(2);
    expect(out.text()).toMatch(/itcare: compute\.Instance web01: CREATE_INSTANCE action \d+ (IN_PROGRESS|SUCCESS) \(\d+\.\d s\)/);
    const vms = await em.control.instances();
    expect(vms.map((v) => [v.name, v.status]).sort()).toEqual([
      ['db01', 'ACTIVE'],
      ['web01', 'ACTIVE'],
    ]);
    const outputs = up.outputs.instances.value as Record<string, Record<string, unknown>>;
    const web = vms.find((v) => v.name === 'web01')!;
    expect(outputs.web01).toEqual({
      resourceId: web.id,
      name: 'web01',
      status: 'ACTIVE',
      powerState: 'running',
      cpu: 2,
      ram: 4,
      ipAddress: web.ipAddress,
    });
    expect(typeof outputs.web01.resourceId).toBe('number');
  });

  step('b. a second up changes nothing: no mutation, and no dry run since nothing is to be created or changed', async () => {
    await em.control.clearLog();
    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toEqual({ same: 3 });
    const log = await em.control.log();
    expect(mutations(log)).toEqual([]);
    expect(log.filter((e) => e.dryRun)).toEqual([]);
  });

  step('c. resize updates in place (same id); powerState stopped stops it', async () => {
    const before = (await em.control.instances()).find((v) => v.name === 'web01')!;
    await desire(t.stack, {
      web01: { ...base, cpu: 4, ram: 8, powerState: 'stopped' },
      db01: { ...base, productCode: 'rhel9', cpu: 4, ram: 16 },
    });
    await em.control.clearLog();
    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    const after = (await em.control.instances()).find((v) => v.name === 'web01')!;
    expect(after).toMatchObject({ id: before.id, cpu: 4, ram: 8, status: 'INACTIVE' });
    const patches = (await em.control.log()).filter((e) => e.method === 'PATCH' && !e.dryRun);
    expect(patches).toHaveLength(2); // resize, then stop
    expect((up.outputs.instances.value as Record<string, Record<string, unknown>>).web01).toMatchObject({
      powerState: 'stopped',
      status: 'INACTIVE',
      cpu: 4,
      ram: 8,
    });
  });

  step('d. a rename replaces the instance: the old one is stopped and deleted, a new one created', async () => {
    const old = (await em.control.instances()).find((v) => v.name === 'web01')!;
    await desire(t.stack, { web01: { ...base, name: 'web02', cpu: 4, ram: 8 }, db01: { ...base, productCode: 'rhel9', cpu: 4, ram: 16 } });
    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const vms = await em.control.instances();
    expect(vms.map((v) => v.name).sort()).toEqual(['db01', 'web02']);
    expect(vms.find((v) => v.name === 'web02')!.id).not.toBe(old.id);
  });

  step('h. the state holds neither the client secret nor any token, and a tiny provider', async () => {
    const state = t.stateText();
    expect(state.length).toBeGreaterThan(1000);
    expect(state).not.toContain(em.clientSecret);
    expect(state).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT
    const exported = await t.stack.exportStack();
    const vm = exported.deployment.resources.find((r: { type: string }) => r.type === 'pulumi-nodejs:dynamic/compute:Instance');
    expect(vm.outputs.__provider).toMatch(/require\(['"]pulumi-itcare\/provider\/engine['"]\)/);
    expect(vm.outputs.__provider.length).toBeLessThan(4000);
  });

  step('g. destroy stops then deletes everything; the emulator is empty', async () => {
    await em.control.clearLog();
    await t.stack.destroy({ onOutput: () => undefined });
    expect(await em.control.instances()).toEqual([]);
    const calls = (await em.control.log()).filter((e) => !e.dryRun && (e.method === 'PATCH' || e.method === 'DELETE')).map((e) => e.method);
    expect(calls.sort()).toEqual(['DELETE', 'DELETE', 'PATCH', 'PATCH']); // both were running: stop + delete each
  });
});
