import { catalog, type AnyResourceDescriptor } from '../../sdk/resources';
import { ResourceClient } from '../../sdk/resourceClient';
import { ITCareHttpError } from '../../sdk/errors';
import { PASSWORDS, PG_PASSWORD, sampleOf } from '../helpers/catalogSamples';
import { apiCall, getToken, sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { rejection } from '../helpers/sdk';

/**
 * Every descriptor of the catalogue, served by the emulator over HTTP through the SDK's typed
 * clients: create, the catalogue checks of a dry run, an in-place operation, stop, delete; and no
 * password in a GET answer, a list or the request log.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '30']);
});
afterAll(async () => {
  await em?.stop();
});

const clientOf = (d: AnyResourceDescriptor) => new ResourceClient(d, sdkClient(em));

// Resources with start/stop and a name of their own; load balancers, URLs and snapshots have their
// own tests (loadBalancers.test.ts, snapshots.test.ts): they need a parent or members first.
const powered = Object.entries(catalog).filter(([, d]) => (d as AnyResourceDescriptor).power !== undefined);

describe.each(powered)('%s over HTTP', (key, d: AnyResourceDescriptor) => {
  const sample = sampleOf(key);
  const { name: _n, ...rest } = sample.args;
  const args = { ...rest, name: sample.args.name };

  it('creates, applies its in-place operation, stops and deletes; GET never shows a password', async () => {
    const res = clientOf(d);
    const created = (await res.createAndWait(args as never)) as Record<string, unknown>;
    expect(created).toMatchObject({ name: args.name, status: d.statuses.created, serviceId: 1001 });
    if (sample.inPlace) {
      const { operation } = sample.inPlace;
      const { ResourceKind } = await import('../../provider/resourceKind');
      const [step] = ResourceKind.of(d).plan.operations({ ...args, ...sample.inPlace.change }, created);
      expect(step.operation).toBe(operation);
      const api = sdkClient(em);
      await api.waitForAction((await res.operate(created.id as number, step.operation as never, step.options as never)).actionId!);
      expect(await res.get(created.id as number)).toMatchObject(sample.inPlace.expect);
    }
    const stop = await res.operate(created.id as number, 'stop' as never, {} as never);
    await sdkClient(em).waitForAction(stop.actionId!);
    const text = JSON.stringify([await res.get(created.id as number), await res.list({} as never), await em.control.log()]);
    for (const p of PASSWORDS) expect(text).not.toContain(p);
    await sdkClient(em).waitForAction((await res.delete(created.id as number)).actionId!);
    await expect(res.get(created.id as number)).rejects.toThrow(/not found/);
  });

  it('a dry run checks the catalogue: an unknown product, sizing or version is a 400 naming the field', async () => {
    const field =
      'nodeSizing' in d.create.shape
        ? 'nodeSizing'
        : 'productCode' in d.create.shape
          ? 'productCode'
          : 'version' in d.create.shape
            ? 'version'
            : 'serviceId';
    const bad = field === 'nodeSizing' ? '3cpu5gb' : field === 'serviceId' ? 999 : 'nosuchproduct';
    const err = await rejection(clientOf(d).create({ ...args, [field]: bad } as never, { dryRun: true }));
    expect(err).toBeInstanceOf(ITCareHttpError);
    expect((err as ITCareHttpError).errorDesc).toBe(field);
    expect((await clientOf(d).create(args as never, { dryRun: true })).dryRun).toBe(true);
  });
});

test('the SDK has a typed client per descriptor, derived from the tree', async () => {
  const api = sdkClient(em);
  expect(api.databases.postgresql.descriptor).toBe(catalog['databases.PostgreSQL']);
  expect(Object.keys(api.databases)).toEqual(expect.arrayContaining(['mariadb', 'opensearch', 'postgresql', 'redis']));
  // Every top-level kind of the registry has its client, under its module, and nothing else is there.
  const clients = Object.entries(api as unknown as Record<string, Record<string, { descriptor?: unknown }>>)
    .filter(([ns]) => Object.values(catalog).some((d) => d.module === ns))
    .flatMap(([, ns]) => Object.values(ns).map((c) => c.descriptor));
  expect(new Set(clients)).toEqual(new Set(Object.values(catalog).filter((d) => !(d as AnyResourceDescriptor).parent)));
  expect(api.messaging.kafka.descriptor.path).toBe('/message-brokers/apache-kafka');
  expect(api.storage.overdrive.descriptor.kind).toBe('Overdrive');
});

test('PostgreSQL HA needs nodePrefix and tls: the SDK says so before sending, the emulator too (400 naming the field)', async () => {
  const args = { ...sampleOf('databases.PostgreSQL').args, topology: 'HA' };
  const err = await rejection(sdkClient(em).databases.postgresql.create(args as never));
  expect(String((err as Error).message)).toMatch(/nodePrefix: required when topology is HA; tls: required when topology is HA/);
  expect(String((err as Error).message)).not.toContain(PG_PASSWORD);
  const raw = await apiCall(em, (await getToken(em)).access_token, 'POST', '/databases/postgresql', args);
  expect(raw.body).toMatchObject({ errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'nodePrefix' });
  expect(JSON.stringify(raw.body)).not.toContain(PG_PASSWORD);
});

test('OpenSearch add_nodes grows the cluster and names the new nodes; an odd nodesCount is refused', async () => {
  const os = sdkClient(em).databases.opensearch;
  const created = await os.createAndWait({ ...sampleOf('databases.OpenSearch').args, name: 'growth01' } as never);
  const odd = await rejection(os.operate(created.id, 'add_nodes', { nodesCount: 1, nodeSize: '4cpu16gb', diskSize: 100 }));
  expect(String((odd as Error).message)).toMatch(/nodesCount: an even number/);
  await sdkClient(em).waitForAction(
    (await os.operate(created.id, 'add_nodes', { nodesCount: 2, nodeSize: '4cpu16gb', diskSize: 100 })).actionId!,
  );
  expect(await os.get(created.id)).toMatchObject({ instanceCount: 5, nodes: ['SRCH01', 'SRCH02', 'SRCH03', 'SRCH04', 'SRCH05'] });
});
