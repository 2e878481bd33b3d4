import { z } from 'zod';
import {
  databaseName,
  defineManaged,
  diskSize,
  networkId,
  nodePrefix,
  nodeSizing,
  placementFields,
  placementKeys,
  powerOperations,
  serviceId,
  sizedModel,
} from './managed';

/**
 * Apache Kafka brokers. productCode, nodePrefix, brokerCount and start/stop are VERIFIED; `name`,
 * `nodeSizing`, `diskSize` and the statuses are INFERRED (emulator/README.md).
 */
export const KafkaCreate = z.strictObject({
  name: databaseName,
  serviceId,
  networkId,
  /** e.g. kafka_3_9_0, from ITCare's catalogue. */
  productCode: z.string().min(1),
  nodePrefix: nodePrefix(4, 12),
  brokerCount: z.number().int().min(3).max(5),
  nodeSizing,
  diskSize: diskSize(40, 4096).optional(),
  ...placementFields,
});

export const Kafka = z.looseObject({
  ...sizedModel,
  nodePrefix: z.string().nullish(),
  brokerCount: z.number().nullish(),
  bootstrapServers: z.string().nullish(),
});

export const kafka = defineManaged({
  kind: 'Kafka',
  module: 'messaging',
  path: '/message-brokers/apache-kafka',
  resourceType: 'KAFKA',
  doc: 'Apache Kafka brokers; only the power state changes in place.',
  create: KafkaCreate,
  model: Kafka,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'nodePrefix', 'brokerCount', 'nodeSizing', 'diskSize', ...placementKeys],
  operations: { ...powerOperations },
  updatable: {},
});
