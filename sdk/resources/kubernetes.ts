import { z } from 'zod';
import { defineResource } from './descriptor';
import { availabilityZone, managedModel, managedQuery, managedStatuses, networkId, nodeSizing, serviceId, zonePlacement } from './managed';

/**
 * A Kubernetes cluster (/containers/kubernetes; RKE2 with Kubernetes 1.32). VERIFIED: the path,
 * PATCH `create_nodes` with `nodes: [{nodesNb, nodeSizing, az}]`, DELETE …/{id}/nodes/{nodeId} (ingress
 * nodes and the last nodes refused with BAD_REQUEST), delete with changeReference, the topologies
 * Standard and High Availability. The create body is not public: INFERRED from the other services
 * (emulator/README.md), as are the field `nodePools` in ITCare's answer, the statuses and the spellings.
 *
 * Worker nodes are pools, one per sizing and zone: a larger pool or a new one grows the cluster in
 * place (create_nodes sends the difference); a smaller or removed pool is refused at preview, never
 * replaced, since ITCare removes nodes one at a time and refuses some of them.
 */
export const NodePool = z.strictObject({
  nodesNb: z.number().int().min(1).max(50),
  nodeSizing,
  az: availabilityZone,
});
type Pool = z.output<typeof NodePool>;

const poolKey = (p: Pool) => `${p.nodeSizing}@${p.az}`;

const nodePools = z
  .array(NodePool)
  .min(1)
  .superRefine((pools, ctx) => {
    const seen = new Set<string>();
    for (const [i, p] of pools.entries()) {
      if (seen.has(poolKey(p)))
        ctx.addIssue({ code: 'custom', path: [i], message: `one pool per nodeSizing and az: ${p.nodeSizing} in ${p.az} is given twice` });
      seen.add(poolKey(p));
    }
  });

export const KubernetesCreate = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{2,29}$/, 'lower-case letters, digits and "-", 3 to 30 characters, starting with a letter'),
  serviceId,
  networkId,
  /** RKE2 / Kubernetes version from ITCare's catalogue, e.g. rke2-1.32 (INFERRED field). */
  productCode: z.string().min(1),
  /** STANDARD: one control-plane node; HIGH_AVAILABILITY: three (INFERRED spellings and counts). */
  topology: z.enum(['STANDARD', 'HIGH_AVAILABILITY']),
  /** Worker pools: grow in place, never shrink. */
  nodePools,
  ...zonePlacement,
});

export const Kubernetes = z.looseObject({
  ...managedModel,
  topology: z.string().nullish(),
  nodePools: z.array(z.looseObject({ nodesNb: z.number(), nodeSizing: z.string(), az: z.string() })).nullish(),
  apiServer: z.string().nullish(),
});

/** The nodes to add so that `current` pools become `desired`: per pool, the difference; new pools whole. */
export function poolsToAdd(desired: Pool[], current: Pool[]): Pool[] {
  return desired.flatMap((d) => {
    const had = current.find((c) => poolKey(c) === poolKey(d))?.nodesNb ?? 0;
    return d.nodesNb > had ? [{ ...d, nodesNb: d.nodesNb - had }] : [];
  });
}

/** Why `desired` pools cannot be reached by adding nodes to `current`, or undefined. */
export function poolsRefusal(desired: unknown, current: unknown): string | undefined {
  // ITCare's answer field is INFERRED: without it, nothing is computed from it.
  if (!Array.isArray(current))
    return `ITCare did not return the cluster's nodePools (got ${JSON.stringify(current)}), so the nodes to add cannot be computed`;
  const wanted = (Array.isArray(desired) ? desired : []) as Pool[];
  const said: string[] = [];
  for (const c of current as Pool[]) {
    const d = wanted.find((w) => poolKey(w) === poolKey(c));
    if (!d) said.push(`the pool of ${c.nodesNb} ${c.nodeSizing} nodes in ${c.az} cannot be removed`);
    else if (d.nodesNb < c.nodesNb)
      said.push(`the pool of ${c.nodeSizing} nodes in ${c.az} cannot shrink from ${c.nodesNb} to ${d.nodesNb} nodes`);
  }
  if (!said.length) return undefined;
  return `${said.join('; ')} (ITCare only adds nodes in place; it deletes them one at a time and refuses ingress and last nodes)`;
}

export const kubernetes = defineResource({
  kind: 'Kubernetes',
  module: 'containers',
  path: '/containers/kubernetes',
  resourceType: 'KUBERNETES',
  doc: 'A Kubernetes cluster (RKE2); a larger or new worker pool adds nodes in place, a smaller or removed one is refused at preview.',
  create: KubernetesCreate,
  model: Kubernetes,
  listQuery: managedQuery,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'topology', 'area', 'az'],
  sentOnly: ['changeReference'],
  operations: {
    create_nodes: {
      options: z.strictObject({ nodes: z.array(NodePool).min(1) }),
      from: ['ACTIVE'],
      optionsFrom: (desired, current) => ({ nodes: poolsToAdd(desired.nodePools as Pool[], current.nodePools as Pool[]) }),
      refuses: (desired, current) => poolsRefusal(desired.nodePools, current.nodePools),
      doc: 'a larger or new node pool adds nodes (nodes = the difference per pool)',
    },
  },
  updatable: { nodePools: 'create_nodes' },
  uniqueName: true,
  statuses: managedStatuses,
});
