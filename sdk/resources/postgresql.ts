import { z } from 'zod';
import {
  databaseName,
  defineManaged,
  diskSize,
  networkId,
  nodePrefix,
  nodeSizing,
  password,
  powerOperations,
  resizeSizing,
  serviceId,
  sizedModel,
  zonePlacement,
} from './managed';

/**
 * Managed PostgreSQL. Fields and operations are VERIFIED (public API reference); the item path
 * prefix, the statuses and the spelling of the topology values are INFERRED (emulator/README.md).
 */
export const PostgreSQLCreate = z.strictObject({
  name: databaseName,
  serviceId,
  networkId,
  /** e.g. deb12pg16 (OS + PostgreSQL major), from ITCare's catalogue. */
  productCode: z.string().min(1),
  /** e.g. 2cpu4gb, from ITCare's catalogue. */
  nodeSizing,
  /** Data disk in GB. */
  diskSize: diskSize(40, 1024),
  admPassword: password,
  topology: z.enum(['standalone', 'HA']).optional(),
  /** Application trigram, e.g. ABC. */
  trigram: z
    .string()
    .regex(/^[A-Z0-9]{3}$/, 'three upper-case letters or digits')
    .optional(),
  /** Replication lag (MB) tolerated by an HA cluster. */
  allowedReplicationLag: z.number().int().min(1).max(10240).optional(),
  /** HA only: prefix of the node names. */
  nodePrefix: nodePrefix(5, 12).optional(),
  /** HA only: TLS between the nodes and clients. */
  tls: z.boolean().optional(),
  ...zonePlacement,
});

export const PostgreSQL = z.looseObject({
  ...sizedModel,
  topology: z.string().nullish(),
  trigram: z.string().nullish(),
  allowedReplicationLag: z.number().nullish(),
  nodePrefix: z.string().nullish(),
  tls: z.boolean().nullish(),
  version: z.string().nullish(),
  endpoint: z.string().nullish(),
});

const enableHa = z.strictObject({ nodePrefix: nodePrefix(5, 12), tls: z.boolean().optional() });

export const postgresql = defineManaged({
  kind: 'PostgreSQL',
  module: 'databases',
  path: '/databases/postgresql',
  resourceType: 'POSTGRESQL',
  doc: 'A managed PostgreSQL, standalone or HA; nodeSizing resizes in place, standalone → HA in place (enable_ha).',
  create: PostgreSQLCreate,
  rules(body, ctx) {
    if (body.topology === 'HA' && body.nodePrefix === undefined)
      ctx.addIssue({ code: 'custom', path: ['nodePrefix'], message: 'required when topology is HA' });
    if (body.topology === 'HA' && body.tls === undefined)
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'required when topology is HA' });
  },
  model: PostgreSQL,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'diskSize', 'trigram', 'allowedReplicationLag', 'area', 'az'],
  secrets: ['admPassword'],
  operations: {
    ...powerOperations,
    resize: resizeSizing,
    enable_ha: {
      options: enableHa,
      from: ['ACTIVE'],
      sets: ['nodePrefix', 'tls'],
      optionsFrom: (desired) => ({ nodePrefix: desired.nodePrefix, tls: desired.tls }),
      refuses(desired, current) {
        if (current.topology !== 'HA')
          return desired.topology === 'HA' ? undefined : 'nodePrefix and tls apply to an HA cluster: set topology: "HA" with them';
        if (desired.topology === 'standalone')
          return 'topology: an HA cluster cannot go back to standalone (ITCare has no operation for it)';
        return 'nodePrefix and tls of an HA cluster cannot change (ITCare has no operation for it)';
      },
      doc: 'topology standalone → HA in place, with nodePrefix and tls',
    },
    restore: {
      options: z.strictObject({ sourceId: z.number().int().positive(), stop: z.enum(['BEFORE', 'AFTER']), timestamp: z.string() }),
      from: ['ACTIVE', 'INACTIVE'],
      doc: 'SDK only: point-in-time restore from another database',
    },
  },
  updatable: { nodeSizing: 'resize', topology: 'enable_ha', nodePrefix: 'enable_ha', tls: 'enable_ha' },
});
