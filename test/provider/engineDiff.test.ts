import { configure, engine } from '../../provider/engine';
import { Lifecycle } from '../../provider/lifecycle';
import { catalog } from '../../sdk/resources';
import { instances } from '../../sdk/resources/instance';
import { MARIA_PASSWORD, sampleOf } from '../helpers/catalogSamples';
import { sdkClient, useProviderEmulator } from '../helpers/emulator';
import { rejection } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * What the engine's diff plans, and what it asks ITCare for, beyond engine.test.ts: provider-only
 * changes, replaceOnChanges on a create-only field, several refusals at once, a rename's claim on
 * its new name, a create whose action is gone, the secrets of a process that only deletes, and the
 * validation cache around creates and updates. Each test kills mutants of provider/engine.ts that
 * survived a StrykerJS run (mutation/README.md).
 */
jest.setTimeout(60_000);

const em = useProviderEmulator();
const kind = 'compute.Instance' as const;
const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  __provider: 'shim',
  ...extra,
});
/** Requests to the ITCare API (not the issuer's) since the last clearLog. */
const apiCalls = async () => (await em.control.log()).filter((e) => e.path.startsWith('/itcare'));
const dryRuns = async (method: string) => (await apiCalls()).filter((e) => e.method === method && e.dryRun);

beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
});

describe('engine diff: what it plans and asks', () => {
  it.each([
    ['timeouts', { update: '5m' }, 'po01'],
    ['adopt', true, 'po02'],
    ['changeReference', 'CHG0042', 'po03'],
  ])('a change of %s alone is a change, but never reaches ITCare (no update dry run)', async (field, value, name) => {
    const { id, outs } = await engine(kind).create(inputs(name));
    await em.control.clearLog();
    const diff = await engine(kind).diff(id, outs, inputs(name, { [field]: value }));
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    expect(await apiCalls()).toEqual([]);
  });

  it('lists a create-only field once when replaceOnChanges names it too', async () => {
    const { id, outs } = await engine(kind).create(inputs('once01'));
    for (const on of [['productCode'], ['*']]) {
      const diff = await engine(kind).diff(id, outs, inputs('once01', { productCode: 'rhel9', __replaceOnChanges: on }));
      expect(diff.replaces).toEqual(['productCode']);
    }
  });

  it('refuses several changes at once, each said in its own sentence', async () => {
    const olds = { name: 'pg01', serviceId: 1001, topology: 'standalone', admPassword: 'Known-pass-01', __provider: 'shim' };
    const news = { ...olds, nodePrefix: 'pgnode', admPassword: 'Other-pass-01' };
    const err = await engine('databases.PostgreSQL')
      .diff('7', olds, news)
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^PostgreSQL pg01: nodePrefix: nodePrefix and tls apply to an HA cluster.*`pulumi up --replace <urn>`\)\. admPassword changed, but ITCare has no operation/,
    );
  });

  it('a rename claims its new name: another new resource of the program with that name is refused', async () => {
    const { id, outs } = await engine(kind).create(inputs('ren01'));
    expect(await engine(kind).diff(id, outs, inputs('ren02'))).toMatchObject({ replaces: ['name'], deleteBeforeReplace: false });
    expect((await engine(kind).check({}, inputs('ren02'))).failures ?? []).toEqual([]); // the engine's check of the rename's create
    const twin = await engine(kind).check({}, inputs('ren02', { cpu: 4 }));
    expect(twin.failures).toEqual([
      expect.objectContaining({ property: 'name', reason: expect.stringMatching(/another resource of this program is also named ren02/) }),
    ]);
  });

  it('sends no dry run of an update for a replacement without server validation (a rename: nothing to ask)', async () => {
    const { id, outs } = await engine(kind).create(inputs('nv01'));
    await em.control.clearLog();
    process.env.ITCARE_SERVER_VALIDATION = 'false';
    try {
      expect(await engine(kind).diff(id, outs, inputs('nv02', { cpu: 4 }))).toMatchObject({ changes: true, replaces: ['name'] });
    } finally {
      delete process.env.ITCARE_SERVER_VALIDATION;
    }
    expect(await apiCalls()).toEqual([]);
  });

  it('does not replace an unfinished create whose action is gone (404) while the resource is not failed', async () => {
    await em.control.timing({ durationMs: 3000 });
    const err = (await rejection(
      new Lifecycle(ResourceKind.of(instances), sdkClient(em)).create(inputs('gone01', { timeouts: { create: '1s' } })),
    )) as { id: string; properties: Record<string, unknown> };
    expect(err.properties.__createActionId).toBeDefined();
    await em.control.addFault({ method: 'GET', path: '^/itcare/actions/\\d+$', status: 404, count: 1 });
    await em.control.clearLog();
    expect((await engine(kind).diff(err.id, err.properties, inputs('gone01'))).replaces).toEqual([]);
    // The control: the action was asked for (404), then the resource itself.
    expect((await apiCalls()).map((e) => [e.method, e.path.replace(/\d+$/, 'N'), e.status])).toEqual(
      expect.arrayContaining([
        ['GET', '/itcare/actions/N', 404],
        ['GET', '/itcare/compute/instances/N', 200],
      ]),
    );
  });
});

describe('engine: secret inputs of a process that only deletes (pulumi destroy: no check, no diff)', () => {
  it("a password the server echoes in a refused delete is redacted: the state's secret inputs are registered", async () => {
    const key = 'databases.MariaDB';
    // Created by another process (not this one's create, whose resources delete leaves alone: engine.test.ts).
    const { id, outs } = await new Lifecycle(ResourceKind.of(catalog[key]), sdkClient(em)).create({
      ...sampleOf(key).args,
      name: 'sec01',
      __provider: 'shim',
    });
    configure({ config: { get: () => undefined } }); // a fresh API client: nothing registered for redaction yet
    await em.control.addFault({
      method: 'DELETE',
      path: `^/itcare/databases/mariadb/${id}$`,
      status: 400,
      count: 1,
      body: {
        status: 'BAD_REQUEST',
        errorCode: 'INVALID_FIELD_VALUE',
        errorDesc: 'admPassword',
        errorMessage: `password ${MARIA_PASSWORD} still in use`,
      },
    });
    expect(outs.admPassword).toBe(MARIA_PASSWORD); // the state holds it (a Pulumi secret), as delete gets it
    const err = (await engine(key)
      .delete(id, outs)
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('[REDACTED] still in use');
    expect(err.message).not.toContain(MARIA_PASSWORD);
  });
});

describe('engine: dry-run verdicts do not outlive a create or an update', () => {
  // The real request is held by the emulator (a `hold` fault) until the diff is done, then refused, so
  // the diff runs while it is on its way and nothing changes on the server: only the cache can make
  // the diffs differ. No latency is guessed.
  // A failed assertion before releaseHeld must not leave a request held (jest would never exit).
  afterEach(async () => {
    await em.control.releaseHeld();
  });

  it('a create: a verdict from before it is not reused while it runs, nor one judged while it ran after it', async () => {
    const { id, outs } = await engine(kind).create(inputs('fgt01'));
    const renamed = inputs('fgt02');
    await engine(kind).diff(id, outs, renamed); // judged: the new name is free (recorded)
    await em.control.addFault({
      method: 'POST',
      path: '^/itcare/compute/instances$',
      dryRun: false,
      status: 422,
      hold: true,
      count: 1,
      body: { errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'networkId', errorMessage: 'held, then refused' },
    });
    await em.control.clearLog();
    let settled = false;
    const creating = engine(kind)
      .create(renamed)
      .catch((e: unknown) => e)
      .finally(() => {
        settled = true;
      });
    await em.control.untilHeld(1);
    await engine(kind).diff(id, outs, renamed); // while the create is on its way
    expect(settled).toBe(false);
    expect((await dryRuns('POST')).length).toBe(1);
    await em.control.releaseHeld();
    expect(await creating).toMatchObject({ httpStatus: 422 });
    await em.control.clearLog();
    await engine(kind).diff(id, outs, renamed); // after the create: judged again
    expect((await dryRuns('POST')).length).toBe(1);
  });

  it('an update: a verdict from before it is not reused while it runs, nor one judged while it ran after it', async () => {
    const { id, outs } = await engine(kind).create(inputs('fgt03'));
    const bigger = inputs('fgt03', { cpu: 4 });
    await engine(kind).diff(id, outs, bigger); // judged: resize accepted (recorded)
    await em.control.addFault({
      method: 'PATCH',
      path: `^/itcare/compute/instances/${id}$`,
      dryRun: false,
      status: 422,
      hold: true,
      count: 1,
      body: { errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'cpu', errorMessage: 'held, then refused' },
    });
    await em.control.clearLog();
    let settled = false;
    const updating = engine(kind)
      .update(id, outs, bigger)
      .catch((e: unknown) => e)
      .finally(() => {
        settled = true;
      });
    await em.control.untilHeld(1);
    await engine(kind).diff(id, outs, bigger); // while the update is on its way
    expect(settled).toBe(false);
    expect((await dryRuns('PATCH')).length).toBe(1);
    await em.control.releaseHeld();
    expect(await updating).toMatchObject({ httpStatus: 422 });
    await em.control.clearLog();
    await engine(kind).diff(id, outs, bigger); // after the update: judged again
    expect((await dryRuns('PATCH')).length).toBe(1);
  });
});
