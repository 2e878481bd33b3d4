import { engine } from '../../provider/engine';
import { UNKNOWN } from '../../provider/inputs';
import { catalog, type AnyResourceDescriptor } from '../../sdk/resources';
import { sampleOf } from '../helpers/catalogSamples';
import { demoInstance, sdkClient, useProviderEmulator } from '../helpers/emulator';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * The provider's engine on load balancers, URLs and snapshots, against the emulator: members and
 * healthcheck in place, the INFERRED operations refused at preview by an ITCare that does not know
 * them, a new parent id replacing the child (an unknown one too: the parent is being replaced),
 * children created under the parent their inputs name, string ids, and an expired snapshot dropped
 * by a refresh.
 */
jest.setTimeout(60_000);

const em = useProviderEmulator(['--action-ms', '30']);
let vmId: number;
beforeAll(async () => {
  vmId = Number((await sdkClient(em).compute.instances.createAndWait(demoInstance('netvm01') as never)).id);
});

const lb = catalog['networking.LoadBalancer'];
const lbArgs = () => ({ ...sampleOf('networking.LoadBalancer').args, members: [vmId] });
const stateOf = (d: AnyResourceDescriptor, args: Record<string, unknown>) => ({
  ...args,
  status: 'ACTIVE',
  __declared: ResourceKind.of(d).outputs.pickDeclared(args),
});

describe('networking.LoadBalancer', () => {
  it('check passes real members (ITCare in dry run) and names the property of bad ones', async () => {
    expect((await engine('networking.LoadBalancer').check({}, lbArgs())).failures ?? []).toEqual([]);
    const empty = await engine('networking.LoadBalancer').check({}, { ...lbArgs(), members: [] });
    expect(empty.failures?.[0]).toMatchObject({
      property: 'members',
      reason: expect.stringMatching(/^LoadBalancer shop.cegedim.cloud: members: .*at least one instance id/),
    });
    const missing = await engine('networking.LoadBalancer').check({}, { ...lbArgs(), members: [vmId, 4242] });
    expect(missing.failures?.[0]).toMatchObject({ property: 'members', reason: expect.stringMatching(/instance 4242 does not exist/) });
  });

  it('members and healthcheck change in place; any other input replaces it, created before the old one is deleted', async () => {
    const olds = stateOf(lb, lbArgs());
    expect(await engine('networking.LoadBalancer').diff('999', olds, { ...lbArgs(), members: [vmId, vmId + 1] })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await engine('networking.LoadBalancer').diff('999', olds, { ...lbArgs(), healthcheck: '/ready' })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await engine('networking.LoadBalancer').diff('999', olds, { ...lbArgs(), profileName: 'HTTPS' })).toMatchObject({
      replaces: ['profileName'],
      deleteBeforeReplace: false,
    });
  });

  it('an ITCare without update_members fails the preview naming the operation and the input', async () => {
    const { id, outs } = await engine('networking.LoadBalancer').create(lbArgs());
    await em.control.behaviour({ unknownOperations: ['update_members'] });
    try {
      const err = (await engine('networking.LoadBalancer')
        .diff(id, outs, { ...lbArgs(), members: [vmId, vmId] })
        .catch((e: Error) => e)) as Error;
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toMatch(/update_members/);
      expect(err.message).toMatch(/members/);
      // healthcheck's operation is still known: that change passes.
      expect(await engine('networking.LoadBalancer').diff(id, outs, { ...lbArgs(), healthcheck: '/ready' })).toMatchObject({
        replaces: [],
      });
    } finally {
      await em.control.behaviour({ unknownOperations: [] });
    }
    await engine('networking.LoadBalancer').delete(id, outs);
  });
});

describe('children: a URL under its load balancer, a snapshot under its instance', () => {
  it('a URL is created under the load balancer its input names, and replaced by a new one (known or not yet)', async () => {
    const [parent, other] = [
      await engine('networking.LoadBalancer').create(lbArgs()),
      await engine('networking.LoadBalancer').create(lbArgs()),
    ];
    const args = { loadBalancerId: Number(parent.id), name: 'www.shop.cegedim.cloud' };
    const url = await engine('networking.LoadBalancerUrl').create(args);
    expect(url.outs).toMatchObject({
      loadBalancerId: Number(parent.id),
      name: 'www.shop.cegedim.cloud',
      status: 'ACTIVE',
      resourceId: Number(url.id),
    });
    expect((await em.control.resources('urls')).map((u) => [u.id, u.loadBalancerId])).toEqual([[Number(url.id), Number(parent.id)]]);
    for (const loadBalancerId of [Number(other.id), UNKNOWN]) {
      expect(await engine('networking.LoadBalancerUrl').diff(url.id, url.outs, { ...args, loadBalancerId })).toMatchObject({
        changes: true,
        replaces: ['loadBalancerId'],
      });
    }
    // Moved to a load balancer that does not exist: the preview says which (ITCare's 404 in dry run).
    await expect(engine('networking.LoadBalancerUrl').diff(url.id, url.outs, { ...args, loadBalancerId: 4242 })).rejects.toThrow(
      /LoadBalancer 4242 not found/,
    );
    await engine('networking.LoadBalancerUrl').delete(url.id, url.outs);
    for (const lbRes of [parent, other]) await engine('networking.LoadBalancer').delete(lbRes.id, lbRes.outs);
    expect(await em.control.resources('loadbalancers')).toEqual([]);
  });

  it("a load balancer with a URL is not deleted: ITCare's 409 reaches the user naming the URL", async () => {
    const parent = await engine('networking.LoadBalancer').create(lbArgs());
    const url = await engine('networking.LoadBalancerUrl').create({ loadBalancerId: Number(parent.id), name: 'api.shop.cegedim.cloud' });
    await expect(engine('networking.LoadBalancer').delete(parent.id, parent.outs)).rejects.toThrow(
      new RegExp(`still has 1 LoadBalancerUrl \\(${url.id}\\)`),
    );
    await engine('networking.LoadBalancerUrl').delete(url.id, url.outs);
    await engine('networking.LoadBalancer').delete(parent.id, parent.outs);
  });

  it('a snapshot has a string resourceId; a refresh keeps it until its expiration date, then drops it', async () => {
    const snap = await engine('compute.Snapshot').create({ instanceId: vmId, description: 'before the upgrade' });
    expect(snap.id).toBe(`${vmId}-snap-1`);
    expect(snap.outs).toMatchObject({
      resourceId: snap.id,
      instanceId: vmId,
      creator: em.clientId,
      label: expect.any(String),
      size: expect.any(Number),
      expirationDate: expect.any(String),
    });
    expect(await engine('compute.Snapshot').read(snap.id, snap.outs)).toMatchObject({ id: snap.id, props: { resourceId: snap.id } });
    await em.control.editResource('snapshots', snap.id, { expirationDate: '2020-01-01T00:00:00.000+0000' });
    expect(await engine('compute.Snapshot').read(snap.id, snap.outs)).toEqual({ id: '' });
    // Still listed by ITCare, but expired: it does not hold its instance.
    expect(await em.control.resources('snapshots')).toHaveLength(1);
  });

  it('a snapshot whose create answer was lost is found by its fresh create action, never taken twice, beside an older one of the same description', async () => {
    const args = { instanceId: vmId, description: 'nightly', __owner: 'org/project/stack/0123456789abcdef' };
    const older = await engine('compute.Snapshot').create(args);
    await em.control.addFault({ method: 'POST', path: '/snapshots$', dryRun: false, reset: 'after', count: 1 });
    await em.control.clearLog();
    try {
      const snap = await engine('compute.Snapshot').create(args);
      expect(snap.id).not.toBe(older.id);
      const held = (await em.control.resources('snapshots')).filter((x) => x.description === 'nightly');
      expect(held.map((x) => x.id).sort()).toEqual([older.id, snap.id].sort());
      expect((await em.control.log()).filter((e) => e.method === 'POST' && e.path.endsWith('/snapshots') && !e.dryRun)).toHaveLength(1); // never sent twice
    } finally {
      await em.control.clearFaults();
    }
  });
});
