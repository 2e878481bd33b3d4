import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { INSTANCES_PROGRAM, installedProject } from '../../bench/project';
import { createStack, desire, type TestStack } from '../helpers/pulumi';

/**
 * Upgrading: a state written by pulumi-itcare 0.1.0 (fixtures/state-0.1.0.json, whose `__provider`
 * is the old 3 kB shim requiring `pulumi-itcare/provider/engine`) is imported into a stack of a
 * project where the current package is installed; refresh, update, delete and destroy work on it
 * with the real CLI, and what the current version writes is the small provider.
 */
jest.setTimeout(300_000);

type Deployment = { resources: { urn: string; type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'state-0.1.0.json'), 'utf8'));
const base = { serviceId: 1001, productCode: 'deb12', networkId: 2001, area: 'EB-QA' };

let em: SpawnedEmulator;
let project: ReturnType<typeof installedProject>;
let t: TestStack;

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '200']);
  project = installedProject(INSTANCES_PROGRAM);
  t = await createStack('legacy', em, project.dir);
});

afterAll(async () => {
  await t?.dispose();
  project?.dispose();
  await em?.stop();
});

const instances = async (kind = 'compute:Instance') =>
  ((await t.stack.exportStack()).deployment as Deployment).resources.filter((r) => r.type.endsWith(kind));

describe('a state written by pulumi-itcare 0.1.0', () => {
  it('refreshes, updates, deletes and destroys with the current version, which writes a provider of at most 600 characters', async () => {
    for (const seed of fixture.instances) await em.control.seedInstance(seed);
    const text = JSON.stringify(fixture.export)
      .replaceAll('LEGACY_STACK', 'legacy')
      .replaceAll('EMULATOR_URL', em.url)
      .replaceAll('EMULATOR_ISSUER', em.issuer)
      .replaceAll('CLIENT_SECRET', em.clientSecret);
    // The import encrypts the fixture's plaintext secrets with this stack's passphrase salt.
    const salt = /encryptionsalt: (\S+)/.exec(fs.readFileSync(path.join(project.dir, 'Pulumi.legacy.yaml'), 'utf8'))![1];
    const state = JSON.parse(text);
    state.deployment.secrets_providers = { type: 'passphrase', state: { salt } };
    await t.stack.importStack(state);
    const old = await instances();
    expect(old.map((r) => String(r.outputs?.__provider).length)).toEqual([3132, 3132]);
    expect(String(old[0].outputs?.__provider)).toContain("require('pulumi-itcare/provider/engine')");

    // Refresh runs the old shim's read.
    const web01 = fixture.instances.find((i: { name: string }) => i.name === 'web01');
    await em.control.removeInstance(web01.id);
    await em.control.seedInstance({ ...web01, cpu: 4 }); // resized out of band
    await t.stack.refresh({ onOutput: () => undefined });
    expect((await instances()).find((r) => r.urn.endsWith('::web01'))?.outputs?.cpu).toBe(4);

    // db01 leaves the program: deleted by the old shim stored in state; web01 is resized by the new one.
    await desire(t.stack, { web01: { ...base, cpu: 2, ram: 8, powerState: 'running' } });
    await t.stack.up({ onOutput: () => undefined });
    const vms = await em.control.instances();
    expect(vms.map((v) => [v.name, v.cpu, v.ram])).toEqual([['web01', 2, 8]]);
    const [now] = await instances();
    const provider = String(now.outputs?.__provider);
    expect(provider).toContain('require("pulumi-itcare/provider/dynamic")');
    expect(provider.length).toBeLessThanOrEqual(600);
    process.stdout.write(
      `legacy: __provider ${old[0].outputs?.__provider && String(old[0].outputs.__provider).length} → ${provider.length} characters\n`,
    );

    await t.stack.destroy({ onOutput: () => undefined });
    expect(await em.control.instances()).toEqual([]);
  });
});
