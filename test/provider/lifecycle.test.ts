import * as fs from 'node:fs';
import { endpointKey } from '../../sdk/actionDurations';
import { ConflictError } from '../../sdk/errors';
import { instances } from '../../sdk/resources/instance';
import { Lifecycle } from '../../provider/lifecycle';
import { apiCall, getToken, requestsTo, sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * The provider's create/update/delete/read against the emulator over HTTP, without the Pulumi engine
 * in between: the paths the e2e suite cannot reach cheaply (deadlines, adoption checks, deletes of
 * resources in every state).
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
let life: Lifecycle;
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

beforeAll(async () => {
  em = await spawnEmulator();
  life = new Lifecycle(ResourceKind.of(instances), sdkClient(em));
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
});

describe('provider lifecycle', () => {
  it('create returns the numeric id as the Pulumi id and typed outputs', async () => {
    const { id, outs } = await life.create(inputs('web01', { powerState: 'stopped' }));
    const [vm] = await em.control.instances();
    expect(id).toBe(String(vm.id));
    expect(outs).toMatchObject({ resourceId: vm.id, status: 'INACTIVE', powerState: 'stopped', ipAddress: vm.ipAddress, cpu: 2 });
    expect(outs.__provider).toBeUndefined();
    expect(typeof outs.creationTime).toBe('string');
  });

  it('a create that outlives its deadline is recorded with its id; update then waits for the action', async () => {
    await em.control.timing({ durationMs: 2500 });
    const err = await life.create(inputs('slow01', { timeouts: { create: '1s' } })).catch((e: unknown) => e);
    const [vm] = await em.control.instances();
    expect(err).toMatchObject({ id: String(vm.id), reasons: [expect.stringMatching(/still IN_PROGRESS/)] });
    expect((err as { properties: Record<string, unknown> }).properties).toMatchObject({
      __provider: 'shim',
      status: 'CREATING',
      resourceId: vm.id,
    });
    const { outs } = await life.update(String(vm.id), inputs('slow01', { cpu: 4 }));
    expect(outs).toMatchObject({ status: 'ACTIVE', cpu: 4 });
  });

  it('adoption refuses a resource whose create-only fields differ from the program', async () => {
    const seeded = await em.control.seedInstance({
      name: 'old01',
      serviceId: 1001,
      status: 'ACTIVE',
      productCode: 'deb11',
      networkId: 2001,
    });
    const err = await life.create(inputs('old01', { adopt: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(
      new RegExp(`cannot adopt resource ${seeded.id}: productCode is "deb11" in ITCare but "deb12" in the program`),
    );
    expect(await em.control.instances()).toHaveLength(1);
  });

  it('adoption waits for an action still running on the resource (a crash mid-create)', async () => {
    await em.control.timing({ durationMs: 1500 });
    const client = sdkClient(em);
    await client.compute.instances.create({ name: 'crash01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 });
    const { id, outs } = await life.create(inputs('crash01', { adopt: true }));
    expect(outs).toMatchObject({ status: 'ACTIVE' });
    expect((await em.control.instances()).map((v) => String(v.id))).toEqual([id]);
  });

  it('delete stops a running instance first, then deletes it with the change reference', async () => {
    const { id } = await life.create(inputs('run01'));
    await em.control.clearLog();
    await life.delete(id, inputs('run01', { changeReference: 'RFC_123' }));
    const log = await em.control.log();
    const calls = log.filter((e) => e.method === 'PATCH' || e.method === 'DELETE').map((e) => e.method);
    expect(calls).toEqual(['PATCH', 'DELETE']);
    expect(await em.control.instances()).toEqual([]);
    // The emulator keeps the DELETE body's changeReference on the delete action: it reached ITCare.
    const { body: actions } = await apiCall(em, (await getToken(em)).access_token, 'GET', `/actions?resourceId=${id}`);
    const deletes = (actions as { process: string; changeReference?: string }[]).filter((a) => a.process === 'DELETE_INSTANCE');
    expect(deletes.map((a) => a.changeReference)).toEqual(['RFC_123']);
    // Back to back: the request after the poll that saw the stop end is the DELETE itself.
    const del = log.findIndex((e) => e.method === 'DELETE');
    expect(log[del - 1]).toMatchObject({ method: 'GET', path: expect.stringMatching(/^\/itcare\/actions\/\d+$/) });
  });

  it('delete after a stop whose answer was lost reads the instance again before the DELETE', async () => {
    const { id } = await life.create(inputs('run02'));
    await em.control.addFault({ method: 'PATCH', reset: 'after', count: 1 });
    await em.control.clearLog();
    await life.delete(id, inputs('run02'));
    expect(await em.control.instances()).toEqual([]);
    // The action found after the lost answer may have been another one: the instance's own state,
    // read after that action ended, is what makes it deletable (the actions it waits for left out).
    const own = (await em.control.log())
      .filter((e) => !e.path.startsWith('/itcare/actions'))
      .map((e) => `${e.method} ${e.path} ${e.status}`);
    const item = `/itcare/compute/instances/${id}`;
    expect(own).toEqual([`GET ${item} 200`, `PATCH ${item} 202`, `GET ${item} 200`, `DELETE ${item} 202`, `GET ${item} 404`]);
  });

  it('delete of a resource already gone succeeds; read of it empties the id', async () => {
    const { id } = await life.create(inputs('gone01'));
    await em.control.removeInstance(Number(id));
    await expect(life.delete(id, inputs('gone01'))).resolves.toBeUndefined();
    await expect(life.read(id, inputs('gone01'))).resolves.toEqual({ id: '' });
  });

  it('a failed delete action is an error, and the instance is still there', async () => {
    const { id } = await life.create(inputs('keep01', { powerState: 'stopped' }));
    await em.control.failNext(1, 'storage detach failed');
    await expect(life.delete(id, inputs('keep01'))).rejects.toThrow(/storage detach failed/);
    expect((await em.control.instances()).map((v) => v.status)).toEqual(['INACTIVE']);
  });

  it('changes tags and description in place (update_metadata), keeping the id', async () => {
    const { id } = await life.create(inputs('meta01', { tags: { team: 'a' } }));
    const { outs } = await life.update(id, inputs('meta01', { tags: { team: 'b', env: 'dev' }, description: 'front' }));
    const [vm] = await em.control.instances();
    expect(vm).toMatchObject({ id: Number(id), tags: { team: 'b', env: 'dev' }, description: 'front' });
    expect(outs).toMatchObject({ tags: { team: 'b', env: 'dev' }, description: 'front' });
  });

  it('follows the resource itself when a 202 comes without a body (no action id)', async () => {
    await em.control.timing({ durationMs: 800 });
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', emptyBody: true, dryRun: false, count: 1 });
    const { id, outs } = await life.create(inputs('empty01'));
    expect(outs).toMatchObject({ status: 'ACTIVE' });
    await em.control.addFault({ method: 'PATCH', emptyBody: true, count: 1 });
    await em.control.addFault({ method: 'DELETE', emptyBody: true, count: 1 });
    await em.control.clearLog();
    await life.delete(id, inputs('empty01'));
    expect(await em.control.instances()).toEqual([]);
    // the DELETE went out once the stop had ended: no 409 on the way
    expect(
      (await em.control.log()).filter((e) => e.method === 'DELETE' || e.method === 'PATCH').map((e) => `${e.method} ${e.status}`),
    ).toEqual(['PATCH 202', 'DELETE 202']);
  });

  it('a 404 while polling an action is not taken for the resource being gone', async () => {
    const { id } = await life.create(inputs('poll01'));
    await em.control.addFault({ method: 'GET', path: '^/itcare/actions/\\d+$', status: 404, count: 1 });
    await expect(life.delete(id, inputs('poll01'))).rejects.toMatchObject({ code: 'ITCARE_NOT_FOUND' });
    expect((await em.control.instances()).map((v) => v.name)).toEqual(['poll01']);
  });

  it('refresh drops what the server cleared', async () => {
    const { id, outs } = await life.create(inputs('clear01', { description: 'to be cleared' }));
    const [vm] = await em.control.instances();
    await em.control.seedInstance({ ...vm, description: null });
    const read = await life.read(id, outs);
    expect(read).toMatchObject({ id });
    expect((read as { props: Record<string, unknown> }).props.description).toBeUndefined();
  });

  it('a create answered without a body whose action fails is recorded with the action id it found', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', emptyBody: true, dryRun: false, count: 1 });
    await em.control.failNext(1, 'no capacity');
    const err = (await life.create(inputs('nobody01')).catch((e: unknown) => e)) as {
      id: string;
      message: string;
      properties: Record<string, unknown>;
    };
    const [vm] = await em.control.instances();
    expect(err.id).toBe(String(vm.id));
    expect(err.message).toMatch(/no capacity/);
    expect(typeof err.properties.__createActionId).toBe('number');
    expect(Object.values(err.properties)).not.toContain(undefined); // Pulumi's protobuf conversion rejects undefined
  });

  it('a lost create answer whose action then fails is still recorded, not orphaned', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', reset: 'after', dryRun: false, count: 1 });
    await em.control.failNext(1, 'datastore unavailable');
    const err = (await life.create(inputs('lost02')).catch((e: unknown) => e)) as { id?: string; message: string };
    const [vm] = await em.control.instances();
    expect(err.id).toBe(String(vm.id));
    expect(err.message).toMatch(/datastore unavailable/);
  });

  it.each([502, 504])(
    'a create the server made but whose answer a gateway turned into %i is found by name, not sent twice',
    async (status) => {
      await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', processed: true, status, dryRun: false, count: 1 });
      const { id, outs } = await life.create(inputs(`gw${status}`));
      const stored = await em.control.instances();
      expect(stored.map((v) => [String(v.id), v.name])).toEqual([[id, `gw${status}`]]);
      expect(outs).toMatchObject({ status: 'ACTIVE', resourceId: stored[0].id });
      const posts = (await requestsTo(em, 'POST', '/itcare/compute/instances')).filter((e) => !e.dryRun);
      expect(posts.map((e) => e.status)).toEqual([status]);
    },
  );

  it('a create refused by a gateway 502 before reaching ITCare is sent again only once nothing holds the name: one instance', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', status: 502, dryRun: false, count: 1 });
    const { id } = await life.create(inputs('gw02'));
    const stored = await em.control.instances();
    expect(stored.map((v) => [String(v.id), v.name])).toEqual([[id, 'gw02']]);
    // The first POST never reached ITCare (nothing took the name), so the second one is the only create.
    expect((await requestsTo(em, 'POST', '/itcare/compute/instances')).filter((e) => !e.dryRun).map((e) => e.status)).toEqual([502, 202]);
  });

  it('a lost create answer never takes over an older resource of the same name', async () => {
    await em.control.seedInstance({
      name: 'other01',
      serviceId: 1001,
      status: 'ACTIVE',
      cpu: 8,
      ram: 32,
      productCode: 'deb12',
      networkId: 2001,
    });
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', reset: 'after', dryRun: false, count: 1 });
    await expect(life.create(inputs('other01'))).rejects.toMatchObject({ code: 'ITCARE_NETWORK_ERROR' });
    expect((await em.control.instances()).map((v) => [v.name, v.cpu])).toEqual([['other01', 8]]); // untouched
  });

  it('an operation that fails without an action id to follow is an error, not a success', async () => {
    const { id } = await life.create(inputs('resize01'));
    await em.control.addFault({ method: 'PATCH', emptyBody: true, dryRun: false, count: 1 });
    await em.control.failNext(1, 'hypervisor busy');
    await expect(life.update(id, inputs('resize01', { cpu: 4 }))).rejects.toThrow(/hypervisor busy/);
  });

  it('refresh keeps the mark of a failed create, and the declared create-only values', async () => {
    await em.control.failNext(1, 'broken');
    const err = (await life.create(inputs('mark01', { area: 'EB-QA' })).catch((e: unknown) => e)) as {
      id: string;
      properties: Record<string, unknown>;
    };
    const read = (await life.read(err.id, err.properties)) as { props: Record<string, unknown> };
    expect(read.props.__createActionId).toBe(err.properties.__createActionId);
    expect(read.props.__declared).toEqual({ name: 'mark01', serviceId: 1001, productCode: 'deb12', networkId: 2001, area: 'EB-QA' });
  });
});

describe('against a server that ignores GET /actions filters (these suites run with it on)', () => {
  /** Another resource's action that ended in ERROR, and one still running for ten minutes. */
  async function unrelatedActions(): Promise<void> {
    const client = sdkClient(em);
    await em.control.failNext(1, 'unrelated failure');
    const failed = await client.compute.instances.create({
      name: 'other01',
      serviceId: 1001,
      productCode: 'deb12',
      networkId: 2001,
      cpu: 2,
      ram: 4,
    });
    await client.waitForAction(failed.actionId!, { timeout: 10_000, minDelayMs: 20, maxDelayMs: 50 }).catch(() => undefined);
    await em.control.timing({ durationMs: 600_000 });
    await client.compute.instances.create({ name: 'busy01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 });
    await em.control.timing({ durationMs: 50 });
  }

  it("create, update and delete neither wait on nor fail with other resources' actions; progress lines name their own actions", async () => {
    expect(await (await fetch(`http://127.0.0.1:${em.port}/_emulator/behaviour`)).json()).toMatchObject({ ignoreQueryFilters: true });
    await unrelatedActions();
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const timeouts = { create: '20s', update: '20s', delete: '20s' };
      // No action id in the answers: the provider has to find its own action, or follow the resource.
      await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', emptyBody: true, dryRun: false, count: 1 });
      const { id } = await life.create(inputs('web01', { timeouts }));
      const { outs } = await life.update(id, inputs('web01', { cpu: 4, timeouts }));
      expect(outs).toMatchObject({ cpu: 4, status: 'ACTIVE' });
      await em.control.addFault({ method: 'PATCH', emptyBody: true, dryRun: false, count: 1 });
      await em.control.addFault({ method: 'DELETE', emptyBody: true, dryRun: false, count: 1 });
      await life.delete(id, inputs('web01', { timeouts }));
    } finally {
      spy.mockRestore();
    }
    expect((await em.control.instances()).map((v) => v.name).sort()).toEqual(['busy01', 'other01']);
    const owner = new Map((await sdkClient(em).actions.list()).map((a) => [a.id, a.resourceName]));
    const named = lines
      .join('')
      .split('\n')
      .map((l) => /action (\d+) /.exec(l)?.[1])
      .filter((x): x is string => x !== undefined);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named.map((a) => owner.get(Number(a))))).toEqual(new Set(['web01']));
  });
});

describe('learning action durations', () => {
  it('waits learn per endpoint, kind and sizing: a create of 2 cpu / 4 GB and one of 8 / 16 are kept apart', async () => {
    const file = process.env.ITCARE_ACTION_DURATIONS!; // one per test file (test/setupEnv.js)
    await life.create(inputs('size01'));
    await life.create(inputs('size02', { cpu: 8, ram: 16 }));
    const kinds = Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).kinds);
    const at = endpointKey(em.url, em.clientId);
    expect(kinds).toEqual(
      expect.arrayContaining([`${at}|CREATE_INSTANCE|INSTANCE|cpu=2 ram=4`, `${at}|CREATE_INSTANCE|INSTANCE|cpu=8 ram=16`]),
    );
  });
});

describe('what the lifecycle will not report as done', () => {
  it('an update of a resource ITCare shows in ERROR fails, naming it, instead of converging', async () => {
    const vm = await em.control.seedInstance({
      name: 'err01',
      serviceId: 1001,
      status: 'ERROR',
      productCode: 'deb12',
      networkId: 2001,
      cpu: 2,
      ram: 4,
    });
    await expect(life.update(String(vm.id), inputs('err01', { cpu: 4, ram: 8 }))).rejects.toThrow(
      `compute.Instance err01: resource ${vm.id} is in ERROR in ITCare and cannot be brought to the declared state in place`,
    );
    expect((await em.control.log()).filter((e) => e.method === 'PATCH' && !e.dryRun)).toEqual([]);
  });

  it('an operation whose result never shows fails after a bounded number of rounds, naming the next one', async () => {
    const { id } = await life.create(inputs('never01'));
    // The instance is resized, but its reads never say so (a server that leaves cpu out).
    await em.control.addFault({ method: 'GET', path: `^/itcare/compute/instances/${id}$`, omitFields: ['cpu'] });
    await expect(life.update(id, inputs('never01', { cpu: 4, ram: 8 }))).rejects.toThrow(
      new RegExp(`^compute\\.Instance never01: resource ${id} still differs from the program after \\d+ operations \\(next: resize\\)$`),
    );
  });

  it('a refresh that cannot read the resource fails with the reason; only a 404 drops it', async () => {
    const { id, outs } = await life.create(inputs('read01'));
    await em.control.addFault({ method: 'GET', path: `^/itcare/compute/instances/${id}$`, status: 403, count: 1 });
    await expect(life.read(id, outs)).rejects.toMatchObject({ code: 'ITCARE_FORBIDDEN', httpStatus: 403 });
  });
});
