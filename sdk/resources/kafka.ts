import { z } from 'zod';
import { defineResource } from './descriptor';
import {
  area, availabilityZone, databaseName, diskSize, managedDeletableFrom, managedModel, managedQuery, managedStatuses,
  networkId, nodePrefix, nodeSizing, power, powerOperations, region, serviceId,
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
  region: region.optional(),
  area: area.optional(),
  az: availabilityZone.optional(),
  changeReference: z.string().optional(),
});

export const Kafka = z.looseObject({
  ...managedModel,
  nodePrefix: z.string().nullish(),
  brokerCount: z.number().nullish(),
  nodeSizing: z.string().nullish(),
  diskSize: z.number().nullish(),
  bootstrapServers: z.string().nullish(),
});

export const kafka = defineResource({
  kind: 'Kafka',
  module: 'messaging',
  path: '/message-brokers/apache-kafka',
  resourceType: 'KAFKA',
  doc: 'Apache Kafka brokers; only the power state changes in place.',
  create: KafkaCreate,
  model: Kafka,
  listQuery: managedQuery,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'nodePrefix', 'brokerCount', 'nodeSizing', 'diskSize', 'region', 'area', 'az'],
  sentOnly: ['changeReference'],
  operations: { ...powerOperations },
  updatable: {},
  power,
  deletableFrom: managedDeletableFrom,
  uniqueName: true,
  statuses: managedStatuses,
});
