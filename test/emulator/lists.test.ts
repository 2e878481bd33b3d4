import { apiCall, getToken, spawnEmulator, waitForAction, demoInstance, type SpawnedEmulator } from '../helpers/emulator';

/** Spring pages, comma-list filters with `!`, the actions feed, lookups and out-of-band control. */

let em: SpawnedEmulator;
let token: string;
const get = (route: string) => apiCall(em, token, 'GET', route);

beforeAll(async () => {
  // These tests pin the emulator's filters themselves: applied (the helper's default ignores them).
  em = await spawnEmulator([], { queryFilters: 'applied' });
  token = (await getToken(em)).access_token;
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

async function seedFleet(): Promise<void> {
  for (let i = 1; i <= 7; i++) {
    await em.control.seedInstance({
      name: `node0${i}`,
      serviceId: i <= 5 ? 1001 : 1002,
      status: i % 2 ? 'ACTIVE' : 'INACTIVE',
      tags: { tier: i <= 3 ? 'web' : 'db' },
    });
  }
  await em.control.seedInstance({ name: 'win01', serviceId: 1001, productCode: 'win2022', ram: 8 });
}

test('pagination across pages with sort, and the Spring envelope', async () => {
  await seedFleet();
  const names: string[] = [];
  for (let page = 0; page < 3; page++) {
    const { status, body } = await get(`/compute/instances?size=3&page=${page}&sort=name,desc`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      totalElements: 8,
      totalPages: 3,
      size: 3,
      number: page,
      first: page === 0,
      last: page === 2,
      sort: { sorted: true, unsorted: false, empty: false },
    });
    expect(body.numberOfElements).toBe(page === 2 ? 2 : 3);
    names.push(...body.content.map((i: { name: string }) => i.name));
  }
  expect(names).toEqual(['win01', 'node07', 'node06', 'node05', 'node04', 'node03', 'node02', 'node01']);
  const beyond = (await get('/compute/instances?size=3&page=5')).body;
  expect(beyond).toMatchObject({ content: [], empty: true, last: true });
  expect((await get('/compute/instances')).body.size).toBe(20);
});

test('filters: comma lists, ! negation, statuses, services, types, tags', async () => {
  await seedFleet();
  const names = async (q: string) => (await get(`/compute/instances?${q}&sort=name,asc`)).body.content.map((i: { name: string }) => i.name);
  expect(await names('names=node01,node02')).toEqual(['node01', 'node02']);
  expect(await names('names=!node01,!node02,!win01')).toEqual(['node03', 'node04', 'node05', 'node06', 'node07']);
  expect(await names('statuses=INACTIVE')).toEqual(['node02', 'node04', 'node06']);
  expect(await names('services=1002')).toEqual(['node06', 'node07']);
  expect(await names('types=WINDOWS')).toEqual(['win01']);
  expect(await names('families=!DEBIAN')).toEqual(['win01']);
  expect(await names('tags=tier:web&statuses=!INACTIVE')).toEqual(['node01', 'node03']);
  expect(await names('az=EB-A&services=1001&names=!win01')).toHaveLength(5);
});

test('actions: get by id and plain-array list filtered by resourceName, resourceId, statuses, serviceId', async () => {
  const a = await apiCall(em, token, 'POST', '/compute/instances', demoInstance('web01'));
  await em.control.failNext(1);
  const b = await apiCall(em, token, 'POST', '/compute/instances', demoInstance('web02'));
  await waitForAction(em, token, a.body.id);
  await waitForAction(em, token, b.body.id);

  const all = (await get('/actions')).body;
  expect(Array.isArray(all)).toBe(true);
  expect(all).toHaveLength(2);
  expect((await get('/actions?resourceName=web01')).body.map((x: { id: number }) => x.id)).toEqual([a.body.id]);
  expect((await get(`/actions?resourceId=${b.body.resourceId}`)).body.map((x: { id: number }) => x.id)).toEqual([b.body.id]);
  expect((await get('/actions?statuses=ERROR')).body).toEqual([expect.objectContaining({ id: b.body.id, resourceName: 'web02' })]);
  expect((await get('/actions?serviceId=1002')).body).toEqual([]);
  const one = (await get(`/actions/${a.body.id}`)).body;
  expect(one).toMatchObject({ id: a.body.id, status: 'SUCCESS', family: 'COMPUTE', resourceType: 'INSTANCE' });
  expect(one.completedAt).toMatch(/\+0000$/);
  expect((await get('/actions/1')).status).toBe(404);
});

test('lookups: services and networks are seeded Spring pages', async () => {
  const services = (await get('/compute/services')).body;
  expect(services.content).toEqual(expect.arrayContaining([expect.objectContaining({ id: 1001, name: 'Demo', key: 'DEMO' })]));
  const nets = (await get('/networking/networks?services=1001')).body;
  expect(nets.content.map((n: { id: number }) => n.id)).toEqual([2001, 2002]);
  expect(nets.content[0]).toMatchObject({ cidr: '10.10.1.0/24', area: 'EB-QA', serviceId: 1001 });
});

test('control: seeded instances are served, out-of-band removal makes them 404', async () => {
  const seeded = await em.control.seedInstance({ name: 'legacy01', serviceId: 1001, status: 'INACTIVE' });
  expect(seeded).toMatchObject({ name: 'legacy01', status: 'INACTIVE', ipAddress: expect.stringMatching(/^10\.10\.1\./) });
  expect((await get(`/compute/instances/${seeded.id}`)).body.name).toBe('legacy01');
  await em.control.removeInstance(seeded.id);
  expect((await get(`/compute/instances/${seeded.id}`)).status).toBe(404);
  expect(await em.control.instances()).toEqual([]);
  // Control calls never reach the request log.
  expect((await em.control.log()).every((e) => !e.path.startsWith('/_emulator'))).toBe(true);
});
