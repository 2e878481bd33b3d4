import { rabbitmq } from '../../sdk/resources';
import { ResourceClient } from '../../sdk/resourceClient';
import { RABBIT_PASSWORD, sampleOf } from '../helpers/catalogSamples';
import { sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { itcareRejection } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * messaging.RabbitMQ over HTTP: what the emulator checks beyond the schema (the product, a cluster
 * over three zones), the brokers and endpoint it builds, TLS turned on in place and never off.
 * Its lifecycle (create, operations, stop, delete, no password shown) runs in catalogue.test.ts and
 * the e2e matrix, by being declared.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '30']);
});
afterAll(async () => {
  await em?.stop();
});

const args = (extra: Record<string, unknown> = {}) => ({ ...sampleOf('messaging.RabbitMQ').args, ...extra }) as never;
const res = () => new ResourceClient(rabbitmq, sdkClient(em));

it('a dry run accepts the sample and refuses a product ITCare does not offer, naming the field', async () => {
  await expect(res().create(args(), { dryRun: true })).resolves.toBeDefined();
  const err = await itcareRejection(res().create(args({ productCode: 'rabbitmq2' }), { dryRun: true }));
  expect(err.message).toMatch(/productCode.*rabbitmq2.*allowed: rabbitmq313, rabbitmq312/);
});

it('the schema refuses two brokers and a disk out of 10–2048 GB before any request', () => {
  expect(rabbitmq.create.safeParse({ ...(args() as object), brokerCount: 2 }).success).toBe(false);
  for (const diskSize of [9, 2049]) expect(rabbitmq.create.safeParse({ ...(args() as object), diskSize }).success).toBe(false);
  expect(rabbitmq.create.safeParse({ ...(args() as object), brokerCount: 5, diskSize: 2048 }).success).toBe(true);
});

it('a cluster spreads over the zones of a 3-zone region; a 2-zone region is refused naming brokerCount', async () => {
  const created = (await res().createAndWait(args({ name: 'rmqcluster01', brokerCount: 3 }))) as Record<string, unknown>;
  expect(created).toMatchObject({
    nodes: ['catrmq01', 'catrmq02', 'catrmq03'],
    nodeZones: ['EB-A', 'EB-B', 'EB-C'],
    tls: false,
    endpoint: 'amqp://catrmq.eb-qa.cegedim.cloud:5672',
  });
  expect(JSON.stringify(created)).not.toContain(RABBIT_PASSWORD);
  const err = await itcareRejection(
    res().create(args({ name: 'rmqsandbox01', serviceId: 1002, networkId: 2003, area: 'ET-QA', brokerCount: 3 }), { dryRun: true }),
  );
  expect(err.message).toMatch(/brokerCount.*3 availability zones.*ET-QA has 2/);
});

it('enable_tls turns TLS on in place; turning it off is refused at preview, naming the field', async () => {
  const created = (await res().createAndWait(args({ name: 'rmqtls01' }))) as Record<string, unknown>;
  await sdkClient(em).waitForAction((await res().operate(created.id as number, 'enable_tls', {})).actionId!);
  const after = (await res().get(created.id as number)) as Record<string, unknown>;
  expect(after).toMatchObject({ tls: true, endpoint: 'amqps://catrmq.eb-qa.cegedim.cloud:5671' });
  expect(ResourceKind.of(rabbitmq).plan.refusedChanges({ ...(args() as object), tls: false }, after)).toEqual([
    expect.stringMatching(/^tls: TLS of a RabbitMQ cannot be turned off/),
  ]);
  expect(ResourceKind.of(rabbitmq).plan.refusedChanges({ ...(args() as object), tls: true }, { ...after, tls: false })).toEqual([]);
});
