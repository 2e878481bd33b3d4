import { AuthenticationError, TooManyRequestsError } from '../../sdk';
import { useEmulator, sdkClient, requestsTo } from '../helpers/emulator';

/**
 * A throttling identity provider: a 429 from discovery or the token endpoint is retried after its
 * Retry-After (up to retry.maxRetryAfterMs) inside the one shared attempt, so concurrent callers ride
 * it out together; a refused wait fails them at once, and a later caller starts over.
 */

const em = useEmulator();
const DISCOVERY_PATH = '/auth/realms/cloud/.well-known/openid-configuration';
const TOKEN_PATH = '/auth/realms/cloud/protocol/openid-connect/token';
const newClient = (extra = {}) => sdkClient(em, extra);
const tokenRequests = () => requestsTo(em, 'POST', TOKEN_PATH);

describe('a throttling identity provider (429)', () => {
  const discoveries = async () => (await em.control.log()).filter((e) => e.path === DISCOVERY_PATH).map((e) => e.status);

  it('31 concurrent callers share the retrying discovery: one 429 fails none of them', async () => {
    await em.control.addFault({ method: 'GET', path: 'openid-configuration$', status: 429, retryAfter: 1, count: 1 });
    const client = newClient();
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 31 }, () => client.compute.instances.list()));

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await discoveries()).toEqual([429, 200]);
    // The second discovery came after the Retry-After asked for (1 s), not after our 200 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect((await tokenRequests()).map((e) => e.status)).toEqual([200]);
  });

  it('retries a token request answered 429, honouring Retry-After', async () => {
    await em.control.addFault({ method: 'POST', path: '/protocol/openid-connect/token$', status: 429, retryAfter: 0, count: 2 });
    const client = newClient();
    await client.compute.instances.list();

    expect((await tokenRequests()).map((e) => e.status)).toEqual([429, 429, 200]);
    expect(client.auth.stats).toMatchObject({ discoveries: 1, clientCredentialsGrants: 3 });
  });

  it('a Retry-After of exactly retry.maxRetryAfterMs is still waited for', async () => {
    await em.control.addFault({ method: 'POST', path: '/protocol/openid-connect/token$', status: 429, retryAfter: 1, count: 1 });
    const client = newClient({ retry: { maxRetryAfterMs: 1000 } });
    await client.compute.instances.list();

    expect((await tokenRequests()).map((e) => e.status)).toEqual([429, 200]);
  });

  it('a Retry-After beyond retry.maxRetryAfterMs fails at once, naming the wait; a later caller starts over', async () => {
    await em.control.addFault({ method: 'GET', path: 'openid-configuration$', status: 429, retryAfter: 120, count: 1 });
    const client = newClient({ retry: { maxRetryAfterMs: 5_000 } });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.compute.instances.list()));

    expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    const err = (results[0] as PromiseRejectedResult).reason as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ retryAfterMs: 120_000 });
    expect(err.cause).toBeInstanceOf(TooManyRequestsError);
    expect(err.message).toContain('HTTP 429');
    expect(await discoveries()).toEqual([429]);

    await expect(client.compute.instances.list()).resolves.toMatchObject({ content: [] });
    expect(await discoveries()).toEqual([429, 200]);
  });
});
