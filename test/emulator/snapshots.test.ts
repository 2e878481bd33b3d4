import { ConflictError, InvalidArgumentError, NotFoundError } from '../../sdk/errors';
import { sdkClient, spawnEmulator, type SpawnedEmulator, demoInstance } from '../helpers/emulator';
import { itcareRejection } from '../helpers/sdk';

/**
 * Instance snapshots over HTTP through client.compute.instances.snapshots(instanceId): string ids
 * (123-snap-1) through the descriptor's id rule, the VERIFIED fields, a missing instance named in
 * the 404, and an instance with snapshots refused a delete (409, INFERRED).
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '30']);
});
afterAll(async () => {
  await em?.stop();
});

test('a snapshot has a string id, its fields, and keeps its instance from being deleted until it is gone', async () => {
  const api = sdkClient(em);
  const vm = await api.compute.instances.createAndWait(demoInstance('snapvm01') as never);
  const snaps = api.compute.instances.snapshots(vm.id);
  const first = await snaps.createAndWait({ description: 'before the upgrade', changeReference: 'RFC_1' });
  const second = await snaps.createAndWait({ description: 'after the upgrade' });
  expect([first.id, second.id]).toEqual([`${vm.id}-snap-1`, `${vm.id}-snap-2`]);
  expect(first).toMatchObject({
    description: 'before the upgrade',
    instanceId: vm.id,
    status: 'ACTIVE',
    creator: expect.any(String),
    size: expect.any(Number),
    label: expect.any(String),
  });
  expect(first.expirationDate!.getTime()).toBeGreaterThan(first.creationDate!.getTime());
  expect(await snaps.get(first.id)).toMatchObject({ id: first.id });
  expect((await snaps.list()).content.map((s) => s.id)).toEqual([first.id, second.id]);

  await api.waitForAction((await api.compute.instances.operate(vm.id, 'stop', {})).actionId!);
  const busy = await itcareRejection(api.compute.instances.delete(vm.id));
  expect(busy).toBeInstanceOf(ConflictError);
  expect(busy.message).toMatch(/it still has 2 Snapshot/);
  for (const s of [first, second]) await api.waitForAction((await snaps.delete(s.id)).actionId!);
  await expect(snaps.get(first.id)).rejects.toBeInstanceOf(NotFoundError);
  await api.waitForAction((await api.compute.instances.delete(vm.id)).actionId!);
});

test('snapshot ids are checked against their rule; an int64 is not a snapshot id', async () => {
  const snaps = sdkClient(em).compute.instances.snapshots(123);
  expect(() => snaps.itemPath('123-snap-4')).not.toThrow();
  for (const bad of [42, '../../actions', '123-snap-', '123-snap-4/../../x']) {
    expect(() => snaps.itemPath(bad)).toThrow(InvalidArgumentError);
    expect(() => snaps.itemPath(bad)).toThrow(/a snapshot id such as 123-snap-42/);
  }
});

test('a snapshot of a missing instance is a 404 naming the instance', async () => {
  const err = await itcareRejection(sdkClient(em).compute.instances.snapshots(999).create({ description: 'x' }));
  expect(err).toBeInstanceOf(NotFoundError);
  expect(err.message).toMatch(/Instance 999/);
});

test("a create keeps the 202's resourceId only when it is an id of that resource (the descriptor's rule)", async () => {
  const api = sdkClient(em);
  const vm = await api.compute.instances.createAndWait(demoInstance('snapvm02') as never);
  const snaps = api.compute.instances.snapshots(vm.id);
  expect((await snaps.create({ description: 'plain' })).resourceId).toMatch(new RegExp(`^${vm.id}-snap-\\d+$`));
  for (const odd of ['other.thing', 500061999]) {
    await em.control.addFault({
      method: 'POST',
      path: '/snapshots$',
      status: 202,
      count: 1,
      body: { id: 46999, resourceId: odd, status: 'IN_PROGRESS' },
    });
    expect(await snaps.create({ description: 'odd' })).toMatchObject({ actionId: 46999, resourceId: undefined });
  }
});
