import { kubernetes, poolsToAdd } from '../../sdk/resources';
import { ResourceClient } from '../../sdk/resourceClient';
import { sampleOf } from '../helpers/catalogSamples';
import { sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { itcareRejection } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * containers.Kubernetes over HTTP: worker pools grow in place through create_nodes (the difference per
 * pool, a new pool whole), a smaller or removed pool is refused at preview naming nodePools, and
 * DELETE …/nodes/{nodeId} refuses ingress nodes and a pool's last node with BAD_REQUEST. Its lifecycle
 * runs in catalogue.test.ts and the e2e matrix, by being declared.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '30']);
});
afterAll(async () => {
  await em?.stop();
});

const pool = (nodesNb: number, az = 'EB-A', nodeSizing = '4cpu16gb') => ({ nodesNb, nodeSizing, az });
const args = (extra: Record<string, unknown> = {}) => ({ ...sampleOf('containers.Kubernetes').args, ...extra }) as never;
const res = () => new ResourceClient(kubernetes, sdkClient(em));
type Node = { id: number; role: string; az: string };

it('create_nodes sends the difference per pool, and a new pool whole', () => {
  expect(poolsToAdd([pool(5), pool(2, 'EB-B')], [pool(3)])).toEqual([pool(2), pool(2, 'EB-B')]);
  expect(poolsToAdd([pool(3)], [pool(3)])).toEqual([]);
});

it('the schema refuses two pools of the same sizing and zone', () => {
  const r = kubernetes.create.safeParse({ ...(args() as object), nodePools: [pool(1), pool(2)] });
  expect(r.success).toBe(false);
  expect(JSON.stringify(r.error?.issues)).toMatch(/one pool per nodeSizing and az: 4cpu16gb in EB-A is given twice/);
});

it('a larger pool grows the cluster in place; a smaller or removed one is refused at preview, naming nodePools, never replaced', async () => {
  const created = (await res().createAndWait(args({ name: 'k8sgrow01' }))) as Record<string, unknown>;
  expect(created.nodePools).toEqual([pool(2)]);
  const desired = { ...(args() as object), nodePools: [pool(4), pool(1, 'EB-B')] };
  expect(ResourceKind.of(kubernetes).plan.refusedChanges(desired, created)).toEqual([]);
  const [step] = ResourceKind.of(kubernetes).plan.operations(desired, created);
  expect(step).toMatchObject({ operation: 'create_nodes', options: { nodes: [pool(2), pool(1, 'EB-B')] } });
  await sdkClient(em).waitForAction((await res().operate(created.id as number, 'create_nodes', step.options as never)).actionId!);
  const grown = (await res().get(created.id as number)) as Record<string, unknown>;
  expect(grown.nodePools).toEqual([pool(4), pool(1, 'EB-B')]);
  expect((grown.nodes as Node[]).filter((n) => n.role === 'worker')).toHaveLength(5);

  const [shrink] = ResourceKind.of(kubernetes).plan.refusedChanges({ ...desired, nodePools: [pool(3), pool(1, 'EB-B')] }, grown);
  expect(shrink).toMatch(
    /^nodePools: the pool of 4cpu16gb nodes in EB-A cannot shrink from 4 to 3 nodes \(ITCare only adds nodes in place/,
  );
  const [removed] = ResourceKind.of(kubernetes).plan.refusedChanges({ ...desired, nodePools: [pool(4)] }, grown);
  expect(removed).toMatch(/^nodePools: the pool of 1 4cpu16gb nodes in EB-B cannot be removed/);
  // An answer without the (INFERRED) field: nothing is computed from it.
  expect(ResourceKind.of(kubernetes).plan.refusedChanges(desired, { ...grown, nodePools: undefined })[0]).toMatch(
    /did not return the cluster's nodePools/,
  );
});

it('a pool in a zone of another region is refused in a dry run, naming the field', async () => {
  const err = await itcareRejection(res().create(args({ name: 'k8szone01', nodePools: [pool(1, 'ET-A')] }), { dryRun: true }));
  expect(err.message).toMatch(/nodePools.*ET-A is not in region EB/);
});

it("DELETE …/nodes/{nodeId} removes a worker; ingress nodes and a pool's last node are refused with BAD_REQUEST", async () => {
  const api = sdkClient(em);
  const created = (await res().createAndWait(args({ name: 'k8snodes01', nodePools: [pool(2), pool(1, 'EB-B')] }))) as Record<
    string,
    unknown
  >;
  const nodes = created.nodes as Node[];
  const ingress = nodes.find((n) => n.role === 'ingress')!;
  const lastOfB = nodes.find((n) => n.role === 'worker' && n.az === 'EB-B')!;
  const workerOfA = nodes.find((n) => n.role === 'worker' && n.az === 'EB-A')!;
  for (const [node, why] of [
    [ingress, /\(ingress\) cannot be deleted: only worker nodes can/],
    [lastOfB, /last node of its pool/],
  ] as const) {
    const err = await itcareRejection(api.delete(`/containers/kubernetes/${created.id}/nodes/${node.id}`));
    expect(err).toMatchObject({ httpStatus: 400, errorCode: 'BAD_REQUEST' });
    expect(err.message).toMatch(why);
  }
  await api.waitForAction(((await api.delete(`/containers/kubernetes/${created.id}/nodes/${workerOfA.id}`)) as { id: number }).id);
  expect(((await res().get(created.id as number)) as Record<string, unknown>).nodePools).toEqual([pool(1), pool(1, 'EB-B')]);
});
