import { apiCall, getToken, spawnEmulator, demoInstance, type SpawnedEmulator } from '../helpers/emulator';

/**
 * The emulator's lookup routes over HTTP (no SDK): GET /compute/products (INFERRED) and what it says
 * a create accepts, agreeing with the dry run; the rows the control route adds until a reset; the
 * filters, applied here and dropped by `ignoreQueryFilters`.
 */

let em: SpawnedEmulator;
let token: string;
const get = (route: string) => apiCall(em, token, 'GET', route);
const codes = async (q = '') => (await get(`/compute/products${q}`)).body.content.map((p: { code: string }) => p.code);

beforeAll(async () => {
  em = await spawnEmulator([], { queryFilters: 'applied' });
  token = (await getToken(em)).access_token;
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

test('GET /compute/products: a Spring page of products with the sizings each accepts; codes, types, families filter', async () => {
  const { status, body } = await get('/compute/products');
  expect(status).toBe(200);
  expect(body).toMatchObject({ totalElements: 4, number: 0, last: true });
  expect(body.content[0]).toEqual({
    code: 'deb12',
    label: 'Debian 12',
    type: 'LINUX',
    family: 'DEBIAN',
    cpus: [1, 2, 4, 8, 16, 32],
    rams: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    defaultDiskSize: 40,
  });
  expect(await codes('?types=WINDOWS')).toEqual(['win2022']);
  expect(await codes('?families=DEBIAN,RHEL&codes=!deb11')).toEqual(['deb12', 'rhel9']);
  await em.control.behaviour({ ignoreQueryFilters: true });
  expect(await codes('?types=WINDOWS')).toEqual(['deb12', 'deb11', 'rhel9', 'win2022']);
});

test('what the products list is what a dry-run create accepts, and nothing less', async () => {
  const products = (await get('/compute/products?size=100')).body.content as { code: string; cpus: number[]; rams: number[] }[];
  for (const p of products) {
    const body = demoInstance('dry01', { productCode: p.code, cpu: p.cpus[0], ram: p.rams[0] });
    expect([p.code, (await apiCall(em, token, 'POST', '/compute/instances', body, { 'ITCare-DryRun': 'true' })).status]).toEqual([
      p.code,
      200,
    ]);
    const below = [1, 2, 4, 8].filter((r) => !p.rams.includes(r));
    for (const ram of below) {
      const refused = await apiCall(em, token, 'POST', '/compute/instances', { ...body, ram }, { 'ITCare-DryRun': 'true' });
      expect([p.code, ram, refused.status, refused.body.errorDesc]).toEqual([p.code, ram, 400, 'ram']);
    }
  }
});

test('control: added services and networks show in the lookups (list, filters, by id) until a reset', async () => {
  const svc = await em.control.addLookup('services', { name: 'Demo', key: 'DEMO2' });
  const net = await em.control.addLookup('networks', { name: 'EB-QA front', serviceId: 1002, area: 'ET-QA' });
  expect([svc.id, net.id]).toEqual([1100, 2100]);
  expect((await get('/compute/services?names=Demo')).body.content.map((s: { key: string }) => s.key)).toEqual(['DEMO', 'DEMO2']);
  expect((await get('/networking/networks?services=1002')).body.content.map((n: { id: number }) => n.id)).toEqual([2003, 2100]);
  expect((await get('/networking/networks/2100')).body).toMatchObject({
    name: 'EB-QA front',
    serviceId: 1002,
    area: 'ET-QA',
    cidr: '10.99.0.0/24',
  });
  await em.control.reset();
  expect((await get('/compute/services')).body.totalElements).toBe(2);
  expect((await get('/networking/networks/2100')).status).toBe(404);
});

test('control: a row the lookups cannot hold is refused, naming the field; an unknown kind is 404', async () => {
  await expect(em.control.addLookup('networks', { name: 'x' })).rejects.toThrow(/HTTP 400 .*serviceId/);
  await expect(em.control.addLookup('regions' as 'services', { name: 'x', key: 'X' })).rejects.toThrow(/HTTP 404 .*No lookup regions/);
});
