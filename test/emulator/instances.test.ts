import { parseITCareDate } from '../../sdk/dates';
import { apiCall, demoInstance, getToken, spawnEmulator, waitForAction, type SpawnedEmulator } from '../helpers/emulator';

/** Instance lifecycle over the wire: create, validate, operate, delete, and injected action failures. */

let em: SpawnedEmulator;
let token: string;
const call = (method: string, route: string, body?: unknown, headers?: Record<string, string>) =>
  apiCall(em, token, method, route, body, headers);

beforeAll(async () => {
  em = await spawnEmulator();
  token = (await getToken(em)).access_token;
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

/** Creates an instance and waits until its create action ends; returns the instance id. */
async function created(name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await call('POST', '/compute/instances', demoInstance(name, extra));
  expect(res.status).toBe(202);
  await waitForAction(em, token, res.body.id);
  return res.body.resourceId;
}

test('create: 202 with an action, CREATING at once, then ACTIVE with an IP from the network', async () => {
  const res = await call('POST', '/compute/instances', demoInstance('web01', { tags: { app: 'shop' } }));
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ id: expect.any(Number), status: 'IN_PROGRESS', message: expect.any(String), resourceId: expect.any(Number) });
  expect(res.body.id).toBeGreaterThanOrEqual(46922);
  expect(res.body.resourceId).toBeGreaterThanOrEqual(500061854);

  // Findable by name straight away (adoption after a crash relies on this).
  const listed = await call('GET', '/compute/instances?names=web01');
  expect(listed.body.content).toEqual([expect.objectContaining({ name: 'web01', status: 'CREATING' })]);

  const action = await waitForAction(em, token, res.body.id);
  expect(action).toMatchObject({
    status: 'SUCCESS',
    process: 'CREATE_INSTANCE',
    resourceName: 'web01',
    resourceType: 'INSTANCE',
    submittedBy: em.clientId,
  });
  const inst = (await call('GET', `/compute/instances/${res.body.resourceId}`)).body;
  expect(inst).toMatchObject({
    id: res.body.resourceId,
    name: 'web01',
    status: 'ACTIVE',
    type: 'LINUX',
    family: 'DEBIAN',
    serviceId: 1001,
    serviceKey: 'DEMO',
    cpu: 2,
    ram: 4,
    area: 'EB-QA',
    region: 'EB',
    availabilityZone: 'EB-A',
    creationUser: em.clientId,
    tags: { app: 'shop' },
  });
  expect(inst.ipAddress).toMatch(/^10\.10\.1\.\d+$/);
  expect(inst.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  expect(parseITCareDate(inst.creationTime)).toBeInstanceOf(Date);

  const nets = (await call('GET', `/compute/instances/${inst.id}/networks`)).body;
  expect(nets).toEqual([
    expect.objectContaining({ cidr: '10.10.1.0/24', ipAddress: inst.ipAddress, dns: [expect.objectContaining({ alias: 'web01' })] }),
  ]);
  const storage = (await call('GET', `/compute/instances/${inst.id}/storage`)).body;
  expect(storage).toMatchObject({ totalSizeDisks: 40, fileSystems: expect.any(Array) });
});

test('schema validation: 400 ITCare error body naming the field', async () => {
  const res = await call('POST', '/compute/instances', demoInstance('Bad_Name!'));
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    status: 'BAD_REQUEST',
    errorCode: 'INVALID_FIELD_VALUE',
    errorDesc: 'name',
    errorMessage: expect.stringMatching(/^Error on field 'name': /),
  });
  const extra = await call('POST', '/compute/instances', demoInstance('web01', { colour: 'blue' }));
  expect(extra.body).toMatchObject({ errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'colour' });
});

test('catalogue checks: sizing, Windows memory, unknown service, foreign network, unknown product', async () => {
  const cpu3 = await call('POST', '/compute/instances', demoInstance('web01', { cpu: 3 }));
  expect(cpu3.status).toBe(400);
  expect(cpu3.body).toMatchObject({ errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'cpu' });
  const win = await call('POST', '/compute/instances', demoInstance('win01', { productCode: 'win2022', ram: 2 }));
  expect(win.body).toMatchObject({ errorDesc: 'ram', errorMessage: expect.stringContaining('4 GB') });
  expect((await call('POST', '/compute/instances', demoInstance('web01', { serviceId: 9999 }))).body).toMatchObject({
    status: 'NOT_FOUND',
    errorCode: 'RESOURCE_NOT_FOUND',
    errorDesc: 'serviceId',
  });
  expect((await call('POST', '/compute/instances', demoInstance('web01', { networkId: 2003 }))).body).toMatchObject({
    status: 'BAD_REQUEST',
    errorDesc: 'networkId',
  });
  expect((await call('POST', '/compute/instances', demoInstance('web01', { productCode: 'os2' }))).body).toMatchObject({
    status: 'BAD_REQUEST',
    errorDesc: 'productCode',
  });
  expect(await em.control.instances()).toEqual([]);
});

test('placement: a zone of another region is blamed on availabilityZone; unknown codes list what exists', async () => {
  // Network 2001 is in EB-QA: a Toulouse zone is the wrong part, not the network.
  const az = await call('POST', '/compute/instances', demoInstance('web01', { availabilityZone: 'ET-A' }));
  expect(az.body).toMatchObject({ errorDesc: 'availabilityZone', errorMessage: expect.stringContaining('EB-A, EB-B, EB-C') });
  expect((await call('POST', '/compute/instances', demoInstance('web01', { productCode: 'os2' }))).body.errorMessage).toContain(
    'deb12, deb11, rhel9, win2022',
  );
  expect((await call('POST', '/compute/instances', demoInstance('web01', { region: 'XX' }))).body.errorMessage).toContain(
    'EB Boulogne-Billancourt',
  );
  expect((await call('POST', '/compute/instances', demoInstance('web01', { availabilityZone: 'XX-Z' }))).body.errorMessage).toContain(
    'ET-A, ET-B',
  );
});

test('duplicate name in the same service: 409 RESOURCE_ALREADY_EXISTS (even while creating)', async () => {
  expect((await call('POST', '/compute/instances', demoInstance('web01'))).status).toBe(202);
  const dup = await call('POST', '/compute/instances', demoInstance('web01', { networkId: 2002 }));
  expect(dup.status).toBe(409);
  expect(dup.body).toMatchObject({ status: 'CONFLICT', errorCode: 'RESOURCE_ALREADY_EXISTS', errorDesc: 'name' });
});

test('dry run validates fully, changes nothing, and echoes the header', async () => {
  const dry = { 'ITCare-DryRun': 'true' };
  const ok = await call('POST', '/compute/instances', demoInstance('web01'), dry);
  expect(ok.status).toBe(200);
  expect(ok.body).toEqual({ status: 'VALID', message: 'Dry run: nothing was done' });
  expect(ok.headers.get('itcare-dryrun')).toBe('true');
  const bad = await call('POST', '/compute/instances', demoInstance('web01', { cpu: 3 }), dry);
  expect(bad.status).toBe(400);
  expect(bad.headers.get('itcare-dryrun')).toBe('true');
  expect(await em.control.instances()).toEqual([]);
  expect((await call('GET', '/actions')).body).toEqual([]);
  expect((await em.control.log()).filter((e) => e.method === 'POST').map((e) => e.dryRun)).toEqual([true, true]);

  const id = await created('web02');
  const dryStop = await call('PATCH', `/compute/instances/${id}`, { operation: 'stop' }, dry);
  expect(dryStop.status).toBe(200);
  const dryDelete = await call('DELETE', `/compute/instances/${id}`, undefined, dry);
  expect(dryDelete.status).toBe(409);
  expect(dryDelete.headers.get('itcare-dryrun')).toBe('true');
  expect((await call('GET', `/compute/instances/${id}`)).body.status).toBe('ACTIVE');
});

test('PATCH operations follow the descriptor: from/to states, sets, options and busy checks', async () => {
  const id = await created('web01');
  const path = `/compute/instances/${id}`;
  const start = await call('PATCH', path, { operation: 'start' });
  expect(start.status).toBe(409);
  expect(start.body).toMatchObject({ errorCode: 'INVALID_STATE', errorMessage: 'Operation start is not allowed while instance is ACTIVE' });
  expect((await call('PATCH', path, { operation: 'explode' })).body).toMatchObject({
    errorDesc: 'operation',
    errorMessage: expect.stringContaining('stop, start, reset, resize'),
  });
  expect((await call('PATCH', path, { operation: 'resize', options: { cpu: 3, ram: 4 } })).body).toMatchObject({
    status: 'BAD_REQUEST',
    errorDesc: 'cpu',
  });
  expect((await call('PATCH', path, { operation: 'stop', options: { force: true } })).body).toMatchObject({
    status: 'BAD_REQUEST',
    errorDesc: 'force',
  });

  await em.control.timing({ durationMs: 400 });
  const stop = await call('PATCH', path, { operation: 'stop' });
  expect(stop.status).toBe(202);
  expect((await call('PATCH', path, { operation: 'resize', options: { cpu: 4, ram: 8 } })).body).toMatchObject({
    errorCode: 'ACTION_IN_PROGRESS',
  });
  expect((await waitForAction(em, token, stop.body.id)).process).toBe('STOP_INSTANCE');
  expect((await call('GET', path)).body.status).toBe('INACTIVE');

  await em.control.timing({ durationMs: 20 });
  const resize = await call('PATCH', path, { operation: 'resize', options: { cpu: 4, ram: 8 } });
  await waitForAction(em, token, resize.body.id);
  expect((await call('GET', path)).body).toMatchObject({ status: 'INACTIVE', cpu: 4, ram: 8 });
  await waitForAction(em, token, (await call('PATCH', path, { operation: 'start' })).body.id);
  expect((await call('GET', path)).body.status).toBe('ACTIVE');
});

test('DELETE: refused while ACTIVE, accepted when INACTIVE, then 404', async () => {
  const id = await created('web01');
  const path = `/compute/instances/${id}`;
  const refused = await call('DELETE', path);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ errorCode: 'INVALID_STATE', errorMessage: expect.stringContaining('stop it first') });
  await waitForAction(em, token, (await call('PATCH', path, { operation: 'stop' })).body.id);
  const del = await call('DELETE', path, { changeReference: 'RFC_123' });
  expect(del.status).toBe(202);
  expect((await call('GET', path)).body.status).toBe('DELETING');
  // The change reference is kept on the delete action (an INFERRED extra), where tests can see it arrived.
  expect(await waitForAction(em, token, del.body.id)).toMatchObject({ process: 'DELETE_INSTANCE', changeReference: 'RFC_123' });
  const gone = await call('GET', path);
  expect(gone.status).toBe(404);
  expect(gone.body).toMatchObject({ status: 'NOT_FOUND', errorCode: 'RESOURCE_NOT_FOUND' });
});

test('fail-next: a failed create leaves ERROR (deletable), a failed operation or delete leaves the status', async () => {
  await em.control.failNext(1);
  const res = await call('POST', '/compute/instances', demoInstance('web01'));
  const action = await waitForAction(em, token, res.body.id);
  expect(action).toMatchObject({ status: 'ERROR', message: expect.stringContaining('datastore unavailable') });
  const path = `/compute/instances/${res.body.resourceId}`;
  expect((await call('GET', path)).body.status).toBe('ERROR');
  await waitForAction(em, token, (await call('DELETE', path)).body.id);
  expect((await call('GET', path)).status).toBe(404);

  const id = await created('web02');
  await em.control.failNext(2, 'hypervisor said no');
  const stop = await waitForAction(em, token, (await call('PATCH', `/compute/instances/${id}`, { operation: 'stop' })).body.id);
  expect(stop).toMatchObject({ status: 'ERROR', message: 'hypervisor said no' });
  expect((await call('GET', `/compute/instances/${id}`)).body.status).toBe('ACTIVE');
  await em.control.seedInstance({ name: 'old01', serviceId: 1001, status: 'INACTIVE', id: 42 });
  await waitForAction(em, token, (await call('DELETE', '/compute/instances/42')).body.id);
  expect((await call('GET', '/compute/instances/42')).body.status).toBe('INACTIVE');
});

test('a body that is not JSON is 400 MALFORMED_REQUEST, and nothing is created', async () => {
  const res = await fetch(`${em.url}/compute/instances`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/vnd.cegedim-it.v1+json' },
    body: '{"name": "web01",',
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ status: 'BAD_REQUEST', errorCode: 'MALFORMED_REQUEST', errorDesc: 'body' });
  expect(await em.control.instances()).toEqual([]);
});

test('a network without a free address is 422 NO_IP_AVAILABLE on networkId', async () => {
  // Network 2003 (10.20.1.0/24) hands out .10 to .254: 245 addresses.
  for (let i = 0; i < 245; i++) await em.control.seedInstance({ name: `fill${i}`, serviceId: 1002, networkId: 2003 });
  const res = await call('POST', '/compute/instances', demoInstance('full01', { serviceId: 1002, networkId: 2003 }));
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({
    errorCode: 'NO_IP_AVAILABLE',
    errorDesc: 'networkId',
    errorMessage: 'Network 2003 has no free address',
  });
  expect((await em.control.instances()).filter((i) => i.name === 'full01')).toEqual([]);
});
