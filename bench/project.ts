import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** This checkout (bench/ and dist/bench/ both resolve to it). */
export const REPO = fs.existsSync(path.resolve(__dirname, '..', 'package.json'))
  ? path.resolve(__dirname, '..')
  : path.resolve(__dirname, '..', '..');

/**
 * A Pulumi program project in which pulumi-itcare is installed as a user's `npm install` leaves it:
 * a real directory under node_modules (package.json and the built dist/), with @pulumi/pulumi beside
 * it. The checkout's own symlink (scripts/link-self.js) resolves to a path outside node_modules,
 * where Pulumi's closure serializer copies modules by value; here it sees what users get. Other
 * dependencies are links to this checkout's node_modules. Project `itcare-e2e`, plain JavaScript.
 */
export function installedProject(program: string): { dir: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-installed-'));
  const nm = path.join(dir, 'node_modules');
  const pkg = path.join(nm, 'pulumi-itcare');
  fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(pkg, 'package.json'));
  for (const part of ['provider', 'sdk']) fs.cpSync(path.join(REPO, 'dist', part), path.join(pkg, 'dist', part), { recursive: true });
  // A copy, not a link: the serializer maps a module back to its package through @pulumi/pulumi's own location.
  fs.cpSync(path.join(REPO, 'node_modules', '@pulumi'), path.join(nm, '@pulumi'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(REPO, 'node_modules'))) {
    if (entry === 'pulumi-itcare' || entry === '@pulumi' || entry === '.package-lock.json') continue;
    fs.symlinkSync(path.join(REPO, 'node_modules', entry), path.join(nm, entry));
  }
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), 'name: itcare-e2e\nruntime: nodejs\nmain: index.js\n');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "itcare-installed", "private": true}\n');
  fs.writeFileSync(path.join(dir, 'index.js'), program);
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Instances from the config `instances` (a JSON map of name to args), as test/e2e/program. */
export const INSTANCES_PROGRAM = [
  "const pulumi = require('@pulumi/pulumi');",
  "const itcare = require('pulumi-itcare');",
  "const specs = new pulumi.Config().requireObject('instances');",
  'for (const [key, args] of Object.entries(specs)) new itcare.compute.Instance(key, args);',
  '',
].join('\n');
