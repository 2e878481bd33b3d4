import { z } from 'zod';
import { defineResource } from './descriptor';
import {
  area, availabilityZone, databaseName, diskSize, managedDeletableFrom, managedModel, managedQuery, managedStatuses,
  networkId, nodeSizing, password, power, powerOperations, region, resizeSizing, serviceId,
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
  region: region.optional(),
  area: area.optional(),
  az: availabilityZone.optional(),
  changeReference: z.string().optional(),
});

export const MariaDB = z.looseObject({
  ...managedModel,
  version: z.string().nullish(),
  nodeSizing: z.string().nullish(),
  diskSize: z.number().nullish(),
  instanceCount: z.number().nullish(),
  topology: z.string().nullish(),
  tlsEnabled: z.boolean().nullish(),
});

export const mariadb = defineResource({
  kind: 'MariaDB',
  module: 'databases',
  path: '/databases/mariadb',
  resourceType: 'MARIADB',
  doc: 'A managed MariaDB, single node or cluster; nodeSizing resizes in place.',
  create: MariaDBCreate,
  rules(body, ctx) {
    const count = (body.instanceCount as number | undefined) ?? 1;
    if (body.topology === 'CLUSTER' && count < 2) ctx.addIssue({ code: 'custom', path: ['instanceCount'], message: 'a CLUSTER has 2 or 3 instances' });
    if (body.topology !== 'CLUSTER' && count > 1) ctx.addIssue({ code: 'custom', path: ['topology'], message: 'set topology: "CLUSTER" for more than one instance' });
  },
  model: MariaDB,
  listQuery: managedQuery,
  createOnly: ['name', 'serviceId', 'networkId', 'version', 'diskSize', 'instanceCount', 'topology', 'tlsEnabled', 'region', 'area', 'az'],
  secrets: ['admPassword'],
  sentOnly: ['changeReference'],
  operations: { ...powerOperations, resize: resizeSizing },
  updatable: { nodeSizing: 'resize' },
  power,
  deletableFrom: managedDeletableFrom,
  uniqueName: true,
  statuses: managedStatuses,
});
