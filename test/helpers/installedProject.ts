import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './pulumi';

/**
 * A Pulumi program project in which pulumi-itcare is installed as a user's `npm install` leaves it:
 * a real directory under node_modules (package.json and the built dist/), with @pulumi/pulumi beside
 * it. The checkout's own symlink (scripts/link-self.js) resolves to a path outside node_modules,
 * where Pulumi's closure serializer copies modules by value; here it sees what users get. Other
 * dependencies are links to this checkout's node_modules. The program is plain JavaScript: project
 * `itcare-e2e`, instances from the config `instances` (as test/e2e/program).
 */
export function installedProject(): { dir: string; dispose(): void } {
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
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    [
      "const pulumi = require('@pulumi/pulumi');",
      "const itcare = require('pulumi-itcare');",
      "const specs = new pulumi.Config().requireObject('instances');",
      'for (const [key, args] of Object.entries(specs)) new itcare.compute.Instance(key, args);',
      '',
    ].join('\n'),
  );
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
