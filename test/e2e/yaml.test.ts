import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runImport } from '../../importer/cli';
import { type SpawnedEmulator, apiMutations as mutations, sdkClient, spawnEmulator } from '../helpers/emulator';
import { nativePluginPath } from '../helpers/native';
import { REPO, type StackCli, engineEnv, providerConfigArgs, stackCli, steps, teardown } from '../helpers/pulumi';

/**
 * examples/yaml under the real CLI and the Pulumi YAML language host (scripts/ensure-pulumi-yaml),
 * with the native provider found the way docs/native.md says a user gets it: `pulumi-resource-itcare`
 * on PATH (npm's bin link to dist/native/main.js). One stack through preview, up, a no-op up,
 * refresh, `pulumi import` of an instance and a database, and destroy; the program also holds
 * two explicit providers with their own credentials, one on a second emulator (another ITCare account).
 */
jest.setTimeout(180_000);

let em: SpawnedEmulator;
let other: SpawnedEmulator;
let dir: string;
let prog: string;
const step = steps();
let destroyed = false;
let cli: StackCli;
const names = async (e: SpawnedEmulator) => (await e.control.instances()).map((i) => i.name).sort();

/** An explicit provider on this emulator's account, and an instance through it (YAML). */
const account = (provider: string, e: SpawnedEmulator, instance: string) => `  ${provider}:
    type: pulumi:providers:itcare
    properties:
      url: ${e.url}
      oidcIssuer: ${e.issuer}
      clientId: ${e.clientId}
      clientSecret: \${accountSecret}
  ${instance}:
    type: itcare:compute:Instance
    properties: { serviceId: 1001, networkId: 2001, productCode: deb12, cpu: 2, ram: 4 }
    options:
      provider: \${${provider}}`;

/** Adds resources to the program (YAML text under `resources:`). */
function addResources(yaml: string): void {
  const file = path.join(prog, 'Pulumi.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('\noutputs:', `\n${yaml.replace(/\s*$/, '\n')}\noutputs:`));
}

beforeAll(async () => {
  [em, other] = await Promise.all([spawnEmulator(), spawnEmulator()]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-yaml-'));
  prog = path.join(dir, 'prog');
  fs.mkdirSync(prog);
  fs.mkdirSync(path.join(dir, 'backend'));
  fs.copyFileSync(path.join(REPO, 'examples', 'yaml', 'Pulumi.yaml'), path.join(prog, 'Pulumi.yaml'));
  const base = engineEnv(dir);
  const env = { ...process.env, ...base, PATH: [...nativePluginPath(dir), base.PATH].join(path.delimiter), PULUMI_NON_INTERACTIVE: 'true' };
  cli = stackCli(prog, env);
  // Two explicit providers, each with its own credentials (none from the stack config): one on this
  // emulator, one on a second emulator (another ITCare account).
  addResources(`${account('mine', em, 'here01')}\n${account('other', other, 'elsewhere01')}`);
  await cli.ok('stack', 'init', 'dev');
  await cli.ok(
    'config',
    'set-all',
    ...providerConfigArgs(em),
    '--secret',
    'dbPassword=ShopDb#Passw0rd',
    '--secret',
    `accountSecret=${other.clientSecret}` /* both emulators: the demo account */,
    '--plaintext',
    'webCpu=3',
  );
});

afterAll(async () => {
  await teardown(
    // After a failed step, a best-effort destroy (the emulators stop next, whatever it leaves).
    async () => {
      if (cli && !destroyed) await cli.run('destroy', '--yes', '--stack', 'dev');
    },
    () => em?.stop(),
    () => other?.stop(),
    async () => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});

step('preview fails a sizing ITCare refuses in its dry run, naming the resource and the property, before any mutation', async () => {
  const r = await cli.run('preview', '--stack', 'dev');
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/itcare:compute:Instance \(web01\):[\s\S]*cpu[\s\S]*3 vCPU is not offered/);
  expect(await mutations(em)).toEqual([]);
});

step(
  'up creates every resource under its own type, each progress line under its resource, one instance through each explicit provider',
  async () => {
    await cli.ok('config', 'set', 'webCpu', '2', '--stack', 'dev');
    const out = await cli.ok('up', '--yes', '--stack', 'dev');
    expect(out).toMatch(/\+ 10 created/);
    for (const type of [
      'itcare:compute:Instance',
      'itcare:databases:PostgreSQL',
      'itcare:networking:LoadBalancer',
      'itcare:networking:LoadBalancerUrl',
    ])
      expect(out).toContain(type);
    expect(out).toMatch(/itcare:compute:Instance \(web01\):\n\s+compute\.Instance web01: CREATE_INSTANCE action \d+ (IN_PROGRESS|SUCCESS)/);
    expect(await names(em)).toEqual(['here01', 'web01', 'web02']);
    expect(await names(other)).toEqual(['elsewhere01']);
    const state = await cli.ok('stack', 'export', '--stack', 'dev');
    expect(state).not.toContain('ShopDb#Passw0rd');
    expect(state).not.toContain(em.clientSecret);
  },
);

step('a second up changes nothing: 0 API mutations', async () => {
  await Promise.all([em.control.clearLog(), other.control.clearLog()]);
  expect(await cli.ok('up', '--yes', '--stack', 'dev')).toMatch(/10 unchanged/);
  expect([...(await mutations(em)), ...(await mutations(other))]).toEqual([]);
});

step('refresh takes an out-of-band resize into state', async () => {
  const web01 = (await em.control.instances()).find((i) => i.name === 'web01')!;
  await em.control.editResource('instances', web01.id, { cpu: 8 });
  await cli.ok('refresh', '--yes', '--stack', 'dev');
  const state = JSON.parse(await cli.ok('stack', 'export', '--stack', 'dev'));
  const r = state.deployment.resources.find((x: { urn: string }) => x.urn.endsWith('::web01'));
  expect(r.outputs.cpu).toBe(8);
});

step(
  "pulumi import of an instance by id and of a database from itcare-import's --file prints their code; with it, the next up makes 0 mutations",
  async () => {
    const vm = await em.control.seedInstance({ name: 'legacy01', serviceId: 1001 });
    const db = (await fetch(`http://127.0.0.1:${em.port}/_emulator/resources/postgresql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'legacydb01', serviceId: 1001, productCode: 'deb12pg16', nodeSizing: '2cpu4gb', diskSize: 40 }),
    }).then((r) => r.json())) as { id: number };
    // The instance by its id on the command line; the database from the estate importer's file.
    const file = path.join(dir, 'import.json');
    await runImport(
      { service: 'DEMO', kinds: 'postgresql', names: 'legacydb01', out: file, format: 'import' },
      sdkClient(em),
      () => undefined,
    );
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      resources: [{ type: 'itcare:databases:PostgreSQL', name: 'legacydb01', id: String(db.id) }],
    });
    const code: string[] = [];
    for (const args of [
      ['itcare:compute:Instance', 'legacy01', String(vm.id)],
      ['--file', file],
    ]) {
      const out = await cli.ok('import', ...args, '--yes', '--stack', 'dev');
      expect(out).toMatch(/= 1 imported/);
      // The printed program: the indented lines after `resources:` (stderr's lines follow them).
      const after = out.slice(out.lastIndexOf('\nresources:\n') + '\nresources:\n'.length).split('\n');
      code.push(
        after
          .slice(
            0,
            after.findIndex((l) => !l.startsWith(' ')),
          )
          .join('\n'),
      );
    }
    expect(code[0]).toContain('  legacy01:\n    type: itcare:compute:Instance');
    expect(code[1]).toContain('  legacydb01:\n    type: itcare:databases:PostgreSQL');
    // ITCare never returns a password: the program supplies it (printed as ""), the rest as printed.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation, not a JavaScript template
    addResources(code.join('\n').replace('admPassword: ""', 'admPassword: ${dbPassword}'));
    await cli.ok('config', 'set', 'webCpu', '8', '--stack', 'dev'); // the program takes the refreshed sizing
    await em.control.clearLog();
    const out = await cli.ok('up', '--yes', '--stack', 'dev');
    // The database's update records the password in state only.
    expect(out).toMatch(/~ 1 updated\n\s+11 unchanged/);
    expect(await mutations(em)).toEqual([]);
  },
);

step('destroy deletes everything, in both accounts', async () => {
  await cli.ok('state', 'unprotect', '--all', '--yes', '--stack', 'dev'); // imports are protected
  await cli.ok('destroy', '--yes', '--stack', 'dev');
  destroyed = true;
  expect(await names(em)).toEqual([]);
  expect(await names(other)).toEqual([]);
  expect(await em.control.resources('postgresql')).toEqual([]);
});
