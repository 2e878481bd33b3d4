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
 * Managed OpenSearch cluster. productCode, instanceCount, nodePrefix, diskSize and the operations are
 * VERIFIED; `name`, `nodeSizing`, the monitoring inputs and the option value types are INFERRED.
 */
const instanceCount = z
  .number()
  .int()
  .min(3)
  .max(51)
  .refine((n) => n % 2 === 1, 'an odd number of nodes (3, 5, … 51)');

export const OpenSearchCreate = z.strictObject({
  name: databaseName,
  serviceId,
  networkId,
  /** e.g. opensearch2, from ITCare's catalogue. */
  productCode: z.string().min(1),
  nodeSizing,
  /** Disk per node in GB. */
  diskSize: diskSize(100, 8000),
  /** Grows in place (add_nodes); ITCare cannot remove nodes. */
  instanceCount,
  nodePrefix: nodePrefix(4, 60),
  monitoring: z.boolean().optional(),
  onCall: z.boolean().optional(),
  ...placementFields,
});

export const OpenSearch = z.looseObject({
  ...sizedModel,
  instanceCount: z.number().nullish(),
  nodePrefix: z.string().nullish(),
  nodes: z.array(z.string()).nullish(),
  monitoring: z.boolean().nullish(),
  onCall: z.boolean().nullish(),
});

export const opensearch = defineManaged({
  kind: 'OpenSearch',
  module: 'databases',
  path: '/databases/opensearch',
  resourceType: 'OPENSEARCH',
  doc: 'A managed OpenSearch cluster; a larger instanceCount adds nodes in place, a smaller one is refused at preview.',
  create: OpenSearchCreate,
  model: OpenSearch,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'diskSize', 'nodePrefix', ...placementKeys],
  operations: {
    ...powerOperations,
    add_nodes: {
      options: z.strictObject({
        diskSize: diskSize(100, 8000),
        nodeSize: nodeSizing,
        nodesCount: z
          .number()
          .int()
          .min(2)
          .refine((n) => n % 2 === 0, 'an even number of nodes: the cluster stays odd'),
      }),
      from: ['ACTIVE'],
      optionsFrom: (desired, current) => ({
        nodesCount: Number(desired.instanceCount) - Number(current.instanceCount),
        nodeSize: current.nodeSizing ?? desired.nodeSizing,
        diskSize: current.diskSize ?? desired.diskSize,
      }),
      refuses(desired, current) {
        // The node count to add is computed from ITCare's answer (INFERRED field): without it, nothing is sent.
        if (typeof current.instanceCount !== 'number')
          return `ITCare did not return the cluster's instanceCount (got ${JSON.stringify(current.instanceCount)}), so the nodes to add cannot be computed`;
        if (Number(desired.instanceCount) < current.instanceCount)
          return `an OpenSearch cluster cannot shrink from ${current.instanceCount} to ${String(desired.instanceCount)} nodes (ITCare can only add nodes)`;
        return undefined;
      },
      doc: 'a larger instanceCount adds nodes (nodesCount = the difference)',
    },
    resize_nodes: {
      options: z.strictObject({ nodeSize: nodeSizing, nodes: z.array(z.string()).min(1) }),
      from: ['ACTIVE', 'INACTIVE'],
      sets: { nodeSize: 'nodeSizing' },
      optionsFrom: (desired, current) => ({ nodeSize: desired.nodeSizing, nodes: current.nodes }),
      refuses: (_desired, current) =>
        Array.isArray(current.nodes) && current.nodes.length
          ? undefined
          : `ITCare did not return the cluster's nodes (got ${JSON.stringify(current.nodes)}), so resize_nodes cannot name them`,
      doc: 'nodeSizing changes in place on every node',
    },
    update_monitoring: {
      options: z.strictObject({ state: z.boolean(), on_call: z.boolean() }),
      from: ['ACTIVE', 'INACTIVE'],
      sets: { state: 'monitoring', on_call: 'onCall' },
      optionsFrom: (desired, current) => ({
        state: desired.monitoring ?? current.monitoring ?? false,
        on_call: desired.onCall ?? current.onCall ?? false,
      }),
      doc: 'monitoring and onCall change in place',
    },
  },
  updatable: { instanceCount: 'add_nodes', nodeSizing: 'resize_nodes', monitoring: 'update_monitoring', onCall: 'update_monitoring' },
});
