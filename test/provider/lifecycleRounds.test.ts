import { instances } from '../../sdk/resources/instance';
import { Lifecycle } from '../../provider/lifecycle';
import { requestsTo, sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * The bounds of the lifecycle: how many times a create, an operation or a delete is sent before it
 * gives up, which deadline each wait has, and what is waited for when ITCare names no action.
 */
jest.setTimeout(90_000);

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
const item = (id: string) => `/itcare/compute/instances/${id}`;
const sent = async (method: string, path: string) => (await requestsTo(em, method, path)).filter((e) => !e.dryRun).map((e) => e.status);

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

describe('bounded sends', () => {
  it('a create that never reaches ITCare is sent three times, then fails', async () => {
    // A fourth POST would pass: only the bound stops the create.
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', status: 502, dryRun: false, count: 3 });
    await expect(life.create(inputs('try01', { timeouts: { create: '2m' } }))).rejects.toMatchObject({ httpStatus: 502 });
    expect(await sent('POST', '/itcare/compute/instances')).toEqual([502, 502, 502]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('a create whose first send did not reach ITCare is not sent again past its deadline', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', status: 502, dryRun: false, count: 1 });
    await expect(life.create(inputs('late01', { timeouts: { create: '2s' } }))).rejects.toMatchObject({ httpStatus: 502 });
    expect(await sent('POST', '/itcare/compute/instances')).toEqual([502]);
  });

  it('a delete whose answers keep being lost is sent eight times, then fails naming it; a stopped instance is not stopped first', async () => {
    const { id } = await life.create(inputs('del01', { powerState: 'stopped' }));
    // Never applied; a ninth DELETE would pass. The deadline is past: no lost answer is searched for long.
    await em.control.addFault({ method: 'DELETE', reset: 'before', count: 12 });
    await em.control.clearLog();
    await expect(life.delete(id, inputs('del01', { timeouts: { delete: '1ms' } }))).rejects.toThrow(
      `compute.Instance del01: resource ${id} could not be deleted: ITCare kept losing the answers`,
    );
    expect(await sent('DELETE', item(id))).toEqual(Array(8).fill(0));
    expect(await sent('PATCH', item(id))).toEqual([]);
  });

  it('operations whose result never shows are sent twice the planned count plus two, then it fails naming that count', async () => {
    const { id } = await life.create(inputs('never02', { tags: { team: 'a' } }));
    // Resized for real, but the reads never say so; the tags change shows: 2 operations planned.
    await em.control.addFault({ method: 'GET', path: `^${item(id)}$`, omitFields: ['cpu'] });
    await expect(life.update(id, inputs('never02', { cpu: 4, ram: 8, tags: { team: 'b' } }))).rejects.toThrow(
      `compute.Instance never02: resource ${id} still differs from the program after 6 operations (next: resize)`,
    );
    expect(await sent('PATCH', item(id))).toHaveLength(6);
  });
});

describe('deadlines', () => {
  it('the running actions of a resource are read until the deadline, then the error says what was read', async () => {
    const { id } = await life.create(inputs('dl01'));
    await em.control.addFault({ method: 'GET', path: '^/itcare/actions$', status: 503 });
    await expect(life.delete(id, inputs('dl01', { timeouts: { delete: '1s' } }))).rejects.toThrow(
      /^compute\.Instance dl01: reading its running actions: ITCare kept failing until the deadline \(last: .*503/,
    );
  });

  it('a refresh rides out more than a second of transient faults', async () => {
    const { id, outs } = await life.create(inputs('ref01'));
    // Four 503s in a row: at least 300 ms between reads, so over a second before the fifth read.
    await em.control.addFault({ method: 'GET', path: `^${item(id)}$`, status: 503, count: 4 });
    await expect(life.read(id, outs)).resolves.toMatchObject({ id });
    expect((await sent('GET', item(id))).slice(-5)).toEqual([503, 503, 503, 503, 200]);
  });
});

describe('a create whose id is not known at once', () => {
  it('is recorded with its id when the first lookup by name is refused', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', emptyBody: true, dryRun: false, count: 1 });
    await em.control.addFault({ method: 'GET', path: '^/itcare/compute/instances$', status: 403, count: 1 });
    const err = (await life.create(inputs('look01')).catch((e: unknown) => e)) as { id?: string; message: string };
    const [vm] = await em.control.instances();
    expect(err).toMatchObject({ id: String(vm.id), message: expect.stringMatching(/403/) });
  });
});

/**
 * A 202 without a body, on a server whose action list shows nothing (these requests answered `[]`):
 * the resource itself is followed until it reaches the operation's status, not merely until no
 * action shows.
 */
describe('no action id, and no action listed', () => {
  const noActionsListed = () => em.control.addFault({ method: 'GET', path: '^/itcare/actions$', status: 200, body: [] });
  beforeEach(async () => {
    await em.control.timing({ durationMs: 500 });
  });

  it('a create is followed until the resource is ACTIVE', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', emptyBody: true, dryRun: false, count: 1 });
    await noActionsListed();
    const { outs } = await life.create(inputs('na01'));
    expect(outs).toMatchObject({ status: 'ACTIVE' });
  });

  it('a stop is followed until the instance is INACTIVE, and sent once', async () => {
    const { id } = await life.create(inputs('na02'));
    await em.control.addFault({ method: 'PATCH', emptyBody: true, dryRun: false });
    await noActionsListed();
    const { outs } = await life.update(id, inputs('na02', { powerState: 'stopped' }));
    expect(outs).toMatchObject({ status: 'INACTIVE', powerState: 'stopped' });
    expect(await sent('PATCH', item(id))).toEqual([202]);
  });

  it("a delete's stop is followed until the instance is INACTIVE before the DELETE goes", async () => {
    const { id } = await life.create(inputs('na03'));
    await em.control.addFault({ method: 'PATCH', emptyBody: true, dryRun: false });
    await em.control.addFault({ method: 'DELETE', emptyBody: true, dryRun: false });
    await noActionsListed();
    await life.delete(id, inputs('na03'));
    expect(await em.control.instances()).toEqual([]);
    expect([...(await sent('PATCH', item(id))), ...(await sent('DELETE', item(id)))]).toEqual([202, 202]);
  });

  it('a resource found DELETING is followed until it is gone', async () => {
    const vm = await em.control.seedInstance({
      name: 'na04',
      serviceId: 1001,
      status: 'DELETING',
      productCode: 'deb12',
      networkId: 2001,
      cpu: 2,
      ram: 4,
    });
    const id = String(vm.id);
    const deleting = life.delete(id, inputs('na04'));
    const polled = async (): Promise<string> => {
      while ((await sent('GET', item(id))).length < 2) await new Promise((r) => setTimeout(r, 50));
      return 'still following';
    };
    // It cannot end before the instance is gone: the second read of it comes first.
    expect(await Promise.race([deleting.then(() => 'returned'), polled()])).toBe('still following');
    await em.control.removeInstance(vm.id);
    await expect(deleting).resolves.toBeUndefined();
  });
});

describe("the delete's own action", () => {
  it('is waited for: its failure is the error even when the next read of the instance would come after it ended', async () => {
    const { id } = await life.create(inputs('own01', { powerState: 'stopped' }));
    await em.control.failNext(1, 'storage detach failed');
    await em.control.addFault({ method: 'DELETE', hold: true, count: 1 });
    const deleting = life.delete(id, inputs('own01')).then(
      () => 'deleted',
      (e: Error) => e.message,
    );
    await em.control.untilHeld(1);
    // A read of the instance after the DELETE is held until its action has failed.
    await em.control.addFault({ method: 'GET', path: `^${item(id)}$`, hold: true, count: 1 });
    await em.control.releaseHeld();
    const client = sdkClient(em);
    while (!(await client.actions.list()).some((a) => a.process === 'DELETE_INSTANCE' && a.status === 'ERROR'))
      await new Promise((r) => setTimeout(r, 50));
    await em.control.releaseHeld();
    expect(await deleting).toMatch(/storage detach failed/);
    expect((await em.control.instances()).map((v) => v.name)).toEqual(['own01']);
  });
});
