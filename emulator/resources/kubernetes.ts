import Router from '@koa/router';
import { kubernetes, type NodePool } from '../../sdk/resources';
import type { z } from 'zod';
import { regionOfArea } from '../catalog';
import { apiError, invalidField, notFound } from '../http';
import { nodeSizingProblem } from '../managedCatalog';
import type { ResourceBehaviour } from '../routes';
import type { EmulatorStore, StoredResource } from '../store';
import { managedBase, managedFilters } from './managed';

/**
 * Kubernetes: the managed checks (the pools' sizings and zones too); control-plane, ingress and worker
 * nodes; create_nodes adding to a pool (or a new one); DELETE …/{id}/nodes/{nodeId} removing one
 * worker, refusing ingress nodes and a pool's last node with 400 BAD_REQUEST (VERIFIED refusal; the
 * node names, counts and the async action are INFERRED, README.md). Products INFERRED.
 */
export const kubernetesProducts: Record<string, string> = { 'rke2-1.32': 'RKE2 / Kubernetes 1.32', 'rke2-1.31': 'RKE2 / Kubernetes 1.31' };

type Pool = z.output<typeof NodePool>;
interface ClusterNode {
  id: number;
  name: string;
  role: 'control-plane' | 'ingress' | 'worker';
  nodeSizing: string;
  az: string;
}

function checkPools(pools: Pool[], area: string, field: string): void {
  const region = regionOfArea(area);
  for (const p of pools) {
    const problem = nodeSizingProblem(field, p.nodeSizing);
    if (problem) throw invalidField(field, problem);
    if (region && !region.availabilityZones.includes(p.az))
      throw invalidField(
        field,
        `Error on field '${field}': ${p.az} is not in region ${region.code} (its zones: ${region.availabilityZones.join(', ')})`,
      );
  }
}

/** Adds the pools' worker nodes to the cluster, numbering on from the highest node id. */
function addWorkers(item: StoredResource, pools: Pool[]): void {
  const nodes = item.nodes as ClusterNode[];
  const merged = [...(item.nodePools as Pool[])];
  for (const p of pools) {
    for (let i = 0; i < p.nodesNb; i++) {
      const id = Math.max(0, ...nodes.map((n) => n.id)) + 1;
      nodes.push({ id, name: `${String(item.name)}-worker-${id}`, role: 'worker', nodeSizing: p.nodeSizing, az: p.az });
    }
    const at = merged.findIndex((m) => m.nodeSizing === p.nodeSizing && m.az === p.az);
    if (at >= 0) merged[at] = { ...merged[at], nodesNb: merged[at].nodesNb + p.nodesNb };
    else merged.push({ ...p });
  }
  item.nodePools = merged;
}

export const kubernetesBehaviour: ResourceBehaviour<typeof kubernetes> = {
  descriptor: kubernetes,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    const base = managedBase(kubernetes, body, submittedBy, kubernetesProducts);
    checkPools(body.nodePools, String(base.area), 'nodePools');
    const controlPlane = body.topology === 'HIGH_AVAILABILITY' ? 3 : 1;
    const nodes: ClusterNode[] = [
      ...Array.from({ length: controlPlane }, (_, i) => ({
        id: i + 1,
        name: `${body.name}-cp-${i + 1}`,
        role: 'control-plane' as const,
        nodeSizing: '4cpu8gb',
        az: String(base.az),
      })),
      ...[1, 2].map((i) => ({
        id: controlPlane + i,
        name: `${body.name}-ingress-${i}`,
        role: 'ingress' as const,
        nodeSizing: '2cpu4gb',
        az: String(base.az),
      })),
    ];
    const model = {
      ...base,
      nodePools: [] as Pool[],
      nodes,
      apiServer: `https://${body.name}.k8s.${String(base.area).toLowerCase()}.cegedim.cloud:6443`,
    };
    addWorkers(model as unknown as StoredResource, body.nodePools);
    return model;
  },
  checkOperation(item, operation, options) {
    if (operation === 'create_nodes') checkPools(options.nodes as Pool[], String(item.area), 'nodes');
  },
  applyOperation(item, operation, options) {
    if (operation === 'create_nodes') addWorkers(item, options.nodes as Pool[]);
  },
  detailRoutes(store: EmulatorStore): Router {
    const router = new Router();
    router.delete(`${kubernetes.path}/:id/nodes/:nodeId`, (ctx) => {
      const item = store.collection(kubernetes.path).items.get(Number(ctx.params.id));
      if (!item) throw notFound(kubernetes.kind, ctx.params.id);
      const nodes = item.nodes as ClusterNode[];
      const node = nodes.find((n) => n.id === Number(ctx.params.nodeId));
      if (!node) throw notFound('Node', ctx.params.nodeId, 'nodeId');
      if (node.role !== 'worker')
        throw apiError(400, 'BAD_REQUEST', 'nodeId', `Node ${node.name} (${node.role}) cannot be deleted: only worker nodes can`);
      const pool = (item.nodePools as Pool[]).find((p) => p.nodeSizing === node.nodeSizing && p.az === node.az)!;
      if (pool.nodesNb <= 1)
        throw apiError(
          400,
          'BAD_REQUEST',
          'nodeId',
          `Node ${node.name} is the last node of its pool (${pool.nodeSizing} in ${pool.az}) and cannot be deleted`,
        );
      ctx.status = 202;
      const action = store.startAction({
        process: 'DELETE_NODE_KUBERNETES',
        family: 'CONTAINERS',
        resourceType: kubernetes.resourceType,
        resource: item,
        submittedBy: String(ctx.state.clientId ?? 'unknown'),
        message: `Deletion of node ${node.name} of kubernetes ${item.name}`,
        onSuccess: () => {
          item.nodes = nodes.filter((n) => n.id !== node.id);
          item.nodePools = (item.nodePools as Pool[]).map((p) => (p === pool ? { ...p, nodesNb: p.nodesNb - 1 } : p));
        },
        onError: () => undefined,
      });
      ctx.body = { id: action.id, status: action.status, message: action.message, resourceId: action.resourceId };
    });
    return router;
  },
};
