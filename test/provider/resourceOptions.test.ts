import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ownerMarker } from '../../provider/owner';
import { engine } from '../../provider/engine';
import { catalog, type CatalogKey } from '../../sdk/resources';
import {
  ignoredFields,
  markerOfUrn,
  replaceUrns,
  replacedOnRequest,
  replacesOnChanges,
  withoutIgnored,
} from '../../provider/resourceOptions';
import { samples } from '../helpers/catalogSamples';
import { useProviderEmulator } from '../helpers/emulator';

/**
 * Resource options the provider applies itself (provider/resourceOptions.ts), through the engine
 * against the emulator: ignoreChanges on an adopt and an update, replaceOnChanges before refusals,
 * an ownership marker that changed alone (a stack rename), and which resource `--replace <urn>` names.
 */
jest.setTimeout(60_000);

const em = useProviderEmulator();
const vm = 'compute.Instance' as const;
const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  __provider: 'shim',
  __owner: 'org/p/s/0123456789abcdef',
  ...extra,
});
const mutations = async () =>
  (await em.control.log())
    .filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'))
    .map((e) => `${e.method} ${e.path}`);

beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
});

describe('ignoreChanges', () => {
  it('keeps whole fields only, and leaves them out of what is converged to', () => {
    expect(ignoredFields({ __ignoreChanges: ['cpu', 'tags.team', 'disks[0]', 7] })).toEqual(['cpu']);
    expect(withoutIgnored({ cpu: 2, ram: 4, __ignoreChanges: ['cpu'] })).toEqual({ ram: 4, __ignoreChanges: ['cpu'] });
    const same = { cpu: 2 };
    expect(withoutIgnored(same)).toBe(same);
  });

  it('an adopt leaves ignored fields as ITCare has them (no operation), and the next diff and update never plan them back', async () => {
    const seeded = await em.control.seedInstance({
      name: 'adopt01',
      serviceId: 1001,
      productCode: 'deb12',
      networkId: 2001,
      cpu: 4,
      ram: 4,
      status: 'ACTIVE',
      tags: { team: 'ops' },
    });
    const ignoring = { adopt: true, tags: { team: 'web' }, __ignoreChanges: ['cpu', 'tags'] };
    await em.control.clearLog();
    const { id, outs } = await engine(vm).create(inputs('adopt01', ignoring));
    expect(id).toBe(String(seeded.id));
    expect(await mutations()).toEqual([]);
    expect(outs).toMatchObject({ cpu: 4 });
    // The engine copies the old inputs (the program's cpu 2) into the news of ignored fields.
    expect(await engine(vm).diff(id, outs, inputs('adopt01', ignoring))).toMatchObject({ changes: false, replaces: [] });
    const { outs: after } = await engine(vm).update(id, outs, inputs('adopt01', { ...ignoring, ram: 8 }));
    expect((await em.control.instances())[0]).toMatchObject({ cpu: 4, ram: 8, tags: { team: 'ops' } });
    expect(after).toMatchObject({ cpu: 4, ram: 8 });
  });

  it('an ignored power state is never planned back from the live status', async () => {
    const ignoring: Record<string, unknown> = inputs('power01', { powerState: 'running', __ignoreChanges: ['powerState'] });
    const { id, outs } = await engine(vm).create(ignoring);
    const stoppedOutside: Record<string, unknown> = { ...outs, status: 'INACTIVE' }; // a refresh saw it stopped in the console
    expect(await engine(vm).diff(id, stoppedOutside, ignoring)).toMatchObject({ changes: false });
    const { __ignoreChanges: _o, ...notIgnoredOlds } = stoppedOutside;
    const { __ignoreChanges: _n, ...notIgnored } = ignoring;
    expect(await engine(vm).diff(id, notIgnoredOlds, notIgnored)).toMatchObject({ changes: true }); // without the option: a start
  });
});

describe('replaceOnChanges and refusals', () => {
  const pg = 'databases.PostgreSQL' as const;
  const olds = { ...samples[pg].args, __provider: 'shim', resourceId: 4242, status: 'ACTIVE' };
  const changed = { ...samples[pg].args, admPassword: 'Pg8!Replaced#2026', __provider: 'shim' };

  it('a password change is refused at preview, naming the field', async () => {
    await expect(engine(pg).diff('4242', olds, changed)).rejects.toThrow(/admPassword changed, but ITCare has no operation/);
  });

  it('the same change under replaceOnChanges is a replace, not a refusal', async () => {
    const diff = await engine(pg).diff('4242', olds, { ...changed, __replaceOnChanges: ['admPassword'] });
    expect(diff).toMatchObject({ changes: true, replaces: ['admPassword'] });
  });

  it('replacesOnChanges: listed or `*` fields, never a provider input', () => {
    expect(replacesOnChanges({ __replaceOnChanges: ['ram'] }, ['cpu', 'ram'], [])).toEqual(['ram']);
    expect(replacesOnChanges({ __replaceOnChanges: ['*'] }, ['ram', 'timeouts'], ['timeouts'])).toEqual(['ram']);
    expect(replacesOnChanges({}, ['ram'], [])).toEqual([]);
  });
});

/**
 * Replacement order: kinds with unique names default to deleteBeforeReplace (the resource class,
 * resources/options.ts); `deleteBeforeReplace: false` travels as `__deleteBeforeReplace` and makes
 * every replace that keeps the name fail at preview, for every such kind of the catalogue.
 */
describe('deleteBeforeReplace: false', () => {
  const unique = (Object.keys(catalog) as CatalogKey[]).filter((k) => catalog[k].uniqueName);
  it.each(unique)(
    '%s: a replace keeping the name is refused at preview, naming the option; the default asks to delete first',
    async (kind) => {
      const { args, replace } = samples[kind];
      const olds = { ...args, __provider: 'shim', __owner: 'org/p/s/0123456789abcdef', resourceId: 4242, status: 'ACTIVE' };
      const news = { ...olds, ...replace };
      await em.control.clearLog();
      await expect(engine(kind).diff('4242', olds, { ...news, __deleteBeforeReplace: false })).rejects.toThrow(
        new RegExp(
          `^${kind} ${String(args.name)}: replacing it \\(${Object.keys(replace).join(', ')}\\) keeps the name .*Remove \`deleteBeforeReplace: false\``,
        ),
      );
      expect(await mutations()).toEqual([]);
      expect(await engine(kind).diff('4242', olds, news)).toMatchObject({ replaces: Object.keys(replace), deleteBeforeReplace: true });
    },
  );

  it('a rename creates the new one first: nothing refused', async () => {
    const olds = inputs('old01', { resourceId: 4242, status: 'ACTIVE', __deleteBeforeReplace: false });
    expect(await engine(vm).diff('4242', olds, { ...olds, name: 'new01' })).toMatchObject({
      replaces: ['name'],
      deleteBeforeReplace: false,
    });
  });

  it('a replacement that meets the resource it replaces (created first anyway) fails; it never takes it for its own', async () => {
    const { id, outs } = await engine(vm).create(inputs('repl01'));
    const news = inputs('repl01', { ram: 8, adopt: true, __replaceOnChanges: ['ram'] });
    expect(await engine(vm).diff(id, outs, news)).toMatchObject({ replaces: ['ram'], deleteBeforeReplace: true });
    await em.control.clearLog();
    await expect(engine(vm).create(news)).rejects.toThrow(`resource ${id}, the one it replaces, holds the name`);
    expect((await em.control.instances()).map((v) => [String(v.id), v.ram])).toEqual([[id, 4]]);
    expect(await mutations()).toEqual(['POST /itcare/compute/instances']); // refused with 409: nothing created
  });
});

describe('the ownership marker', () => {
  it('changed alone (a stack rename) is no change: nothing to update, nothing replaced', async () => {
    const { id, outs } = await engine(vm).create(inputs('rename01'));
    const renamed = inputs('rename01', { __owner: 'org/p/renamed/fedcba9876543210' });
    expect(await engine(vm).diff(id, outs, renamed)).toMatchObject({ changes: false, replaces: [] });
  });
});

/**
 * Which resource a `pulumi up --replace <urn>` replaces, read from the CLI's command line: the URN
 * names the stack, project and Pulumi name, hence the ownership marker the resource class computed.
 */
const urn = 'urn:pulumi:dev::shop::pulumi-nodejs:dynamic/compute:Instance::web';
const nested = 'urn:pulumi:dev::shop::itcare:e2e:WebTier$pulumi-nodejs:dynamic/compute:Instance::app1';
const marker = (name: string) => ownerMarker('acme', 'shop', 'dev', 'compute.Instance', name);

describe('replaceUrns', () => {
  it('reads --replace and --target-replace, spaced or with =, and nothing else', () => {
    const argv = [
      '/usr/bin/pulumi',
      'up',
      '--yes',
      '--replace',
      urn,
      `--target-replace=${nested}`,
      '--target',
      'urn:pulumi:dev::shop::x::y',
      '--replace',
    ];
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

  it("in a provider process (a grandchild of the `pulumi` CLI), reads the CLI's own command line", () => {
    // A process named `pulumi` (node through a link of that name, as in validationCache.test.ts) runs
    // `up --replace <urn>` and starts a shell that starts node, as the CLI starts the dynamic provider.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-cmd-'));
    try {
      const cli = path.join(dir, 'pulumi');
      fs.symlinkSync(process.execPath, cli);
      const mod = JSON.stringify(path.resolve(__dirname, '../../dist/provider/resourceOptions.js'));
      const ask = (owner: string) =>
        `node -e 'console.log(require(${mod}).replacedOnRequest("compute.Instance", { __owner: "${owner}" }))'`;
      const script = `const {execSync} = require('child_process'); for (const o of process.argv.slice(-2)) process.stdout.write(execSync('sh -c ' + JSON.stringify(o)));`;
      const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
      const said = execFileSync(cli, ['-e', script, 'up', '--yes', '--replace', urn, ask(marker('web')), ask(marker('api'))], {
        encoding: 'utf8',
        env,
      });
      expect(said.trim().split('\n')).toEqual(['true', 'false']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
