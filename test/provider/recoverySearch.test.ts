import { ConflictError, NotFoundError } from '../../sdk/errors';
import { ResourceClient } from '../../sdk/resourceClient';
import { instances } from '../../sdk/resources/instance';
import { OWNER_TAG } from '../../provider/owner';
import { Recovery } from '../../provider/recovery';
import { demoInstance, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { fastClient } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * Recovery's searches after a lost or incomplete answer, on action lists written out (served by the
 * emulator in place of its own): which holder of a name is ours, which action a mutation started,
 * which action a 202 without an id refers to, and when the search gives up. Each wrong answer here is
 * an orphan, a duplicate, or someone else's resource adopted.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
let recovery: Recovery;
const MARK = 'organization/proj/dev/0123456789abcdef';
const inputs = (name: string, extra: Record<string, unknown> = {}) => demoInstance(name, { __provider: 'shim', ...extra });
const seed = (name: string, extra: Record<string, unknown> = {}) =>
  em.control.seedInstance(demoInstance(name, { status: 'ACTIVE', ...extra }));
const soon = (ms = 5000) => Date.now() + ms;
const iso = (ms: number) => new Date(ms).toISOString();

/** GET /actions answers these (every read, or the first `count`) instead of the emulator's own. */
const actionsAre = (actions: Record<string, unknown>[], count?: number) =>
  em.control.addFault({ method: 'GET', path: '^/itcare/actions$', status: 200, body: actions, count });
const action = (id: number, resource: { id: number; name: string }, process: string, submittedAt: number, status = 'SUCCESS') => ({
  id,
  status,
  process,
  resourceName: resource.name,
  resourceType: 'INSTANCE',
  resourceId: resource.id,
  submittedAt: iso(submittedAt),
});

beforeAll(async () => {
  em = await spawnEmulator();
  const api = fastClient(em);
  recovery = new Recovery(ResourceKind.of(instances), api, new ResourceClient(instances, api));
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

describe('createdSince: after a lost create answer', () => {
  it('our marked holder is adopted only when it is what the program declares', async () => {
    await seed('found01', { tags: { [OWNER_TAG]: MARK } });
    await expect(recovery.createdSince(inputs('found01', { __owner: MARK }), Date.now(), soon(), 'create')).resolves.toMatchObject({
      name: 'found01',
    });
    await expect(
      recovery.createdSince(inputs('found01', { __owner: MARK, productCode: 'rhel9' }), Date.now(), soon(), 'create'),
    ).rejects.toThrow(ConflictError);
  });

  it('with a marker in the inputs, an unmarked holder is never ours, however recent its create', async () => {
    const since = Date.now();
    const other = await seed('found02');
    await actionsAre([action(50, other, 'CREATE_INSTANCE', since + 10)]);
    await expect(recovery.createdSince(inputs('found02', { __owner: MARK }), since, soon(), 'create')).resolves.toBeUndefined();
  });

  it('without a marker: the holder whose create started since (a minute of skew); two such holders decide nothing', async () => {
    const since = Date.now();
    // Resources this client created (a seed is otherwise someone else's: creationUser emulator-seed).
    const [a, b] = [await seed('found03', { creationUser: em.clientId }), await seed('found03', { creationUser: em.clientId })];
    await actionsAre([action(20, a, 'CREATE_INSTANCE', since + 10), action(10, b, 'CREATE_INSTANCE', since - 120_000)]);
    await expect(recovery.createdSince(inputs('found03'), since, soon(), 'create')).resolves.toMatchObject({ id: a.id });
    await em.control.clearFaults();
    // Both created since: either may be this create's, so neither is taken, and the failure says what to do.
    await actionsAre([action(20, a, 'CREATE_INSTANCE', since + 10), action(10, b, 'CREATE_INSTANCE', since + 5)]);
    await expect(recovery.createdSince(inputs('found03'), since, soon(), 'create', 0)).rejects.toThrow(
      new RegExp(`cannot show which resource it is .*Delete in ITCare those of resources ${a.id}, ${b.id} that are not this one`),
    );
    await em.control.clearFaults();
    // Created two minutes or more before `since`: older resources of that name, not this create's.
    await actionsAre([
      action(20, a, 'CREATE_INSTANCE', since - 120_000),
      action(21, a, 'STOP_INSTANCE', since + 10),
      action(11, b, 'CREATE_INSTANCE', since - 200_000),
    ]);
    await expect(recovery.createdSince(inputs('found03'), since, soon(), 'create', 0)).resolves.toBeUndefined();
  });
});

describe('actionSince: after a lost answer to a PATCH or DELETE', () => {
  it('the new action of the resource, even one listed a moment late; never a create, a known one or an older one', async () => {
    const since = Date.now();
    const item = await seed('act01');
    const known = new Set([30]);
    await actionsAre([
      action(31, item, 'CREATE_INSTANCE', since),
      action(30, item, 'STOP_INSTANCE', since),
      action(29, item, 'RESIZE_INSTANCE', since - 120_000),
    ]);
    await expect(recovery.actionSince(String(item.id), 'act01', since, known, soon(), 600)).resolves.toBeUndefined();
    await em.control.clearFaults();
    await actionsAre([], 1); // the first read does not show it yet
    await actionsAre([action(32, item, 'RESIZE_INSTANCE', since)]);
    await expect(recovery.actionSince(String(item.id), 'act01', since, known, soon())).resolves.toBe(32);
  });
});

describe('recentActionId: a 202 without an action id', () => {
  it('the newest action running, or submitted since (a minute of skew, its edge included)', async () => {
    const since = Date.now();
    const item = await seed('recent01');
    const ref = [String(item.id), 'recent01', since, soon()] as const;
    await actionsAre([
      action(9, item, 'RESIZE_INSTANCE', since - 300_000),
      action(8, item, 'STOP_INSTANCE', since - 600_000, 'IN_PROGRESS'),
    ]);
    await expect(recovery.recentActionId(...ref)).resolves.toBe(8);
    await em.control.clearFaults();
    await actionsAre([action(7, item, 'RESIZE_INSTANCE', since - 60_000)]);
    await expect(recovery.recentActionId(...ref)).resolves.toBe(7);
    await em.control.clearFaults();
    await actionsAre([action(6, item, 'RESIZE_INSTANCE', since - 60_001)]);
    await expect(recovery.recentActionId(...ref)).resolves.toBeUndefined();
  });

  it('running is every status but SUCCESS and ERROR, as for actions.running: an old PENDING action is followed', async () => {
    const since = Date.now();
    const item = await seed('recent02');
    const ref = [String(item.id), 'recent02', since, soon()] as const;
    await actionsAre([action(5, item, 'STOP_INSTANCE', since - 600_000, 'PENDING')]);
    await expect(recovery.recentActionId(...ref)).resolves.toBe(5);
    await expect(fastClient(em).actions.running({ id: String(item.id), name: 'recent02', type: 'INSTANCE' })).resolves.toMatchObject([
      { id: 5 },
    ]);
  });
});

describe('findId: the id of a create accepted without one', () => {
  it('waits for the resource to be listed; a marked create never takes an unmarked holder', async () => {
    const held = await seed('find01', { tags: { [OWNER_TAG]: MARK } });
    const empty = {
      content: [],
      totalElements: 0,
      totalPages: 0,
      last: true,
      first: true,
      size: 100,
      number: 0,
      numberOfElements: 0,
      empty: true,
    };
    await em.control.addFault({ method: 'GET', path: '^/itcare/compute/instances$', status: 200, body: empty, count: 1 });
    await expect(recovery.findId(inputs('find01', { __owner: MARK }), 'create', soon(), Date.now())).resolves.toBe(held.id);
    await seed('find02');
    await expect(recovery.findId(inputs('find02', { __owner: MARK }), 'create', soon(1500), Date.now())).rejects.toThrow(NotFoundError);
  });
});

describe('untilSettled: following the resource itself', () => {
  it('is done only once the status is reached; a 404 elsewhere than the resource is not its deletion', async () => {
    const item = await seed('settle01', { status: 'INACTIVE' });
    await expect(recovery.untilSettled(String(item.id), 'settle01', { status: 'ACTIVE' }, soon(1500))).rejects.toThrow(
      /still INACTIVE at the deadline/,
    );
    await em.control.addFault({
      method: 'GET',
      path: '^/itcare/actions$',
      status: 404,
      body: { errorCode: 'NOT_FOUND', errorMessage: 'no such page' },
    });
    await expect(recovery.untilSettled(String(item.id), 'settle01', { gone: true }, soon(1500))).rejects.toThrow(NotFoundError);
  });
});
