import { engine } from '../../provider/engine';
import { ignoredFields, replacesOnChanges, withoutIgnored } from '../../provider/resourceOptions';
import { samples } from '../helpers/catalogSamples';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';

/**
 * Resource options the provider applies itself (provider/resourceOptions.ts), through the engine
 * against the emulator: ignoreChanges on an adopt and an update, replaceOnChanges before refusals,
 * and an ownership marker that changed alone (a stack rename).
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
const vm = 'compute.Instance' as const;
const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  name, serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4, __provider: 'shim', __owner: 'org/p/s/0123456789abcdef', ...extra,
});
const mutations = async () => (await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/')).map((e) => `${e.method} ${e.path}`);

beforeAll(async () => {
  em = await spawnEmulator();
  Object.assign(process.env, { ITCARE_URL: em.url, ITCARE_OIDC_ISSUER: em.issuer, ITCARE_CLIENT_ID: em.clientId, ITCARE_CLIENT_SECRET: em.clientSecret });
});
afterAll(async () => {
  for (const k of ['ITCARE_URL', 'ITCARE_OIDC_ISSUER', 'ITCARE_CLIENT_ID', 'ITCARE_CLIENT_SECRET']) delete process.env[k];
  await em?.stop();
});
beforeEach(async () => { await em.control.reset(); await em.control.timing({ durationMs: 50 }); });

describe('ignoreChanges', () => {
  it('keeps whole fields only, and leaves them out of what is converged to', () => {
    expect(ignoredFields({ __ignoreChanges: ['cpu', 'tags.team', 'disks[0]', 7] })).toEqual(['cpu']);
    expect(withoutIgnored({ cpu: 2, ram: 4, __ignoreChanges: ['cpu'] })).toEqual({ ram: 4, __ignoreChanges: ['cpu'] });
    const same = { cpu: 2 };
    expect(withoutIgnored(same)).toBe(same);
  });

  it('an adopt leaves ignored fields as ITCare has them (no operation), and the next diff and update never plan them back', async () => {
    const seeded = await em.control.seedInstance({ name: 'adopt01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 4, ram: 4, status: 'ACTIVE', tags: { team: 'ops' } });
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

describe('the ownership marker', () => {
  it('changed alone (a stack rename) is no change: nothing to update, nothing replaced', async () => {
    const { id, outs } = await engine(vm).create(inputs('rename01'));
    const renamed = inputs('rename01', { __owner: 'org/p/renamed/fedcba9876543210' });
    expect(await engine(vm).diff(id, outs, renamed)).toMatchObject({ changes: false, replaces: [] });
  });
});
