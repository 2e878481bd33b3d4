import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { LocalWorkspace, PulumiCommand } from '@pulumi/pulumi/automation';
import { DEFAULT_ISSUER, DEFAULT_URL } from '../../sdk/config';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { createStack, engineEnv, pulumiBinDir, REPO, type TestStack } from '../helpers/pulumi';

/**
 * A newcomer's own project, as the README's "Use it in your own project" tells it: the package as
 * `npm pack` ships it, installed into a fresh project made from templates/typescript by `pulumi new`,
 * outside this repository, then preview / up / destroy by the real Pulumi CLI against the emulator.
 * Nothing of this checkout is visible to the program but the tarball (the project lives in the temp
 * directory; only Node 22 and the CLI come from PATH, as they would on a user's machine).
 */
jest.setTimeout(300_000);

const run = promisify(execFile);
const TEMPLATE = path.join(REPO, 'templates', 'typescript');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  peerDependencies: Record<string, string>;
};

let em: SpawnedEmulator;
let tmp: string;
let project: string;
let env: Record<string, string>;
let shipped: string[];
/** What `npm install <tarball>` added to an empty project (peers omitted: a Pulumi project has them). */
let addedToEmpty: { name: string }[];
let t: TestStack | undefined;

/** Runs a command for the test, with its output in the error when it fails. */
async function sh(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await run(cmd, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 << 20 })).stdout;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '200']);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-own-project-'));
  env = { ...engineEnv(tmp), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const started = Date.now();
  // dist/ is built by `pretest`; --ignore-scripts: the prepack rebuild would replace dist/ under the
  // feet of the suites running in parallel.
  const packed = JSON.parse(await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], REPO)) as {
    filename: string;
    files: { path: string }[];
  }[];
  shipped = packed[0].files.map((f) => f.path);
  const tarball = path.join(tmp, packed[0].filename);
  const packedAt = Date.now();

  project = path.join(tmp, 'my-infra');
  await sh('pulumi', ['new', TEMPLATE, '--dir', project, '--name', 'my-infra', '--yes', '--generate-only', '--non-interactive'], tmp);
  // As the README says ("Use it in your own project"): the tarball (or the registry's pulumi-itcare) and the template's own
  // dependencies, from the warm cache.
  await sh('npm', ['install', '--prefer-offline', tarball], project);
  const installedAt = Date.now();

  const empty = path.join(tmp, 'empty');
  fs.mkdirSync(empty);
  fs.writeFileSync(path.join(empty, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', private: true }));
  const report = JSON.parse(await sh('npm', ['install', '--prefer-offline', '--omit=peer', '--json', tarball], empty)) as {
    add?: { name: string }[];
  };
  addedToEmpty = report.add ?? [];
  process.stdout.write(
    `own project: npm pack ${seconds(started, packedAt)}, pulumi new + npm install ${seconds(packedAt, installedAt)}, ` +
      `empty project + npm install ${seconds(installedAt, Date.now())} (${addedToEmpty.length} packages)\n`,
  );
});

const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;

afterAll(async () => {
  await t?.dispose();
  await em?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it("ships the runtime (entry points, types, the shim's engine, the emulator bin) and nothing else", () => {
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin), 'dist/provider/engine.js', 'dist/sdk/index.d.ts'];
    for (const exp of Object.values(pkg.exports)) targets.push(...(typeof exp === 'string' ? [exp] : Object.values(exp)));
    for (const target of targets.filter((p) => !p.includes('*'))) expect(shipped).toContain(path.posix.normalize(target));

    const unwanted = shipped.filter(
      (p) =>
        /^(test|bench|examples|templates|coverage|node_modules)\//.test(p) ||
        /^dist\/(test|bench|examples)\//.test(p) ||
        /\.tsbuildinfo$|(^|\/)\.pulumi-state\/|(^|\/)Pulumi\.[^/]*\.yaml$|\.log$|\.tgz$/.test(p) ||
        /^scripts\/(keycloak|quickstart|link-self)/.test(p),
    );
    expect(unwanted).toEqual([]);
  });

  it('leaves the emulator to its own package: no emulator file, and only what the SDK and provider load as dependencies', () => {
    expect(shipped.filter((p) => /(^|\/)emulator\//.test(p))).toEqual([]);
    const dependencies = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).dependencies as Record<string, string>;
    // HTTP is Node's fetch (the SDK's transport and openid-client alike): no HTTP client package.
    expect(Object.keys(dependencies).sort()).toEqual(['openid-client', 'yaml', 'zod']);
    // What the project got besides its template's own packages: this one and its dependencies' trees.
    const installed = fs.readdirSync(path.join(project, 'node_modules'));
    for (const server of ['koa', '@koa', 'oidc-provider', 'itcare-emulator']) expect(installed).not.toContain(server);
  });

  it("adds at most 20 packages to an empty project: itself and its dependencies' trees, no HTTP client nor server", () => {
    const names = addedToEmpty.map((p) => p.name);
    expect(names).toContain(pkg.name);
    for (const dep of ['openid-client', 'yaml', 'zod']) expect(names).toContain(dep);
    expect(
      names.filter((n) => /^(axios|follow-redirects|form-data|node-fetch|undici|koa|@koa\/.*|oidc-provider|itcare-emulator)$/.test(n)),
    ).toEqual([]);
    expect(addedToEmpty.length).toBeLessThanOrEqual(20);
    // npm's report is what reached the disk: nothing in node_modules that it did not name.
    const modules = path.join(tmp, 'empty', 'node_modules');
    const onDisk = fs
      .readdirSync(modules)
      .filter((n) => !n.startsWith('.'))
      .flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(modules, n)).map((m) => `${n}/${m}`) : [n]));
    expect(onDisk.filter((n) => !names.includes(n))).toEqual([]);
    expect(onDisk.length).toBeLessThanOrEqual(20);
  });

  it('ships no build leftover: every compiled file has its source in this checkout', () => {
    // dist/x.js, .js.map, .d.ts, .d.ts.map come from x.ts; anything else tsc emits (JSON) is copied.
    const source = (p: string) => {
      const rel = p.slice('dist/'.length);
      const stem = rel.replace(/\.d\.ts\.map$|\.d\.ts$|\.js\.map$|\.js$/, '');
      return stem === rel ? rel : `${stem}.ts`;
    };
    const orphans = shipped.filter((p) => p.startsWith('dist/') && !fs.existsSync(path.join(REPO, source(p))));
    expect(orphans).toEqual([]);
  });
});

describe('a project made from templates/typescript', () => {
  it("asks for this package's version, a @pulumi/pulumi within its peer range and TypeScript 5", () => {
    const read = (dir: string) =>
      JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
    expect(read(project).name).toBe('my-infra');
    const template = read(TEMPLATE);
    expect(template.dependencies[pkg.name]).toBe(pkg.version);
    const [major, minor] = template.dependencies['@pulumi/pulumi'].split('.').map(Number);
    const [peerMajor, peerMinor] = pkg.peerDependencies['@pulumi/pulumi'].replace('>=', '').split('.').map(Number);
    expect(major === peerMajor && minor >= peerMinor).toBe(true);
    // Without TypeScript 5 in the project, Pulumi compiles the program with its bundled 3.8.
    expect(template.devDependencies.typescript).toMatch(/^5\./);
    expect(fs.readFileSync(path.join(project, 'Pulumi.yaml'), 'utf8')).not.toMatch(/^template:/m);
  });

  it('has pulumi new ask for every config its program requires, the client secret as a secret', async () => {
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(pulumiBinDir()), skipVersionCheck: true });
    const ws = await LocalWorkspace.create({ workDir: TEMPLATE, pulumiCommand, envVars: env });
    const asked = (await ws.projectSettings()).template?.config ?? {};
    const program = fs.readFileSync(path.join(TEMPLATE, 'index.ts'), 'utf8');
    const required = [...program.matchAll(/config\.require\w*\('([^']+)'\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((key) => !(key in asked))).toEqual([]);
    expect(asked['itcare:clientId']).toBeDefined();
    expect(asked['itcare:clientSecret']).toEqual(expect.objectContaining({ secret: true }));
    expect(asked['itcare:clientSecret'].default).toBeUndefined();
    expect(asked['itcare:url']?.default).toBe(DEFAULT_URL);
    expect(asked['itcare:oidcIssuer']?.default).toBe(DEFAULT_ISSUER);
  });

  it('installs the packed package, not a link to this checkout', () => {
    const installed = fs.realpathSync(path.join(project, 'node_modules', 'pulumi-itcare'));
    expect(installed.startsWith(fs.realpathSync(project))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'dist', 'provider', 'engine.js'))).toBe(true);
    expect(fs.existsSync(path.join(project, 'node_modules', '.bin', 'itcare-import'))).toBe(true);
    expect(fs.existsSync(path.join(project, 'node_modules', '.bin', 'itcare-emulator'))).toBe(false); // its own package
  });

  it("type-checks with the project's own TypeScript", async () => {
    const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'typescript', 'package.json'), 'utf8')).version).toMatch(/^5\./);
    await sh(process.execPath, [tsc, '--noEmit', '-p', project], project);
  });

  it('previews, creates and destroys its instance on the emulator, credentials in stack config', async () => {
    t = await createStack('dev', em, project);
    await t.stack.setAllConfig({ serviceId: { value: '1001' }, networkId: { value: '2001' }, area: { value: 'EB-QA' } });

    const preview = await t.stack.preview({ onOutput: () => undefined });
    expect(preview.changeSummary.create).toBe(2); // the stack and web01
    expect(await em.control.instances()).toEqual([]);

    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    const held = await em.control.instances();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ name: 'web01', serviceId: 1001, status: 'ACTIVE' });
    expect(up.outputs.resourceId.value).toBe(held[0].id);
    expect(up.outputs.ipAddress.value).toBe(held[0].ipAddress);
    expect(t.stateText()).not.toContain(em.clientSecret);

    const destroy = await t.stack.destroy({ onOutput: () => undefined });
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect(await em.control.instances()).toEqual([]);
  });
});
