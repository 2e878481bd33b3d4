import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { getToken } from '../helpers/emulator';
import { REPO } from '../helpers/pulumi';

/**
 * The emulator as its own package (packages/emulator, an npm workspace): packed the way `npm pack`
 * does it (its prepack bundles the compiled emulator and the descriptors it serves), installed into an
 * empty project, its `itcare-emulator` bin started there: it serves the API and issues tokens, with
 * nothing of this checkout but the tarball.
 */
jest.setTimeout(180_000);
const run = promisify(execFile);
const PACKAGE = path.join(REPO, 'packages', 'emulator');

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-emulator-package-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(path.join(PACKAGE, 'dist'), { recursive: true, force: true });
});

it('packs, installs into an empty project and runs its bin there', async () => {
  await run(process.execPath, [path.join(PACKAGE, 'scripts', 'bundle.js')]);
  // --ignore-scripts: the bundle above is the prepack; dist/ of the checkout is built by `pretest`.
  const packed = JSON.parse(
    (await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: PACKAGE })).stdout,
  ) as { filename: string; files: { path: string }[] }[];
  const files = packed[0].files.map((f) => f.path);
  expect(files).toEqual(
    expect.arrayContaining(['bin/itcare-emulator.js', 'dist/emulator/cli.js', 'dist/emulator/README.md', 'dist/sdk/resources/index.js']),
  );
  expect(files.filter((f) => !/^(bin|dist)\/|^package\.json$|^README\.md$/.test(f))).toEqual([]);

  const project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'project', version: '1.0.0', private: true }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, packed[0].filename)], { cwd: project });

  const child = spawn(path.join(project, 'node_modules', '.bin', 'itcare-emulator'), ['--port', '0', '--json', '--action-ms', '50'], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const info = await new Promise<{ url: string; issuer: string; clientId: string; clientSecret: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n')) resolve(JSON.parse(line));
      });
      child.on('exit', (code) => reject(new Error(`itcare-emulator exited with ${code}`)));
    });
    const token = await getToken(info);
    const services = await fetch(`${info.url}/compute/services`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(services.status).toBe(200);
  } finally {
    child.kill();
  }
});
