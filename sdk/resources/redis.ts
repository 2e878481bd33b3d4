import { z } from 'zod';
import {
  defineManaged,
  diskSize,
  networkId,
  nodeSizing,
  password,
  placementFields,
  placementKeys,
  powerOperations,
  resizeSizing,
  serviceId,
  sizedModel,
} from './managed';

/**
 * Managed Redis. Fields and the name rule VERIFIED; the diskSize range, the persistence modes
 * besides PERSISTENT and the statuses are INFERRED (emulator/README.md).
 */
const redisName = z
  .string()
  .regex(
    /^(?=.{3,15}$)(?:[A-Z0-9-]*[A-Z-])?[0-9]{2,3}$/,
    'up to 15 upper-case letters, digits or "-", ending in 2 or 3 digits (e.g. CACHE01)',
  );

export const RedisCreate = z.strictObject({
  name: redisName,
  serviceId,
  networkId,
  /** e.g. redis72, from ITCare's catalogue. */
  productCode: z.string().min(1),
  nodeSizing,
  diskSize: diskSize(10, 1024),
  admPassword: password,
  /** 1: STANDALONE, 3: HIGH_AVAILABILITY. */
  instanceCount: z.union([z.literal(1), z.literal(3)]).optional(),
  persistenceMode: z.enum(['PERSISTENT', 'NONE']).optional(),
  ...placementFields,
});

export const Redis = z.looseObject({
  ...sizedModel,
  instanceCount: z.number().nullish(),
  topology: z.string().nullish(),
  persistenceMode: z.string().nullish(),
});

export const redis = defineManaged({
  kind: 'Redis',
  module: 'databases',
  path: '/databases/redis',
  resourceType: 'REDIS',
  doc: 'A managed Redis, STANDALONE (1 instance) or HIGH_AVAILABILITY (3); nodeSizing resizes in place.',
  create: RedisCreate,
  model: Redis,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'diskSize', 'instanceCount', 'persistenceMode', ...placementKeys],
  secrets: ['admPassword'],
  operations: { ...powerOperations, resize: resizeSizing },
  updatable: { nodeSizing: 'resize' },
});
