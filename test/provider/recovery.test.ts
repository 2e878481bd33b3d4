import { ConflictError } from '../../sdk/errors';
import { instances } from '../../sdk/resources/instance';
import { Lifecycle } from '../../provider/lifecycle';
import { OWNER_TAG } from '../../provider/owner';
import { sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { fastClient } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

const instanceKind = ResourceKind.of(instances);

/**
 * Lost answers and lookups that fail, driven by counted faults (not by timing): the provider finds
 * out what ITCare did instead of failing the resource, resending blindly or orphaning it, and it
 * recognises its own creations by their ownership marker — never anyone else's.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
let life: Lifecycle;
const MARK = 'organization/proj/dev/0123456789abcdef';
const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  __provider: 'shim',
  __owner: MARK,
  ...extra,
});
const real = async (method: string, path: RegExp) =>
  (await em.control.log()).filter((e) => e.method === method && !e.dryRun && path.test(e.path));

beforeAll(async () => {
  em = await spawnEmulator();
  life = new Lifecycle(instanceKind, fastClient(em));
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
});

describe('ownership marker', () => {
  it("is set as a tag on create, and hidden from the outputs next to the user's own tags", async () => {
    const { outs } = await life.create(inputs('own01', { tags: { team: 'web' } }));
    const [vm] = await em.control.instances();
    expect(vm.tags).toEqual({ team: 'web', [OWNER_TAG]: MARK });
    expect(outs.tags).toEqual({ team: 'web' });
  });

  it('a create that meets its own earlier creation (a crash) adopts it, without a second create', async () => {
    await life.create(inputs('own02'));
    await em.control.clearLog();
    const { id, outs } = await life.create(inputs('own02', { cpu: 4, ram: 8 }));
    const held = await em.control.instances();
    expect(held).toHaveLength(1);
    expect(id).toBe(String(held[0].id));
    expect(held[0]).toMatchObject({ cpu: 4, ram: 8 }); // brought to the program
    expect(outs).toMatchObject({ cpu: 4 });
    expect((await real('POST', /instances$/)).map((e) => e.status)).toEqual([409]);
  });

  it("is never taken for another stack's or an unmarked resource", async () => {
    await life.create(inputs('own03', { __owner: 'organization/proj/prod/fedcba9876543210' }));
    await expect(life.create(inputs('own03'))).rejects.toBeInstanceOf(ConflictError);
    await em.control.seedInstance({ name: 'own04', serviceId: 1001 });
    await expect(life.create(inputs('own04'))).rejects.toBeInstanceOf(ConflictError);
    expect(await em.control.instances()).toHaveLength(2);
  });

  it('a resource created before the marker gets it with its next tags change, never on its own', async () => {
    const seeded = await em.control.seedInstance({ name: 'own05', serviceId: 1001, tags: { team: 'db' } });
    await em.control.clearLog();
    await life.update(String(seeded.id), inputs('own05', { tags: { team: 'db' } }));
    expect(await real('PATCH', /instances\/\d+$/)).toEqual([]); // no update_metadata for the marker alone
    const { outs } = await life.update(String(seeded.id), inputs('own05', { tags: { team: 'db', env: 'qa' } }));
    expect((await em.control.instances())[0].tags).toEqual({ team: 'db', env: 'qa', [OWNER_TAG]: MARK });
    expect(outs.tags).toEqual({ team: 'db', env: 'qa' });
  });

  it('the update dry run plans what the update will: the marker never adds an operation', async () => {
    const { id } = await life.create(inputs('own06', { tags: { team: 'web' } }));
    await em.control.behaviour({ unknownOperations: ['update_metadata'] });
    await em.control.clearLog();
    await instanceKind.validation.dryRunUpdate(
      fastClient(em),
      `${em.url}|own06`,
      id,
      inputs('own06', { tags: { team: 'web' }, cpu: 4, ram: 8 }),
    );
    expect((await em.control.log()).filter((e) => e.method === 'PATCH').map((e) => e.dryRun)).toEqual([true]); // the resize only
  });
});

describe('lost answers', () => {
  it('a create whose answer is lost while the lookups fail with 500 still finds what it created', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', reset: 'after', dryRun: false, count: 1 });
    // More 500s than the SDK retries a GET: the provider's own search must ride them out.
    await em.control.addFault({ method: 'GET', path: '^/itcare/(compute/instances|actions)$', status: 500, count: 6 });
    const { id } = await life.create(inputs('lost01'));
    const held = await em.control.instances();
    expect(held.map((v) => [String(v.id), v.name, v.status])).toEqual([[id, 'lost01', 'ACTIVE']]);
    expect(await real('POST', /instances$/)).toHaveLength(1);
  });

  it('a lost create answer that cannot be searched until the deadline fails; the next create adopts it (journal note, marker) with no second POST', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', reset: 'after', dryRun: false, count: 1 });
    await em.control.addFault({ method: 'GET', path: '^/itcare/compute/instances$', status: 500 });
    await expect(life.create(inputs('lost03', { timeouts: { create: '3s' } }))).rejects.toThrow(/kept failing until the deadline/);
    await em.control.clearFaults();
    const { id } = await life.create(inputs('lost03'));
    expect((await em.control.instances()).map((v) => String(v.id))).toEqual([id]);
    expect((await real('POST', /instances$/)).map((e) => e.status)).toEqual([202]);
  });

  it('a create answered 500 after ITCare created it is found, not sent twice', async () => {
    await em.control.addFault({
      method: 'POST',
      path: '^/itcare/compute/instances$',
      status: 500,
      processed: true,
      dryRun: false,
      count: 1,
    });
    const { id } = await life.create(inputs('lost02'));
    expect((await em.control.instances()).map((v) => String(v.id))).toEqual([id]);
  });

  it('a create refused with 503 before ITCare acted is sent again once nothing holds the name', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', status: 503, dryRun: false, count: 1 });
    const { id } = await life.create(inputs('post01'));
    expect((await em.control.instances()).map((v) => String(v.id))).toEqual([id]);
    expect((await real('POST', /instances$/)).map((e) => e.status)).toEqual([503, 202]);
  });

  it('a resize whose answer is lost after ITCare applied it is followed, not resent', async () => {
    const { id } = await life.create(inputs('patch01'));
    await em.control.clearLog();
    await em.control.addFault({ method: 'PATCH', reset: 'after', dryRun: false, count: 1 });
    const { outs } = await life.update(id, inputs('patch01', { cpu: 4, ram: 8 }));
    expect(outs).toMatchObject({ cpu: 4, ram: 8 });
    expect(await real('PATCH', /instances\/\d+$/)).toHaveLength(1);
  });

  it('a resize refused with 503 before ITCare acted is sent again once it is known not applied', async () => {
    const { id } = await life.create(inputs('patch02'));
    await em.control.clearLog();
    await em.control.addFault({ method: 'PATCH', status: 503, dryRun: false, count: 2 });
    const { outs } = await life.update(id, inputs('patch02', { cpu: 4, ram: 8 }));
    expect(outs).toMatchObject({ cpu: 4, ram: 8 });
    expect((await real('PATCH', /instances\/\d+$/)).map((e) => e.status)).toEqual([503, 503, 202]);
  });

  it('a delete whose answer is lost after ITCare accepted it is followed to the end', async () => {
    const { id } = await life.create(inputs('del01', { powerState: 'stopped' }));
    await em.control.clearLog();
    await em.control.addFault({ method: 'DELETE', reset: 'after', dryRun: false, count: 1 });
    await life.delete(id, inputs('del01'));
    expect(await em.control.instances()).toEqual([]);
    expect(await real('DELETE', /instances\/\d+$/)).toHaveLength(1);
  });

  it('a delete refused with 500 is not taken for done because of an earlier action on the instance', async () => {
    const { id } = await life.create(inputs('del02', { powerState: 'stopped' }));
    await life.update(id, inputs('del02', { powerState: 'stopped', cpu: 4, ram: 8 })); // a RESIZE action just before
    await em.control.clearLog();
    await em.control.addFault({ method: 'DELETE', status: 500, dryRun: false, count: 1 });
    await life.delete(id, inputs('del02'));
    expect(await em.control.instances()).toEqual([]);
    expect((await real('DELETE', /instances\/\d+$/)).map((e) => e.status)).toEqual([500, 202]);
  });
});

/**
 * A 202 without a body, and an action list that does not show its action yet (the first reads of
 * GET /actions answer an empty list): nothing to follow but the resource itself (Recovery.untilSettled).
 */
describe('a 202 without an action id, its action not listed yet', () => {
  const hideActions = (count: number) => em.control.addFault({ method: 'GET', path: '^/itcare/actions$', status: 200, body: [], count });
  const polls = async (id: string) =>
    (await em.control.log()).filter((e) => e.method === 'GET' && e.path === `/itcare/compute/instances/${id}`);

  it('an update follows the resource until no action runs on it and its resize is applied', async () => {
    const { id } = await life.create(inputs('settle01', { timeouts: { update: '20s' } }));
    await em.control.timing({ durationMs: 1500 });
    await em.control.clearLog();
    await em.control.addFault({ method: 'PATCH', emptyBody: true, dryRun: false, count: 1 });
    await hideActions(2); // the check for running actions before the PATCH, and the look-up of its action after it
    const { outs } = await life.update(id, inputs('settle01', { cpu: 4, ram: 8, timeouts: { update: '20s' } }));
    expect(outs).toMatchObject({ cpu: 4, ram: 8, status: 'ACTIVE' });
    expect((await sdkClient(em).actions.list()).filter((a) => a.status === 'IN_PROGRESS')).toEqual([]);
    expect((await polls(id)).length).toBeGreaterThan(1); // followed through the resource, not an action
  });

  it('a delete that finds its resource already DELETING follows it until it is gone', async () => {
    const vm = await em.control.seedInstance({ name: 'settle02', serviceId: 1001, status: 'INACTIVE' });
    await em.control.timing({ durationMs: 1500 });
    await sdkClient(em).compute.instances.delete(vm.id); // someone else's delete, still running
    await hideActions(1);
    await life.delete(String(vm.id), inputs('settle02', { timeouts: { delete: '20s' } }));
    expect(await em.control.instances()).toEqual([]);
    expect(await real('DELETE', /instances\/\d+$/)).toHaveLength(1); // only the other one
  });

  it('a create that meets its own earlier resource being deleted waits until it is gone, then creates anew', async () => {
    const old = await em.control.seedInstance({
      name: 'settle05',
      serviceId: 1001,
      status: 'INACTIVE',
      productCode: 'deb12',
      networkId: 2001,
      tags: { [OWNER_TAG]: MARK },
    });
    await em.control.timing({ durationMs: 1500 });
    await sdkClient(em).compute.instances.delete(old.id); // a destroy that crashed half-way
    await em.control.timing({ durationMs: 50 });
    const { id } = await life.create(inputs('settle05', { timeouts: { create: '20s' } }));
    expect(id).not.toBe(String(old.id));
    expect((await em.control.instances()).map((v) => [String(v.id), v.name])).toEqual([[id, 'settle05']]);
    expect((await real('POST', /instances$/)).map((e) => e.status)).toEqual([409, 202]);
  });

  it('a resource that stays DELETING with no action to follow is an ActionTimeoutError at the deadline', async () => {
    const vm = await em.control.seedInstance({ name: 'settle03', serviceId: 1001, status: 'DELETING' });
    const err = await life.delete(String(vm.id), inputs('settle03', { timeouts: { delete: '2s' } })).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ITCARE_ACTION_TIMEOUT',
      message: `Instance ${vm.id} still DELETING at the deadline (ITCare gave no action id to follow)`,
    });
    expect(await real('DELETE', /instances\/\d+$/)).toEqual([]);
  });

  it('a create whose resource ends in ERROR is an ActionFailedError recorded as a partial failure', async () => {
    await em.control.timing({ durationMs: 1000 });
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', emptyBody: true, dryRun: false, count: 1 });
    await em.control.failNext(1, 'no capacity');
    await hideActions(1);
    const err = (await life.create(inputs('settle04')).catch((e: unknown) => e)) as {
      id: string;
      message: string;
      properties: Record<string, unknown>;
    };
    expect(err.message).toContain(`Instance ${err.id} ended in ERROR (ITCare gave no action id to follow)`);
    expect((await em.control.instances()).map((v) => [String(v.id), v.status])).toEqual([[err.id, 'ERROR']]);
  });
});
