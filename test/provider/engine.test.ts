import { configure, engine } from '../../provider/engine';
import { UNKNOWN } from '../../provider/inputs';
import { Lifecycle } from '../../provider/lifecycle';
import { instances } from '../../sdk/resources/instance';
import { sdkClient, useProviderEmulator } from '../helpers/emulator';
import { rejection } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * The engine's diff against the emulator (credentials through the environment, as a provider process
 * gets them): how failed, unfinished and normalised creates are judged, and when a replacement is safe.
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

beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
});

/** A create that must fail with Pulumi's partial-failure record (id + properties); a success fails the test. */
const partialFailure = async (name: string, extra: Record<string, unknown> = {}) => {
  const err = (await rejection(new Lifecycle(ResourceKind.of(instances), sdkClient(em)).create(inputs(name, extra)))) as {
    id: string;
    properties: Record<string, unknown>;
  };
  expect(err).toMatchObject({ id: expect.stringMatching(/^\d+$/), properties: expect.objectContaining({ resourceId: Number(err.id) }) });
  return err;
};

describe('engine diff', () => {
  it('replaces a create whose action ended in ERROR', async () => {
    await em.control.failNext(1, 'datastore unavailable');
    const failed = await partialFailure('fail01');
    const diff = await engine(kind).diff(failed.id, failed.properties, inputs('fail01'));
    expect(diff).toMatchObject({ changes: true, replaces: ['status'], deleteBeforeReplace: true });
    // A replacement the program asks for anyway is not reported twice.
    expect((await engine(kind).diff(failed.id, failed.properties, inputs('fail01', { productCode: 'rhel9' }))).replaces).toEqual([
      'productCode',
    ]);
  });

  it('does not replace, nor fail the preview of, a create that is still running; the update waits for it', async () => {
    await em.control.timing({ durationMs: 3000 });
    const slow = await partialFailure('slow01', { timeouts: { create: '1s' } });
    const diff = await engine(kind).diff(slow.id, slow.properties, inputs('slow01', { powerState: 'running' }));
    expect(diff.replaces).toEqual([]);
    const { outs } = await engine(kind).update(slow.id, slow.properties, inputs('slow01', { powerState: 'running' }));
    expect(outs).toMatchObject({ status: 'ACTIVE', powerState: 'running' });
    expect(outs.__createActionId).toBeUndefined();
  });

  it('leaves an instance that an out-of-band operation put in ERROR alone (no destroy)', async () => {
    const { outs } = await engine(kind).create(inputs('prod01'));
    const diff = await engine(kind).diff(String(outs.resourceId), { ...outs, status: 'ERROR' }, inputs('prod01'));
    expect(diff.replaces).toEqual([]);
  });

  it('never replaces because the server reports a create-only field in another form', async () => {
    const { id, outs } = await engine(kind).create(inputs('norm01', { area: 'EB-QA' }));
    const refreshed = { ...outs, area: 'EB-QA-1', productCode: 'DEB12' }; // server-side normalisation
    const diff = await engine(kind).diff(id, refreshed, inputs('norm01', { area: 'EB-QA' }));
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });

  it('judges a replacement the engine decides (replaceOnChanges) under a probe name: the name is held by the resource itself', async () => {
    // Seeded: no ownership marker (created before it existed), so only the olds tell whose name it is.
    await em.control.seedInstance({ name: 'self01', serviceId: 1001, status: 'ACTIVE' });
    await em.control.seedInstance({ name: 'self02', serviceId: 1001, status: 'ACTIVE' });
    await em.control.seedInstance({ name: 'self03', serviceId: 1001, status: 'ACTIVE' });
    // The engine's two checks of one replacement: with the olds, then with none.
    expect((await engine(kind).check(inputs('self01'), inputs('self01', { ram: 8 }))).failures).toBeUndefined();
    expect((await engine(kind).check({}, inputs('self01', { ram: 8 }))).failures).toBeUndefined();
    // Still judged by the server, under the real name in the message.
    await engine(kind).check(inputs('self02'), inputs('self02', { cpu: 3 }));
    const refused = await engine(kind).check({}, inputs('self02', { cpu: 3 }));
    expect(refused.failures).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/self02: ITCare rejected it in dry run.*3 vCPU/) }),
    ]);
    // With no olds naming it, the holder is someone else's: refused as before.
    const taken = await engine(kind).check({}, inputs('self03'));
    expect(taken.failures).toEqual([expect.objectContaining({ property: 'name', reason: expect.stringMatching(/self03/) })]);
    // Another resource of the program (another Pulumi name, so another marker) with the same name and
    // inputs, checked after the holder's own check: it never takes the holder's note.
    await em.control.seedInstance({ name: 'self04', serviceId: 1001, status: 'ACTIVE' });
    await engine(kind).check(inputs('self04', { __owner: 'org/p/s/holder' }), inputs('self04', { __owner: 'org/p/s/holder' }));
    const copy = await engine(kind).check({}, inputs('self04', { __owner: 'org/p/s/copy' }));
    expect(copy.failures).toEqual([
      expect.objectContaining({ property: 'name', reason: expect.stringMatching(/self04: .*already exists/) }),
    ]);
  });

  it('applies replaceOnChanges itself (a dynamic diff tells the engine no changed keys): a ram change replaces, name kept, old one first', async () => {
    const { id, outs } = await engine(kind).create(inputs('roc01', { __replaceOnChanges: ['ram'] }));
    expect(await engine(kind).diff(id, outs, inputs('roc01', { ram: 8, __replaceOnChanges: ['ram'] }))).toMatchObject({
      changes: true,
      replaces: ['ram'],
      deleteBeforeReplace: true,
    });
    expect(await engine(kind).diff(id, outs, inputs('roc01', { cpu: 4, ram: 8 }))).toMatchObject({ changes: true, replaces: [] });
    // '*': any change of an input ITCare sees replaces; a provider-only one (timeouts) does not.
    expect(await engine(kind).diff(id, outs, inputs('roc01', { cpu: 4, __replaceOnChanges: ['*'] }))).toMatchObject({
      changes: true,
      replaces: ['cpu'],
    });
    expect(
      (await engine(kind).diff(id, outs, inputs('roc01', { timeouts: { update: '5m' }, __replaceOnChanges: ['*'] }))).replaces,
    ).toEqual([]);
  });

  it('refuses a replacement whose new service already holds the name (instead of deleting the old one)', async () => {
    const { id, outs } = await engine(kind).create(inputs('dup01'));
    await em.control.seedInstance({ name: 'dup01', serviceId: 1002, status: 'ACTIVE', networkId: 2003 });
    await expect(engine(kind).diff(id, outs, inputs('dup01', { serviceId: 1002, networkId: 2003 }))).rejects.toThrow(
      /dup01.*Set `adopt: true`/,
    );
    const sameService = await engine(kind).diff(id, outs, inputs('dup01', { productCode: 'rhel9' }));
    expect(sameService).toMatchObject({ replaces: ['productCode'], deleteBeforeReplace: true });
  });

  it('sends no dry run of an update without server validation', async () => {
    const { id, outs } = await engine(kind).create(inputs('noval01'));
    await em.control.clearLog();
    process.env.ITCARE_SERVER_VALIDATION = 'false';
    try {
      expect(await engine(kind).diff(id, outs, inputs('noval01', { cpu: 4, ram: 8 }))).toMatchObject({ changes: true, replaces: [] });
    } finally {
      delete process.env.ITCARE_SERVER_VALIDATION;
    }
    expect((await em.control.log()).filter((e) => e.method === 'PATCH')).toEqual([]);
  });

  it('validates an update in dry run against the live server, not stale state', async () => {
    const { id, outs } = await engine(kind).create(inputs('live01'));
    const client = sdkClient(em);
    const stop = await client.compute.instances.operate(id, 'stop', {}); // stopped behind Pulumi's back
    expect(await client.waitForAction(stop.actionId!, { minDelayMs: 20, maxDelayMs: 50, timeout: 10_000 })).toMatchObject({
      status: 'SUCCESS',
    });
    expect((await client.compute.instances.get(id)).status).toBe('INACTIVE');
    await em.control.clearLog();
    // State still says running; planned against it, this would be a stop the server refuses (409).
    const diff = await engine(kind).diff(id, outs, inputs('live01', { powerState: 'stopped' }));
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    expect((await em.control.log()).filter((e) => e.method === 'PATCH' && e.dryRun)).toEqual([]); // nothing left to do
    const resize = await engine(kind).diff(id, outs, inputs('live01', { cpu: 4 }));
    expect(resize.changes).toBe(true);
    expect((await em.control.log()).filter((e) => e.method === 'PATCH' && e.dryRun).map((e) => e.status)).toEqual([200]);
    await expect(engine(kind).diff(id, outs, inputs('live01', { cpu: 3 }))).rejects.toThrow(
      /3 vCPU is not offered.*planned operations: resize/,
    );
  });

  it("a finished action, its own or another resource's, never skips the update's dry run (GET /actions filters ignored)", async () => {
    await em.control.failNext(1, 'unrelated failure');
    await sdkClient(em).compute.instances.create({
      name: 'other01',
      serviceId: 1001,
      productCode: 'deb12',
      networkId: 2001,
      cpu: 2,
      ram: 4,
    });
    const { id, outs } = await engine(kind).create(inputs('dry01'));
    await expect(engine(kind).diff(id, outs, inputs('dry01', { cpu: 3 }))).rejects.toThrow(/3 vCPU is not offered/);
  });

  it('asks the engine to delete first for any replacement that keeps the name, even one it decides itself', async () => {
    const { id, outs } = await engine(kind).create(inputs('dbr01'));
    await em.control.clearLog();
    expect(await engine(kind).diff(id, outs, inputs('dbr01'))).toMatchObject({ changes: false, deleteBeforeReplace: true });
    expect((await em.control.log()).filter((e) => e.path.startsWith('/itcare/actions'))).toEqual([]); // no create to judge
    // A rename frees the old name: create the new one first.
    expect(await engine(kind).diff(id, outs, inputs('dbr02'))).toMatchObject({ replaces: ['name'], deleteBeforeReplace: false });
  });

  it('checks who holds the name before a delete-first replacement even without server validation', async () => {
    const { id, outs } = await engine(kind).create(inputs('hold01'));
    await em.control.seedInstance({ name: 'hold01', serviceId: 1002, status: 'ACTIVE', networkId: 2003 });
    process.env.ITCARE_SERVER_VALIDATION = 'false';
    try {
      await expect(engine(kind).diff(id, outs, inputs('hold01', { serviceId: 1002, networkId: 2003 }))).rejects.toThrow(
        /already holds this name in service 1002/,
      );
    } finally {
      delete process.env.ITCARE_SERVER_VALIDATION;
    }
  });

  it('judges a failed create by the resource when its action cannot be read', async () => {
    await em.control.failNext(1, 'broken');
    const failed = await partialFailure('lostact01');
    await em.control.addFault({ method: 'GET', path: '^/itcare/actions/\\d+$', status: 404, count: 1 });
    expect((await engine(kind).diff(failed.id, failed.properties, inputs('lostact01'))).replaces).toEqual(['status']);
  });

  it('replaces a failed create whose action and resource are both gone; fails the plan when either cannot be read', async () => {
    await em.control.failNext(1, 'broken');
    const failed = await partialFailure('lostact02');
    const actionPath = '^/itcare/actions/\\d+$';
    const vmPath = `^/itcare/compute/instances/${failed.id}$`;
    await em.control.addFault({ method: 'GET', path: actionPath, status: 404, count: 1 });
    await em.control.addFault({ method: 'GET', path: vmPath, status: 404, count: 1 });
    expect((await engine(kind).diff(failed.id, failed.properties, inputs('lostact02'))).replaces).toEqual(['status']);
    const undecided = new RegExp(
      `^Instance ${failed.id}: cannot tell whether its create \\(action ${String(failed.properties.__createActionId)}\\) failed, so the plan cannot be decided: .*403`,
    );
    await em.control.addFault({ method: 'GET', path: actionPath, status: 403, count: 1 });
    await expect(engine(kind).diff(failed.id, failed.properties, inputs('lostact02'))).rejects.toThrow(undecided);
    await em.control.addFault({ method: 'GET', path: actionPath, status: 404, count: 1 });
    await em.control.addFault({ method: 'GET', path: vmPath, status: 403, count: 1 });
    await expect(engine(kind).diff(failed.id, failed.properties, inputs('lostact02'))).rejects.toThrow(undecided);
  });

  it('does not delete what a create of this same pass took over (a create-before-delete replacement that adopted the old one); what it created, it deletes', async () => {
    const fresh = await engine(kind).create(inputs('fresh01'));
    await engine(kind).delete(fresh.id, fresh.outs);
    expect(await em.control.instances()).toEqual([]);
    await engine(kind).create(inputs('kept01'));
    const { id, outs } = await engine(kind).create({ ...inputs('kept01'), adopt: true }); // the holder, taken over
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await engine(kind).delete(id, outs);
    } finally {
      spy.mockRestore();
    }
    expect((await em.control.instances()).map((v) => String(v.id))).toEqual([id]);
    expect(lines.join('')).toContain(
      'itcare: Instance kept01: NOT replaced: the replacement found the old one holding the name and kept it',
    );
    expect(lines.join('')).toContain('remove the resource option `deleteBeforeReplace: false`');
  });

  it('plans a power change from the live status, not only from a changed input', async () => {
    const { id, outs } = await engine(kind).create(inputs('pow01', { powerState: 'running' }));
    expect(await engine(kind).diff(id, outs, inputs('pow01', { powerState: 'running' }))).toMatchObject({ changes: false });
    // Refresh saw it stopped behind Pulumi's back; the program still declares running: start it.
    expect(await engine(kind).diff(id, { ...outs, status: 'INACTIVE' }, inputs('pow01', { powerState: 'running' }))).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it('read gives Pulumi the resource with its inputs, and an empty id once it is gone', async () => {
    const { id, outs } = await engine(kind).create(inputs('read01'));
    const read = await engine(kind).read(id, outs);
    expect(read).toMatchObject({ id, props: { status: 'ACTIVE', resourceId: Number(id) }, inputs: { name: 'read01', cpu: 2 } });
    await em.control.removeInstance(Number(id));
    expect(await engine(kind).read(id, outs)).toEqual({ id: '' });
  });

  it('does not refuse at preview a secret whose new value is not known yet (it may well be the same)', async () => {
    const olds = { name: 'db08', serviceId: 1001, admPassword: 'Known-pass-08', __provider: 'shim' };
    const diff = await engine('databases.MariaDB').diff('7', olds, { ...olds, admPassword: UNKNOWN });
    expect(diff.replaces).toEqual([]);
    // Known and different, it is refused (the control: the refusal is real).
    await expect(engine('databases.MariaDB').diff('7', olds, { ...olds, admPassword: 'Other-pass-08' })).rejects.toThrow(
      /^MariaDB db08: admPassword changed, but ITCare has no operation/,
    );
  });

  it('names an unknown resource kind', () => {
    expect(() => engine('compute.Nothing' as typeof kind)).toThrow('pulumi-itcare: unknown resource kind compute.Nothing');
  });

  it('updates keep what was declared for create-only fields the program no longer sets', async () => {
    const { id, outs } = await engine(kind).create(inputs('keep02', { area: 'EB-QA' }));
    const { outs: after } = await engine(kind).update(id, outs, inputs('keep02', { cpu: 4 })); // area dropped from the program
    const back = await engine(kind).diff(id, { ...after, area: 'EB-QA-NORMALISED' }, inputs('keep02', { cpu: 4, area: 'EB-QA' }));
    expect(back.replaces).toEqual([]);
  });
});

describe('what ITCare refuses at up keeps the context of preview', () => {
  it('a create refused with an empty 409 names the resource, the name, the service and the fix', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', dryRun: false, status: 409, count: 1 });
    const err = await engine(kind)
      .create(inputs('taken01'))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ITCARE_CONFLICT', httpStatus: 409, method: 'POST', path: '/compute/instances' });
    const message = (err as Error).message;
    expect(message).toMatch(/^compute\.Instance taken01: ITCare refused the name taken01 in service 1001 \(HTTP 409, no details\)/);
    expect(message).toMatch(/Set `adopt: true` to manage that existing resource.*or choose another name/);
    expect(message).toContain('[ITCare POST /compute/instances: HTTP 409]');
  });

  it("a create refused for another reason names the resource and the property ITCare gave, in ITCare's words", async () => {
    await em.control.addFault({
      method: 'POST',
      path: '^/itcare/compute/instances$',
      dryRun: false,
      status: 422,
      count: 1,
      body: { errorCode: 'NO_IP_AVAILABLE', errorDesc: 'networkId', errorMessage: 'no free address in network 2001' },
    });
    const err = await engine(kind)
      .create(inputs('full01'))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ httpStatus: 422, method: 'POST', path: '/compute/instances' });
    expect((err as Error).message).toMatch(
      /^compute\.Instance full01: ITCare refused the create \(property networkId\): .*NO_IP_AVAILABLE.*no free address in network 2001/,
    );
  });

  it('an operation the server does not know is refused at up naming the operation and the input that needed it', async () => {
    const { id, outs } = await engine(kind).create(inputs('meta02'));
    await em.control.behaviour({ unknownOperations: ['update_metadata'] });
    const err = await engine(kind)
      .update(id, outs, inputs('meta02', { tags: { team: 'a' } }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ITCARE_BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'operation' });
    expect((err as Error).message).toMatch(
      /^compute\.Instance meta02: ITCare refused operation update_metadata \(needed to change tags in place\) at update.*does not offer operation update_metadata: tags cannot change in place/,
    );
  });

  it("the preview's dry run judges every operation it can, not only the first: update_metadata after resize", async () => {
    const { id, outs } = await engine(kind).create(inputs('meta03'));
    await em.control.behaviour({ unknownOperations: ['update_metadata'] });
    await em.control.clearLog();
    const diff = engine(kind).diff(id, outs, inputs('meta03', { cpu: 4, description: 'front', powerState: 'stopped' }));
    await expect(diff).rejects.toThrow(
      /Instance meta03: ITCare refused operation update_metadata \(needed to change description in place\) in dry run.*\(property description\); planned operations: resize, update_metadata, stop/,
    );
    expect((await em.control.log()).filter((e) => e.method === 'PATCH').map((e) => [e.dryRun, e.status])).toEqual([
      [true, 200],
      [true, 400],
    ]);
    await em.control.behaviour({ unknownOperations: [] });
    await em.control.clearLog();
    expect((await engine(kind).diff(id, outs, inputs('meta03', { cpu: 4, description: 'front', powerState: 'stopped' }))).changes).toBe(
      true,
    );
    expect((await em.control.log()).filter((e) => e.method === 'PATCH').map((e) => [e.dryRun, e.status])).toEqual([
      [true, 200],
      [true, 200],
      [true, 200],
    ]);
  });
});

describe('engine check', () => {
  const dryPosts = async () =>
    (await em.control.log()).filter((e) => e.method === 'POST' && e.path === '/itcare/compute/instances').map((e) => [e.dryRun, e.status]);

  it('refuses bad input by schema, naming the property, without calling ITCare', async () => {
    const { failures } = await engine(kind).check({}, inputs('chk01', { cpu: 'two' }));
    expect(failures).toEqual([expect.objectContaining({ property: 'cpu', reason: expect.stringMatching(/^Instance chk01: cpu: /) })]);
    expect(await em.control.log()).toEqual([]);
  });

  it('names bad input by schema, and diffs an unchanged resource, before credentials are set (no API client is needed)', async () => {
    const secret = process.env.ITCARE_CLIENT_SECRET;
    delete process.env.ITCARE_CLIENT_SECRET;
    configure({ config: { get: () => undefined } }); // drops the provider's cached API client
    try {
      const bad = await engine(kind).check({}, inputs('chk07', { cpu: 'two' }));
      expect(bad.failures).toEqual([expect.objectContaining({ property: 'cpu' })]);
      // A resource with a secret input (its password is registered for redaction only once the input is valid).
      const db = await engine('databases.MariaDB').check(
        {},
        { name: 'db07', serviceId: 'x', admPassword: 'Secret-pass-07', __provider: 'shim' },
      );
      expect(db.failures).toEqual(expect.arrayContaining([expect.objectContaining({ property: 'serviceId' })]));
      // Nor does a diff with nothing to change (a preview of an unchanged stack): no API client either.
      const same = inputs('chk07');
      expect(await engine(kind).diff('42', { ...same, status: 'ACTIVE' }, same)).toMatchObject({ changes: false, replaces: [] });
    } finally {
      process.env.ITCARE_CLIENT_SECRET = secret;
      configure({ config: { get: () => undefined } });
    }
  });

  it("validates a new resource with a dry-run POST: accepted, or refused with ITCare's reason", async () => {
    const ok = await engine(kind).check({ __provider: 'shim' }, inputs('chk02')); // only __provider: still new
    expect(ok.failures ?? []).toEqual([]);
    expect(ok.inputs).toMatchObject({ name: 'chk02', cpu: 2 });
    const bad = await engine(kind).check({}, inputs('chk03', { cpu: 3 }));
    expect(bad.failures).toEqual([
      expect.objectContaining({
        property: 'cpu',
        reason: expect.stringMatching(/chk03: ITCare rejected it in dry run \(INVALID_FIELD_VALUE\).*3 vCPU is not offered/),
      }),
    ]);
    expect(await dryPosts()).toEqual([
      [true, 200],
      [true, 400],
    ]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('sends no dry run for an existing resource (diff validates it), nor without server validation', async () => {
    const existing = await engine(kind).check(inputs('chk04'), inputs('chk04', { cpu: 4 }));
    expect(existing.failures ?? []).toEqual([]);
    expect(existing.inputs).toMatchObject({ name: 'chk04', cpu: 4 });
    process.env.ITCARE_SERVER_VALIDATION = 'false';
    try {
      const unchecked = await engine(kind).check({}, inputs('chk05', { cpu: 3 }));
      expect(unchecked.failures ?? []).toEqual([]);
      expect(unchecked.inputs).toMatchObject({ name: 'chk05', cpu: 3 });
    } finally {
      delete process.env.ITCARE_SERVER_VALIDATION;
    }
    expect(await dryPosts()).toEqual([]);
  });

  it('refuses a second new resource of the program with the same name in the same service, naming the fix', async () => {
    expect((await engine(kind).check({}, inputs('chk08'))).failures ?? []).toEqual([]);
    const twin = await engine(kind).check({}, inputs('chk08', { cpu: 4 }));
    expect(twin.inputs).toEqual(inputs('chk08', { cpu: 4 }));
    expect(twin.failures).toEqual([
      {
        property: 'name',
        reason: expect.stringMatching(
          /^Instance chk08: another resource of this program is also named chk08 in service 1001; .*Give each resource its own `name`\.$/,
        ),
      },
    ]);
    expect(await dryPosts()).toEqual([[true, 200]]); // the twin is refused before any dry run
  });

  it('does not validate a replacement twice: the diff did, the check that follows sends nothing', async () => {
    const { id, outs } = await engine(kind).create(inputs('chk06'));
    const news = inputs('chk06', { productCode: 'rhel9' });
    expect((await engine(kind).diff(id, outs, news)).replaces).toEqual(['productCode']);
    await em.control.clearLog();
    const { inputs: checked, failures } = await engine(kind).check({}, news); // the engine's check of the replacement
    expect([checked, failures ?? []]).toEqual([expect.objectContaining({ name: 'chk06', productCode: 'rhel9' }), []]);
    expect(await dryPosts()).toEqual([]);
  });
});
