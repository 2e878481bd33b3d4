import { rejection } from '../helpers/sdk';
import { AbortedError, type ITCareError } from '../../sdk';
import { spawnEmulator, type SpawnedEmulator, sdkClient } from '../helpers/emulator';

/**
 * An AbortSignal stops a request wherever it is waiting, and the AbortedError names the request:
 * while the (shared) token request is slow, and during the retry backoff. In flight and between
 * polls: actions.test.ts.
 */

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator();
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

const SERVICES = '/itcare/compute/services';
const TOKEN_PATH = '/auth/realms/cloud/protocol/openid-connect/token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('an abort while waiting for the token rejects at once; the shared token request goes on for others', async () => {
  await em.control.addFault({ method: 'POST', path: 'openid-connect/token$', latencyMs: 3_000, count: 1 });
  const client = sdkClient(em);
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 300);
  const err = await rejection(client.get('/compute/services', { signal: controller.signal }));

  expect(err).toBeInstanceOf(AbortedError);
  expect(err).toMatchObject({ code: 'ITCARE_ABORTED', method: 'GET', path: '/compute/services' });
  // Not after the 3 s the token endpoint takes.
  expect(Date.now() - started).toBeLessThan(2_000);

  // The grant in flight was not cancelled: the next call gets its token.
  await client.get('/compute/services');
  const log = await em.control.log();
  expect(log.filter((e) => e.path === TOKEN_PATH).map((e) => e.status)).toEqual([200]);
  expect(log.filter((e) => e.path === SERVICES).map((e) => e.status)).toEqual([200]);
});

it('an abort during the retry backoff rejects with an AbortedError naming method and path', async () => {
  const client = sdkClient(em);
  await client.auth.getToken();
  await em.control.addFault({ method: 'GET', path: `^${SERVICES}$`, status: 503, retryAfter: 30, count: 1 });
  const controller = new AbortController();
  const pending = rejection(client.get('/compute/services', { signal: controller.signal }));

  // Abort once the 503 has been answered: the transport is then sleeping the 30 s Retry-After.
  const deadline = Date.now() + 5_000;
  while (!(await em.control.log()).some((e) => e.path === SERVICES) && Date.now() < deadline) await sleep(20);
  await sleep(100);
  controller.abort();
  const err = await pending;

  expect(err).toBeInstanceOf(AbortedError);
  expect(err).toMatchObject({ code: 'ITCARE_ABORTED', method: 'GET', path: '/compute/services' });
  expect((err as ITCareError).message).toBe('ITCare GET /compute/services was aborted');
  expect((await em.control.log()).filter((e) => e.path === SERVICES).map((e) => e.status)).toEqual([503]);
});
