import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { type SpawnedEmulator, apiMutations, spawnEmulator } from '../helpers/emulator';
import { languageHosts, nativePluginPath } from '../helpers/native';
import { REPO, type StackCli, engineEnv, providerConfigArgs, stackCli, steps, teardown } from '../helpers/pulumi';

/**
 * examples/python and examples/go under the real CLI, each with its SDK made as its README says:
 * `pulumi package gen-sdk <the plugin> --language <language>`, by the hosts of
 * scripts/ensure-pulumi-python; the native provider is `pulumi-resource-itcare` on PATH, as for Pulumi
 * YAML. Each stack: a preview ITCare's dry run refuses, up, a no-op up, destroy; the database password
 * and the client secret in no state and no output.
 */
jest.setTimeout(900_000); // a Go program's first build compiles the Pulumi Go SDK (minutes on 2 cores)

const run = promisify(execFile);
const DB_PASSWORD = 'ShopDb#Passw0rd';

interface Language {
  files: string[];
  /** Directories for PATH, from languageHosts(). */
  hosts: (h: ReturnType<typeof languageHosts>) => string[];
  /** After gen-sdk wrote `sdk`: makes the program runnable; extra environment. */
  prepare(prog: string, sdk: string, hostPath: string[]): Promise<NodeJS.ProcessEnv>;
}

const LANGUAGES: Record<string, Language> = {
  python: {
    files: ['Pulumi.yaml', '__main__.py'],
    hosts: (h) => h.python,
    // pip install, offline, into a directory on PYTHONPATH: the cached venv stays as built.
    async prepare(prog, sdk, [, venvBin]) {
      const site = path.join(prog, '..', 'site');
      await run(path.join(venvBin, 'python'), [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-deps',
        '--no-build-isolation',
        '--no-index',
        '--target',
        site,
        path.join(sdk, 'python'),
      ]);
      return { PYTHONPATH: site };
    },
  },
  go: {
    files: ['Pulumi.yaml', 'main.go', 'go.mod'],
    hosts: (h) => h.go,
    // The SDK as the module go.mod's replace names, then the program built, as examples/go/README.md says.
    async prepare(prog, sdk) {
      fs.writeFileSync(
        path.join(sdk, 'go', 'itcare', 'go.mod'),
        'module example.com/pulumi-itcare/sdk/go/itcare\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.274.1\n',
      );
      const env = { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
      for (const args of [
        ['mod', 'tidy'],
        ['build', '-o', 'itcare-go', '.'],
      ])
        await run('go', args, { cwd: prog, env, maxBuffer: 16 << 20 });
      const file = path.join(prog, 'Pulumi.yaml');
      fs.writeFileSync(
        file,
        fs.readFileSync(file, 'utf8').replace(/^runtime: go$/m, 'runtime:\n  name: go\n  options:\n    binary: ./itcare-go'),
      );
      return {};
    },
  },
};

describe.each(Object.entries(LANGUAGES))('examples/%s', (name, language) => {
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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `itcare-${name}-`));
    const prog = path.join(dir, 'prog');
    fs.mkdirSync(prog);
    fs.mkdirSync(path.join(dir, 'backend'));
    for (const file of language.files) fs.copyFileSync(path.join(REPO, 'examples', name, file), path.join(prog, file));
    const base = engineEnv(dir);
    const [pluginBin, ...yamlHost] = nativePluginPath(dir);
    const hostPath = language.hosts(languageHosts());
    const env = {
      ...process.env,
      ...base,
      PATH: [pluginBin, ...yamlHost, ...hostPath, base.PATH].join(path.delimiter),
      PULUMI_NON_INTERACTIVE: 'true',
    };
    // The SDK, from the plugin's schema, by the CLI and the language host.
    const sdk = path.join(prog, 'sdk');
    await stackCli(prog, env).ok('package', 'gen-sdk', path.join(pluginBin, 'pulumi-resource-itcare'), '--language', name, '--out', sdk);
    cli = stackCli(prog, { ...env, ...(await language.prepare(prog, sdk, hostPath)) });
    await cli.ok('stack', 'init', 'dev');
    await ok('config', 'set-all', ...providerConfigArgs(em), '--secret', `dbPassword=${DB_PASSWORD}`, '--plaintext', 'webCpu=3');
  });

  afterAll(async () => {
    await teardown(
      // After a failed step, a best-effort destroy (the emulator stops next, whatever it leaves).
      async () => {
        if (cli && !destroyed) await cli.run('destroy', '--yes', '--stack', 'dev');
      },
      () => em?.stop(),
      async () => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      },
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
    expect(outputs.join('\n')).toContain('::itcare:databases:PostgreSQL::shopdb"'); // the state export is among them
    for (const secret of [DB_PASSWORD, em.clientSecret]) expect(outputs.join('\n')).not.toContain(secret);
  });
});
