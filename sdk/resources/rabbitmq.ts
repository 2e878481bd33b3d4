import { z } from 'zod';
import {
  databaseName,
  defineManaged,
  diskSize,
  networkId,
  nodeSizing,
  password,
  powerOperations,
  serviceId,
  sizedModel,
  zonePlacement,
} from './managed';

/**
 * RabbitMQ brokers (POST /message-brokers/rabbitmq, async). VERIFIED (public reference): the body
 * fields area/az, productCode, name, vmPrefix, nodeSizing, brokerCount (1, or a cluster of 3 to 5
 * across the area's zones), diskSize 10–2048 GB, admPassword (the databases' rule), serviceId,
 * networkId, and TLS at provisioning or later. INFERRED (emulator/README.md): the name and vmPrefix
 * rules, the `tls` field name, the enable_tls operation, start/stop (as Kafka's), the statuses.
 */
export const RabbitMQCreate = z.strictObject({
  name: databaseName,
  serviceId,
  networkId,
  /** e.g. rabbitmq313, from ITCare's catalogue. */
  productCode: z.string().min(1),
  /** Prefix of the brokers' VM names (INFERRED rule: a lower-case hostname prefix). */
  vmPrefix: z.string().regex(/^[a-z][a-z0-9]{2,9}$/, 'lower-case letters or digits, 3 to 10 characters, starting with a letter'),
  nodeSizing,
  /** 1, or a cluster of 3 to 5 spread over the area's availability zones. */
  brokerCount: z.union([z.literal(1), z.literal(3), z.literal(4), z.literal(5)]),
  /** Disk per broker in GB. */
  diskSize: diskSize(10, 2048),
  admPassword: password,
  /** TLS on the brokers: at provisioning, or later in place (enable_tls); never turned off. */
  tls: z.boolean().optional(),
  ...zonePlacement,
});

export const RabbitMQ = z.looseObject({
  ...sizedModel,
  vmPrefix: z.string().nullish(),
  brokerCount: z.number().nullish(),
  tls: z.boolean().nullish(),
  /** Broker VM names, e.g. rmq01 (INFERRED field). */
  nodes: z.array(z.string()).nullish(),
  /** amqp(s)://host:port of the brokers (INFERRED field). */
  endpoint: z.string().nullish(),
});

export const rabbitmq = defineManaged({
  kind: 'RabbitMQ',
  module: 'messaging',
  path: '/message-brokers/rabbitmq',
  resourceType: 'RABBITMQ',
  doc: 'RabbitMQ brokers, one or a cluster of 3 to 5; TLS can be turned on in place (enable_tls), never off.',
  create: RabbitMQCreate,
  model: RabbitMQ,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'vmPrefix', 'nodeSizing', 'brokerCount', 'diskSize', 'area', 'az'],
  secrets: ['admPassword'],
  operations: {
    ...powerOperations,
    enable_tls: {
      options: z.strictObject({}),
      from: ['ACTIVE'],
      refuses: (desired) => (desired.tls === true ? undefined : 'TLS of a RabbitMQ cannot be turned off (ITCare has no operation for it)'),
      doc: 'tls: false → true in place (INFERRED operation)',
    },
  },
  updatable: { tls: 'enable_tls' },
});
