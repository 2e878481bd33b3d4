import { ConflictError, InvalidArgumentError, NotFoundError } from '../../sdk/errors';
import { sdkClient, spawnEmulator, type SpawnedEmulator, demoInstance } from '../helpers/emulator';
import { itcareRejection, rejection } from '../helpers/sdk';

/**
 * Load balancers and their URLs over HTTP through the SDK's derived clients
 * (client.networking.loadbalancers.urls(lbId)): the parent's id in the path, a missing parent named
 * in the 404, a load balancer with URLs refused a delete (409, INFERRED), members checked against
 * the instances, and the INFERRED operations refused by the `unknownOperations` switch.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '30']);
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

const lbArgs = (members: number[]) => ({
  url: 'shop.cegedim.cloud',
  serviceId: 1001,
  networkId: 2001,
  area: 'EB-QA',
  domain: 'cegedim.cloud',
  healthcheck: '/health',
  persistence: 'cookie' as const,
  portMembers: 8080,
  profileName: 'HTTP' as const,
  redirectToHttps: false,
  members,
});

async function vm(name: string): Promise<number> {
  return Number((await sdkClient(em).compute.instances.createAndWait(demoInstance(name) as never)).id);
}

test('a URL lives under its load balancer: created, listed and read there, deleted before it', async () => {
  const api = sdkClient(em);
  const lb = await api.networking.loadbalancers.createAndWait(lbArgs([await vm('lbweb01')]));
  expect(lb).toMatchObject({
    url: 'shop.cegedim.cloud',
    status: 'ACTIVE',
    members: [expect.any(Number)],
    vip: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
  });
  const urls = api.networking.loadbalancers.urls(lb.id);
  expect(urls.path).toBe(`/networking/loadbalancers/${lb.id}/urls`);
  const url = await urls.createAndWait({ name: 'www.shop.cegedim.cloud', monitoringEnabled: true });
  expect(url).toMatchObject({
    name: 'www.shop.cegedim.cloud',
    loadBalancerId: lb.id,
    serviceId: 1001,
    monitoringEnabled: true,
    status: 'ACTIVE',
  });
  expect((await urls.list()).content.map((u) => u.id)).toEqual([url.id]);

  const busy = await itcareRejection(api.networking.loadbalancers.delete(lb.id));
  expect(busy).toBeInstanceOf(ConflictError);
  expect(busy.message).toMatch(new RegExp(`it still has 1 LoadBalancerUrl \\(${url.id}\\)`));
  await api.waitForAction((await urls.delete(url.id)).actionId!);
  await api.waitForAction((await api.networking.loadbalancers.delete(lb.id)).actionId!);
  await expect(api.networking.loadbalancers.get(lb.id)).rejects.toBeInstanceOf(NotFoundError);
});

test('a URL of a missing load balancer is a 404 naming the load balancer, on every verb', async () => {
  const urls = sdkClient(em).networking.loadbalancers.urls(424242);
  for (const call of [urls.create({ name: 'www.nowhere.example.com' }), urls.list(), urls.get(1), urls.delete(1)]) {
    const err = await itcareRejection(call);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/LoadBalancer 424242/);
  }
});

test('the parent id is checked against its id rule before any request; a body naming another parent is refused', async () => {
  const api = sdkClient(em);
  expect(() => api.networking.loadbalancers.urls('../../actions')).toThrow(InvalidArgumentError);
  expect(() => api.networking.loadbalancers.urls('../../actions')).toThrow(/LoadBalancerUrl loadBalancerId \(LoadBalancer id\)/);
  const err = await rejection(api.networking.loadbalancers.urls(7).create({ name: 'a.example.com', loadBalancerId: 8 } as never));
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect(String((err as Error).message)).toMatch(/loadBalancerId 8 differs from the client's LoadBalancer 7/);
});

test('members must be instances of the service; update_members replaces them in place', async () => {
  const api = sdkClient(em);
  const bad = await itcareRejection(api.networking.loadbalancers.create(lbArgs([999]), { dryRun: true }));
  expect(bad).toMatchObject({ httpStatus: 400, errorDesc: 'members' });
  expect(bad.message).toMatch(/instance 999 does not exist/);
  const [a, b] = [await vm('lbweb01'), await vm('lbweb02')];
  const lb = await api.networking.loadbalancers.createAndWait(lbArgs([a]));
  await api.waitForAction((await api.networking.loadbalancers.operate(lb.id, 'update_members', { members: [a, b] })).actionId!);
  expect((await api.networking.loadbalancers.get(lb.id)).members).toEqual([a, b]);
  await api.waitForAction((await api.networking.loadbalancers.operate(lb.id, 'update_healthcheck', { healthcheck: '/ready' })).actionId!);
  expect((await api.networking.loadbalancers.get(lb.id)).healthcheck).toBe('/ready');
});

test('with unknownOperations, ITCare refuses the INFERRED load balancer operations (400 naming the operation)', async () => {
  const api = sdkClient(em);
  const lb = await api.networking.loadbalancers.createAndWait(lbArgs([await vm('lbweb01')]));
  await em.control.behaviour({ unknownOperations: ['update_members', 'update_healthcheck'] });
  const err = await itcareRejection(
    api.networking.loadbalancers.operate(lb.id, 'update_members', { members: [lb.members![0]] }, { dryRun: true }),
  );
  expect(err).toMatchObject({ httpStatus: 400, errorDesc: 'operation' });
  expect(err.message).toMatch(/unknown operation update_members/);
});
