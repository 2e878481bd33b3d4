import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { markerOfUrn, replaceUrns, replacedOnRequest } from '../../provider/commandTargets';
import { ownerMarker } from '../../provider/owner';

/**
 * Which resource a `pulumi up --replace <urn>` replaces, read from the CLI's command line: the URN
 * names the stack, project and Pulumi name, hence the ownership marker the resource class computed.
 */
const urn = 'urn:pulumi:dev::shop::pulumi-nodejs:dynamic/compute:Instance::web';
const nested = 'urn:pulumi:dev::shop::itcare:e2e:WebTier$pulumi-nodejs:dynamic/compute:Instance::app1';
const marker = (name: string) => ownerMarker('acme', 'shop', 'dev', 'compute.Instance', name);

describe('replaceUrns', () => {
  it('reads --replace and --target-replace, spaced or with =, and nothing else', () => {
    const argv = ['/usr/bin/pulumi', 'up', '--yes', '--replace', urn, `--target-replace=${nested}`, '--target', 'urn:pulumi:dev::shop::x::y', '--replace'];
    expect(replaceUrns(argv)).toEqual([urn, nested]);
    expect(replaceUrns(['pulumi', 'up', '--replace', '--yes'])).toEqual([]);
  });
});

describe('markerOfUrn', () => {
  it('is the marker the resource class computes for that stack, project and Pulumi name, parent types or not', () => {
    expect(markerOfUrn(urn, 'acme', 'compute.Instance')).toBe(marker('web'));
    expect(markerOfUrn(nested, 'acme', 'compute.Instance')).toBe(marker('app1'));
  });

  it('is undefined for a glob or something that is not a URN', () => {
    expect(markerOfUrn('urn:pulumi:dev::shop::**::web', 'acme', 'compute.Instance')).toBeUndefined();
    expect(markerOfUrn('web', 'acme', 'compute.Instance')).toBeUndefined();
  });
});

describe('replacedOnRequest', () => {
  const argv = ['pulumi', 'up', '--replace', urn];
  it('recognises the resource named on the command line by its marker, and only it', () => {
    expect(replacedOnRequest('compute.Instance', { name: 'web', __owner: marker('web') }, argv)).toBe(true);
    expect(replacedOnRequest('compute.Instance', { name: 'web', __owner: marker('api') }, argv)).toBe(false);
    expect(replacedOnRequest('databases.PostgreSQL', { name: 'web', __owner: marker('web') }, argv)).toBe(false);
    expect(replacedOnRequest('compute.Instance', { name: 'web' }, argv)).toBe(false);
  });

  it('outside a pulumi command (no pulumi ancestor process) nothing is replaced on request', () => {
    expect(replacedOnRequest('compute.Instance', { name: 'web', __owner: marker('web') })).toBe(false);
  });

  it('in a provider process (a grandchild of the `pulumi` CLI), reads the CLI\'s own command line', () => {
    // A process named `pulumi` (node through a link of that name, as in validationCache.test.ts) runs
    // `up --replace <urn>` and starts a shell that starts node, as the CLI starts the dynamic provider.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-cmd-'));
    try {
      const cli = path.join(dir, 'pulumi');
      fs.symlinkSync(process.execPath, cli);
      const mod = JSON.stringify(path.resolve(__dirname, '../../dist/provider/commandTargets.js'));
      const ask = (owner: string) => `node -e 'console.log(require(${mod}).replacedOnRequest("compute.Instance", { __owner: "${owner}" }))'`;
      const script = `const {execSync} = require('child_process'); for (const o of process.argv.slice(-2)) process.stdout.write(execSync('sh -c ' + JSON.stringify(o)));`;
      const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
      const said = execFileSync(cli, ['-e', script, 'up', '--yes', '--replace', urn, ask(marker('web')), ask(marker('api'))], { encoding: 'utf8', env });
      expect(said.trim().split('\n')).toEqual(['true', 'false']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
