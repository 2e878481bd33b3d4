import { catalog, type AnyResourceDescriptor } from '../../../sdk/resources';
import { setsOf, type OperationSpec } from '../../../sdk/resources/descriptor';
import { ResourceClient } from '../../../sdk/resourceClient';
import { sampleOf } from '../../helpers/catalogSamples';
import { sdkClient, useEmulator } from '../../helpers/emulator';
import { itcareRejection } from '../../helpers/sdk';

/**
 * Every operation of the catalogue, written out rather than derived from the descriptors: the
 * statuses it is allowed from, the status it ends in, the fields it sets, the options it takes and
 * what the resource looks like once it is done. Three checks hold the table:
 * - the declarations this file loads say the same (`from` and `sets` are read only by the emulator,
 *   which the tests run from dist/ in another process: nothing else notices an edit of them);
 * - the emulator accepts each operation exactly from those statuses, and leaves the resource as said;
 * - the SDK refuses options an operation does not take, before sending.
 */
jest.setTimeout(60_000);

type Item = Record<string, unknown>;
interface Row {
  /** The options of a valid request; a function when they name the resource's own parts. */
  options: Item | ((item: Item) => Item);
  from: string[];
  /** The status it ends in, when it moves the resource (the provider waits for it). */
  to?: string;
  /** Option → model field it sets (the emulator applies them). */
  sets?: Record<string, string>;
  /** The resource once the operation has succeeded. */
  after?: Item;
}

const BOTH = ['ACTIVE', 'INACTIVE'];
const stop: Row = { options: {}, from: ['ACTIVE'], to: 'INACTIVE', after: { status: 'INACTIVE' } };
const start: Row = { options: {}, from: ['INACTIVE'], to: 'ACTIVE', after: { status: 'ACTIVE' } };
const power = { stop, start };
const SIZING = { sizing: 'nodeSizing' };

const TABLE: Record<string, Record<string, Row>> = {
  'compute.Instance': {
    ...power,
    reset: { options: {}, from: ['ACTIVE'], to: 'ACTIVE', after: { status: 'ACTIVE' } },
    resize: { options: { cpu: 4, ram: 8 }, from: BOTH, sets: { cpu: 'cpu', ram: 'ram' }, after: { cpu: 4, ram: 8 } },
    update_metadata: {
      options: { description: 'web tier', tags: { team: 'web' } },
      from: BOTH,
      sets: { description: 'description', tags: 'tags' },
      after: { description: 'web tier', tags: { team: 'web' } },
    },
  },
  'databases.PostgreSQL': {
    ...power,
    resize: { options: { sizing: '4cpu8gb' }, from: BOTH, sets: SIZING, after: { nodeSizing: '4cpu8gb' } },
    enable_ha: {
      options: { nodePrefix: 'PGHA1', tls: true },
      from: ['ACTIVE'],
      sets: { nodePrefix: 'nodePrefix', tls: 'tls' },
      after: { topology: 'HA', nodePrefix: 'PGHA1', tls: true },
    },
    restore: { options: { sourceId: 1, stop: 'AFTER', timestamp: '2026-11-30T08:00:00+01:00' }, from: BOTH },
  },
  'databases.MariaDB': {
    ...power,
    resize: { options: { sizing: '4cpu16gb' }, from: BOTH, sets: SIZING, after: { nodeSizing: '4cpu16gb' } },
  },
  'databases.Redis': { ...power, resize: { options: { sizing: '2cpu8gb' }, from: BOTH, sets: SIZING, after: { nodeSizing: '2cpu8gb' } } },
  'databases.OpenSearch': {
    ...power,
    add_nodes: { options: { nodesCount: 2, nodeSize: '4cpu16gb', diskSize: 100 }, from: ['ACTIVE'], after: { instanceCount: 5 } },
    resize_nodes: {
      options: (item) => ({ nodeSize: '8cpu32gb', nodes: item.nodes }),
      from: BOTH,
      sets: { nodeSize: 'nodeSizing' },
      after: { nodeSizing: '8cpu32gb' },
    },
    update_monitoring: {
      options: { state: true, on_call: true },
      from: BOTH,
      sets: { state: 'monitoring', on_call: 'onCall' },
      after: { monitoring: true, onCall: true },
    },
  },
  'messaging.Kafka': power,
  'storage.Overdrive': power,
  'networking.LoadBalancer': {
    update_members: { options: (item) => ({ members: item.members }), from: ['ACTIVE'], sets: { members: 'members' } },
    update_healthcheck: {
      options: { healthcheck: '/ready' },
      from: ['ACTIVE'],
      sets: { healthcheck: 'healthcheck' },
      after: { healthcheck: '/ready' },
    },
  },
  'messaging.RabbitMQ': { ...power, enable_tls: { options: {}, from: ['ACTIVE'], after: { status: 'ACTIVE', tls: true } } },
  'storage.GlusterFS': power,
  'databases.SQLServer': {
    ...power,
    resize: { options: { sizing: '4cpu16gb' }, from: BOTH, sets: SIZING, after: { nodeSizing: '4cpu16gb' } },
  },
  'containers.Kubernetes': {
    create_nodes: {
      options: { nodes: [{ nodesNb: 1, nodeSizing: '2cpu8gb', az: 'EB-B' }] },
      from: ['ACTIVE'],
      after: {
        status: 'ACTIVE',
        nodePools: [
          { nodesNb: 2, nodeSizing: '4cpu16gb', az: 'EB-A' },
          { nodesNb: 1, nodeSizing: '2cpu8gb', az: 'EB-B' },
        ],
      },
    },
  },
};

const em = useEmulator(['--action-ms', '5']);

const descriptor = (key: string) => (catalog as Record<string, AnyResourceDescriptor>)[key];
const clientOf = (key: string) => new ResourceClient(descriptor(key), sdkClient(em));
const optionsOf = (row: Row, item: Item) => (typeof row.options === 'function' ? row.options(item) : row.options);

const send = (key: string, item: Item, operation: string, dryRun: boolean) =>
  clientOf(key).operate(item.id as number, operation as never, optionsOf(TABLE[key][operation], item) as never, { dryRun });

/** Runs an operation for real, and reads the resource once it is done. */
async function operate(key: string, item: Item, operation: string): Promise<Item> {
  const accepted = await send(key, item, operation, false);
  await sdkClient(em).waitForAction((accepted as { actionId: number }).actionId);
  return (await clientOf(key).get(item.id as number)) as Item;
}

/** Each operation tried in the item's present status (a dry run): accepted exactly where the table says. */
async function expectVerdicts(key: string, item: Item): Promise<void> {
  for (const [operation, row] of Object.entries(TABLE[key])) {
    const tried = send(key, item, operation, true);
    if (row.from.includes(String(item.status))) {
      await expect(tried).resolves.toMatchObject({ dryRun: true });
    } else {
      const err = await itcareRejection(tried);
      expect({ operation, httpStatus: err.httpStatus, errorCode: err.errorCode, message: err.message }).toEqual({
        operation,
        httpStatus: 409,
        errorCode: 'INVALID_STATE',
        message: expect.stringContaining(`Operation ${operation} is not allowed while`),
      });
    }
  }
}

async function create(key: string): Promise<Item> {
  const { args } = sampleOf(key);
  if (key !== 'networking.LoadBalancer') return (await clientOf(key).createAndWait(args as never)) as Item;
  const member = (await clientOf('compute.Instance').createAndWait({
    ...sampleOf('compute.Instance').args,
    name: 'opsmember01',
  } as never)) as Item;
  return (await clientOf(key).createAndWait({ ...args, members: [member.id] } as never)) as Item;
}

test('the table names every operation of every descriptor', () => {
  const declared = Object.entries(catalog)
    .filter(([, d]) => Object.keys(d.operations).length)
    .map(([key, d]) => [key, Object.keys(d.operations).sort()]);
  expect(declared).toEqual(Object.entries(TABLE).map(([key, ops]) => [key, Object.keys(ops).sort()]));
});

describe.each(Object.keys(TABLE))('%s', (key) => {
  it('declares each operation as the table does', () => {
    const ops = descriptor(key).operations as Record<string, OperationSpec>;
    for (const [operation, row] of Object.entries(TABLE[key])) {
      const spec = ops[operation];
      expect([operation, spec.from, spec.to, setsOf(spec)]).toEqual([operation, row.from, row.to, row.sets ?? {}]);
    }
  });

  it('is allowed from the statuses the table gives, and ends as it says', async () => {
    let item = await create(key);
    expect(item.status).toBe('ACTIVE');
    await expectVerdicts(key, item);
    // Every operation run for real from ACTIVE, stop last; then start, from INACTIVE.
    const ops = Object.keys(TABLE[key]).filter((op) => op !== 'stop' && op !== 'start');
    for (const operation of [...ops, ...(TABLE[key].stop ? ['stop'] : [])]) {
      if (!TABLE[key][operation].from.includes(String(item.status))) continue;
      item = await operate(key, item, operation);
      expect(item).toMatchObject(TABLE[key][operation].after ?? { status: 'ACTIVE' });
    }
    if (!TABLE[key].stop) return;
    expect(item.status).toBe('INACTIVE');
    await expectVerdicts(key, item);
    item = await operate(key, item, 'start');
    expect(item.status).toBe('ACTIVE');
  });

  it('refuses options beyond what each operation takes, before sending', async () => {
    // Nothing is created: the SDK must refuse before any request (one to id 1 would fail otherwise).
    const item = { id: 1, nodes: ['SRCH01'], members: [7] };
    for (const [operation, row] of Object.entries(TABLE[key])) {
      const err = await itcareRejection(clientOf(key).operate(1, operation as never, { ...optionsOf(row, item), unexpected: 1 } as never));
      expect([operation, err.code, err.message]).toEqual([
        operation,
        'ITCARE_INVALID_INPUT',
        expect.stringMatching(new RegExp(`options of ${descriptor(key).kind} operation ${operation}: .*unexpected`)),
      ]);
    }
  });
});
