import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type SpawnedEmulator, apiMutations, spawnEmulator } from '../helpers/emulator';
import { nativePluginPath, pythonHostPath } from '../helpers/native';
import { REPO, type StackCli, engineEnv, stackCli, steps, teardown } from '../helpers/pulumi';

/**
 * examples/python under the real CLI and the Python language host (scripts/ensure-pulumi-python), with
 * its SDK made as examples/python/README.md says: `pulumi package gen-sdk <the plugin> --language python`,
 * then pip-installed (here into a directory on PYTHONPATH: the cached venv stays as built). The native
 * provider is `pulumi-resource-itcare` on PATH, as for Pulumi YAML. One stack: a preview ITCare's dry run
 * refuses, up, a no-op up, destroy; the database password and the client secret in no state and no output.
 */
jest.setTimeout(240_000);

const DB_PASSWORD = 'ShopDb#Passw0rd';
let em: SpawnedEmulator;
let dir: string;
let cli: StackCli;
const outputs: string[] = [];
const step = steps();
let destroyed = false;

/** A CLI run on the stack that must succeed; its output is kept for the leak check. */
async function ok(...args: string[]): Promise<string> {
  const out = await cli.ok(...args, '--stack', 'dev');
  outputs.push(out);
  return out;
}

beforeAll(async () => {
  em = await spawnEmulator();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-python-'));
  const prog = path.join(dir, 'prog');
  fs.mkdirSync(prog);
  fs.mkdirSync(path.join(dir, 'backend'));
  for (const file of ['Pulumi.yaml', '__main__.py']) fs.copyFileSync(path.join(REPO, 'examples', 'python', file), path.join(prog, file));
  const base = engineEnv(dir);
  const [pluginBin, ...hosts] = nativePluginPath(dir);
  const [pythonHost, venvBin] = pythonHostPath();
  const site = path.join(dir, 'site');
  cli = stackCli(prog, {
    ...process.env, ...base, PATH: [pluginBin, ...hosts, pythonHost, venvBin, base.PATH].join(path.delimiter), PYTHONPATH: site, PULUMI_NON_INTERACTIVE: 'true',
  });
  // The SDK, from the plugin's schema, by the CLI and the language host; installed offline.
  const sdk = path.join(dir, 'sdk');
  await cli.ok('package', 'gen-sdk', path.join(pluginBin, 'pulumi-resource-itcare'), '--language', 'python', '--out', sdk);
  execFileSync(path.join(venvBin, 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-build-isolation', '--no-index',
    '--target', site, path.join(sdk, 'python')], { stdio: ['ignore', 'ignore', 'inherit'] });
  await cli.ok('stack', 'init', 'dev');
  await ok('config', 'set-all', '--plaintext', `itcare:url=${em.url}`, '--plaintext', `itcare:oidcIssuer=${em.issuer}`, '--plaintext', `itcare:clientId=${em.clientId}`,
    '--secret', `itcare:clientSecret=${em.clientSecret}`, '--secret', `dbPassword=${DB_PASSWORD}`, '--plaintext', 'webCpu=3');
});

afterAll(async () => {
  await teardown(
    // After a failed step, a best-effort destroy (the emulator stops next, whatever it leaves).
    async () => { if (cli && !destroyed) await cli.run('destroy', '--yes', '--stack', 'dev'); },
    () => em?.stop(),
    async () => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); },
  );
});

step('preview fails a sizing ITCare refuses in its dry run, naming the resource and the property, before any mutation', async () => {
  const r = await cli.run('preview', '--stack', 'dev');
  outputs.push(r.output);
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/itcare:compute:Instance \(web01\):[\s\S]*cpu[\s\S]*3 vCPU is not offered/);
  expect(await apiMutations(em)).toEqual([]);
});

step('up creates the instance and the database under their own types, each progress line under its resource', async () => {
  await ok('config', 'set', 'webCpu', '2');
  const out = await ok('up', '--yes');
  expect(out).toMatch(/\+ 3 created/);
  for (const type of ['itcare:compute:Instance', 'itcare:databases:PostgreSQL']) expect(out).toContain(type);
  expect(out).toMatch(/itcare:compute:Instance \(web01\):\n\s+compute\.Instance web01: CREATE_INSTANCE action \d+ (IN_PROGRESS|SUCCESS)/);
  expect((await em.control.instances()).map((i) => i.name)).toEqual(['web01']);
  expect((await em.control.resources('postgresql')).map((d) => d.name)).toEqual(['shopdb01']);
  expect(await ok('stack', 'output', 'web01Ip')).toMatch(/^\d+\.\d+\.\d+\.\d+\s*$/);
  await ok('stack', 'export');
});

step('a second up changes nothing: 0 API mutations', async () => {
  await em.control.clearLog();
  expect(await ok('up', '--yes')).toMatch(/3 unchanged/);
  expect(await apiMutations(em)).toEqual([]);
});

step('destroy deletes both', async () => {
  await ok('destroy', '--yes');
  destroyed = true;
  expect(await em.control.instances()).toEqual([]);
  expect(await em.control.resources('postgresql')).toEqual([]);
});

step('neither the database password nor the client secret is in the state or any output', async () => {
  expect(outputs.join('\n')).toContain('"urn:pulumi:dev::itcare-python::itcare:databases:PostgreSQL::shopdb"'); // the state export is among them
  for (const secret of [DB_PASSWORD, em.clientSecret]) expect(outputs.join('\n')).not.toContain(secret);
});
