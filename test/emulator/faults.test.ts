import { apiCall, demoInstance, getToken, spawnEmulator, tokenRequest, type SpawnedEmulator } from '../helpers/emulator';

/** Injected faults: how tests prove the SDK's retry policy (statuses, Retry-After, cut connections). */

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field, each asserted by the test
type Json = Record<string, any>;

let em: SpawnedEmulator;
let token: string;
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

test('a status fault hits the next N matching requests only, with Retry-After', async () => {
  await em.control.addFault({ method: 'GET', path: '^/itcare/compute', status: 503, retryAfter: 2, count: 2 });
  const a = await apiCall(em, token, 'GET', '/compute/instances');
  const b = await apiCall(em, token, 'GET', '/compute/instances');
  const c = await apiCall(em, token, 'GET', '/compute/instances');
  expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
  expect(a.headers.get('retry-after')).toBe('2');
  expect(a.text).toBe('');
  // Other paths are not matched.
  expect((await apiCall(em, token, 'GET', '/networking/networks')).status).toBe(200);
});

test('a fault can carry a body and applies to the token endpoint too', async () => {
  await em.control.addFault({ path: 'openid-connect/token$', status: 500, body: { error: 'server_error' }, count: 1 });
  const res = await tokenRequest(em);
  expect(res.status).toBe(500);
  expect((await res.json()) as Json).toEqual({ error: 'server_error' });
  expect((await tokenRequest(em)).status).toBe(200);
});

test('reset "before" drops the connection and nothing is processed', async () => {
  await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', reset: 'before', count: 1 });
  await expect(apiCall(em, token, 'POST', '/compute/instances', demoInstance('cut-before'))).rejects.toThrow();
  expect(await em.control.instances()).toEqual([]);
  expect((await em.control.log()).at(-1)).toMatchObject({ method: 'POST', status: 0, reset: 'before' });
});

test('reset "after" processes the POST (the instance exists) but the client only sees a socket error', async () => {
  await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', reset: 'after', count: 1 });
  await expect(apiCall(em, token, 'POST', '/compute/instances', demoInstance('cut-after'))).rejects.toThrow();
  const stored = await em.control.instances();
  expect(stored.map((i) => i.name)).toEqual(['cut-after']);
  expect((await em.control.log()).at(-1)).toMatchObject({ method: 'POST', status: 202, reset: 'after' });
  // A blind retry would now conflict: the client has to look the instance up by name instead.
  expect((await apiCall(em, token, 'POST', '/compute/instances', demoInstance('cut-after'))).status).toBe(409);
});

test('after: a fault is armed by a request of another shape, and hits only what comes after it', async () => {
  // The lost-create story: a list before the create passes; the lookup after the create's lost answer fails.
  await em.control.addFault({
    method: 'GET',
    path: '^/itcare/compute/instances$',
    status: 503,
    count: 1,
    after: { method: 'POST', path: '^/itcare/compute/instances$', dryRun: false },
  });
  expect((await apiCall(em, token, 'GET', '/compute/instances')).status).toBe(200);
  // A dry run does not arm it: the create is the real one.
  const dry = await apiCall(em, token, 'POST', '/compute/instances', demoInstance('armed'), { 'ITCare-DryRun': 'true' });
  expect(dry.status).toBeLessThan(300);
  expect((await apiCall(em, token, 'GET', '/compute/instances')).status).toBe(200);
  expect((await apiCall(em, token, 'POST', '/compute/instances', demoInstance('armed'))).status).toBe(202);
  expect((await apiCall(em, token, 'GET', '/compute/instances')).status).toBe(503);
  expect((await apiCall(em, token, 'GET', '/compute/instances')).status).toBe(200);
});

test('after: the arming request itself is never hit, even when it matches the fault', async () => {
  await em.control.addFault({
    method: 'GET',
    path: '^/itcare/compute/instances$',
    status: 503,
    count: 1,
    after: { method: 'GET', path: '^/itcare/compute/instances$' },
  });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await apiCall(em, token, 'GET', '/compute/instances')).status);
  expect(statuses).toEqual([200, 503, 200]);
});

test('latency delays the answer; clearing faults restores normal service', async () => {
  await em.control.addFault({ path: '^/itcare/health$', latencyMs: 300 });
  const t0 = Date.now();
  expect((await apiCall(em, undefined, 'GET', '/health')).status).toBe(200);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  await em.control.addFault({ path: '^/itcare/health$', status: 502 });
  await em.control.clearFaults();
  expect((await apiCall(em, undefined, 'GET', '/health')).status).toBe(200);
});

test('processed: the request is carried out, then answered with the fault status (a gateway that gave up)', async () => {
  await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', processed: true, status: 504, count: 1 });
  const res = await apiCall(em, token, 'POST', '/compute/instances', demoInstance('gw-lost'));
  expect([res.status, res.text]).toEqual([504, '']);
  expect((await em.control.instances()).map((i) => i.name)).toEqual(['gw-lost']);
  expect((await em.control.log()).at(-1)).toMatchObject({ method: 'POST', status: 504 });
});

/** Which of `n` health requests a fault hit (503), as a string of 1s and 0s. */
async function hits(n: number): Promise<string> {
  let out = '';
  for (let i = 0; i < n; i++) out += (await apiCall(em, undefined, 'GET', '/health')).status === 503 ? '1' : '0';
  return out;
}

test('probability 0 never hits, probability 1 always does', async () => {
  await em.control.addFault({ path: '^/itcare/health$', status: 503, probability: 0 });
  expect(await hits(20)).toBe('0'.repeat(20));
  await em.control.clearFaults();
  await em.control.addFault({ path: '^/itcare/health$', status: 503, probability: 1 });
  expect(await hits(20)).toBe('1'.repeat(20));
});

test('a seeded probability fault hits the same requests on every run, some but not all', async () => {
  await em.control.addFault({ path: '^/itcare/health$', status: 503, probability: 0.5, seed: 42 });
  const first = await hits(40);
  await em.control.clearFaults();
  await em.control.addFault({ path: '^/itcare/health$', status: 503, probability: 0.5, seed: 42 });
  expect(await hits(40)).toBe(first);
  expect(first).toMatch(/0/);
  expect(first).toMatch(/1/);
  await em.control.clearFaults();
  await em.control.addFault({ path: '^/itcare/health$', status: 503, probability: 0.5, seed: 7 });
  expect(await hits(40)).not.toBe(first); // another seed, another sequence
});

test('hold keeps a request until released, then the rest of the fault applies; clearing releases too', async () => {
  await em.control.addFault({
    method: 'POST',
    path: '^/itcare/compute/instances$',
    dryRun: false,
    hold: true,
    status: 422,
    body: { errorCode: 'HELD' },
    count: 1,
  });
  let answered = false;
  const held = apiCall(em, token, 'POST', '/compute/instances', demoInstance('held01')).finally(() => {
    answered = true;
  });
  await em.control.untilHeld(1);
  // Other requests go on meanwhile; the held one is not answered until released.
  for (let i = 0; i < 3; i++) expect((await apiCall(em, token, 'GET', '/compute/instances')).status).toBe(200);
  expect(answered).toBe(false);
  expect(await em.control.instances()).toEqual([]); // held before it was processed
  expect(await em.control.releaseHeld()).toEqual({ released: 1 });
  const res = await held;
  expect(res.status).toBe(422);
  expect(JSON.parse(res.text)).toEqual({ errorCode: 'HELD' });
  expect(await em.control.releaseHeld()).toEqual({ released: 0 });

  await em.control.addFault({ path: '^/itcare/health$', hold: true });
  const health = apiCall(em, undefined, 'GET', '/health');
  await em.control.untilHeld(1);
  await em.control.clearFaults();
  expect((await health).status).toBe(200);
});
