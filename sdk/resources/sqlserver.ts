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
 * Managed SQL Server (/databases/sqlserver: INFERRED path). VERIFIED (public reference): the
 * topologies standalone and Always On (3 nodes: 2 active on one site, 1 passive on the secondary) and
 * VM names of at most 13 characters. INFERRED (emulator/README.md): the create body (modelled on the
 * other databases), the topology spellings, the VM names `<name>01…03`, resize and start/stop, the statuses.
 */
export const SQLServerCreate = z.strictObject({
  /** Its VMs are named `<name>01`…: at most 11 characters, so a VM name stays within 13. */
  name: z
    .string()
    .regex(
      /^[a-z][a-z0-9]{2,10}$/,
      'lower-case letters or digits, 3 to 11 characters, starting with a letter (VM names <name>01… stay within 13)',
    ),
  serviceId,
  networkId,
  /** e.g. sqlserver2022std, from ITCare's catalogue. */
  productCode: z.string().min(1),
  nodeSizing,
  diskSize: diskSize(40, 2048),
  admPassword: password,
  /** standalone: one VM; ALWAYS_ON: 2 active nodes on the primary site, 1 passive on the secondary. */
  topology: z.enum(['standalone', 'ALWAYS_ON']).optional(),
  ...placementFields,
});

export const SQLServer = z.looseObject({
  ...sizedModel,
  topology: z.string().nullish(),
  /** VM names, ≤ 13 characters each (INFERRED field). */
  nodes: z.array(z.string()).nullish(),
  endpoint: z.string().nullish(),
});

export const sqlserver = defineManaged({
  kind: 'SQLServer',
  module: 'databases',
  path: '/databases/sqlserver',
  resourceType: 'SQLSERVER',
  doc: 'A managed SQL Server, standalone or Always On (3 nodes over two sites); nodeSizing resizes in place (INFERRED).',
  create: SQLServerCreate,
  model: SQLServer,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'diskSize', 'topology', ...placementKeys],
  secrets: ['admPassword'],
  operations: { ...powerOperations, resize: resizeSizing },
  updatable: { nodeSizing: 'resize' },
});
