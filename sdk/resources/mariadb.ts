import { z } from 'zod';
import {
  databaseName,
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
 * Managed MariaDB. Fields VERIFIED; the cluster topology's name (CLUSTER), the statuses and the
 * operations besides start/stop/resize are INFERRED (emulator/README.md).
 */
export const MariaDBCreate = z.strictObject({
  name: databaseName,
  serviceId,
  networkId,
  /** MariaDB version from ITCare's catalogue, e.g. 10.6. */
  version: z.string().regex(/^\d+\.\d+$/, 'a version such as 10.6'),
  nodeSizing,
  diskSize: diskSize(40, 1024),
  admPassword: password,
  /** 1 for SINGLE, 2 or 3 for a CLUSTER. */
  instanceCount: z.number().int().min(1).max(3).optional(),
  topology: z.enum(['SINGLE', 'CLUSTER']).optional(),
  tlsEnabled: z.boolean().optional(),
  ...placementFields,
});

export const MariaDB = z.looseObject({
  ...sizedModel,
  version: z.string().nullish(),
  instanceCount: z.number().nullish(),
  topology: z.string().nullish(),
  tlsEnabled: z.boolean().nullish(),
});

export const mariadb = defineManaged({
  kind: 'MariaDB',
  module: 'databases',
  path: '/databases/mariadb',
  resourceType: 'MARIADB',
  doc: 'A managed MariaDB, single node or cluster; nodeSizing resizes in place.',
  create: MariaDBCreate,
  rules(body, ctx) {
    const count = (body.instanceCount as number | undefined) ?? 1;
    if (body.topology === 'CLUSTER' && count < 2)
      ctx.addIssue({ code: 'custom', path: ['instanceCount'], message: 'a CLUSTER has 2 or 3 instances' });
    if (body.topology !== 'CLUSTER' && count > 1)
      ctx.addIssue({ code: 'custom', path: ['topology'], message: 'set topology: "CLUSTER" for more than one instance' });
  },
  model: MariaDB,
  createOnly: ['name', 'serviceId', 'networkId', 'version', 'diskSize', 'instanceCount', 'topology', 'tlsEnabled', ...placementKeys],
  secrets: ['admPassword'],
  operations: { ...powerOperations, resize: resizeSizing },
  updatable: { nodeSizing: 'resize' },
});
