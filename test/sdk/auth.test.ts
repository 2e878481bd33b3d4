import { inspect } from 'node:util';
import { AuthenticationError, type ITCareClient, NetworkError, ServerError, UnauthorizedError, type ClientOptions } from '../../sdk';
import { TokenProvider } from '../../sdk/auth';
import { SecretRegistry } from '../../sdk/redact';
import { basicAuth, spawnEmulator, type LogEntry, type SpawnedEmulator, sdkClient } from '../helpers/emulator';

/**
 * The SDK's token handling against the emulator's real issuer (oidc-provider behind Keycloak's
 * routes), over HTTP: single-flight, refresh with the refresh token, fallback to a new
 * client_credentials grant, re-authentication on 401, and what an authentication failure reveals.
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

const TOKEN_PATH = '/auth/realms/cloud/protocol/openid-connect/token';
const DISCOVERY_PATH = '/auth/realms/cloud/.well-known/openid-configuration';
const INSTANCES_PATH = '/itcare/compute/instances';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newClient(extra: Partial<ClientOptions> = {}): ITCareClient {
  return sdkClient(em, extra);
}

async function tokenRequests(): Promise<LogEntry[]> {
  return (await em.control.log()).filter((e) => e.method === 'POST' && e.path === TOKEN_PATH);
}

async function apiRequests(): Promise<LogEntry[]> {
  return (await em.control.log()).filter((e) => e.path.startsWith('/itcare/'));
}

describe('single-flight', () => {
  it('50 concurrent calls on a fresh client share one discovery and one client_credentials grant', async () => {
    await em.control.seedInstance({ name: 'solo01', serviceId: 1001 });
    const client = newClient();
    const pages = await Promise.all(Array.from({ length: 50 }, () => client.compute.instances.list()));

    expect(pages).toHaveLength(50);
    for (const page of pages) expect(page.content.map((i) => i.name)).toEqual(['solo01']);
    const tokens = await tokenRequests();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ grantType: 'client_credentials', status: 200 });
    expect(client.auth.stats).toEqual({ discoveries: 1, clientCredentialsGrants: 1, refreshGrants: 0, failedRefreshes: 0 });
    const log = await em.control.log();
    expect(log.filter((e) => e.path === DISCOVERY_PATH)).toHaveLength(1);
    const gets = log.filter((e) => e.path === INSTANCES_PATH);
    expect(gets).toHaveLength(50);
    expect(new Set(gets.map((e) => e.status))).toEqual(new Set([200]));
  });

  it('reuses a valid token: later calls make no token request', async () => {
    const client = newClient();
    await client.compute.instances.list();
    const first = await client.auth.getToken();
    await client.compute.instances.list();
    await client.get('/compute/services');
    expect(await client.auth.getToken()).toBe(first);
    expect(await tokenRequests()).toHaveLength(1);
    expect(client.auth.stats.clientCredentialsGrants).toBe(1);
  });
});

/** When auth.ts stops using a token of this lifetime: 30 s before expiry, or at half-life if shorter. */
const renewAfterMs = (ttlSeconds: number) => ttlSeconds * 1000 - Math.min(30_000, (ttlSeconds * 1000) / 2);

describe('refresh', () => {
  it('refreshes an access token due for renewal with the refresh token, not a new client_credentials grant', async () => {
    // 6 s: renewal is due after 3 s, so the first two calls below cannot straddle it even on a slow machine.
    await em.control.setTokenTtl({ accessTtl: 6 }); // refresh token: default 7200 s
    const client = newClient();
    await client.compute.instances.list();
    const first = await client.auth.getToken();
    await sleep(renewAfterMs(6) + 300); // past the renewal point, well before the token's expiry
    await client.compute.instances.list();
    const second = await client.auth.getToken();

    expect(second).not.toBe(first);
    expect((await tokenRequests()).map((e) => [e.grantType, e.status])).toEqual([
      ['client_credentials', 200],
      ['refresh_token', 200],
    ]);
    expect(client.auth.stats).toMatchObject({ clientCredentialsGrants: 1, refreshGrants: 1, failedRefreshes: 0 });
    // The SDK renewed before use: no request ever carried the expired token.
    expect((await apiRequests()).map((e) => e.status)).toEqual([200, 200]);
  });

  it('starts over with client_credentials once the refresh token has expired too (no refresh attempt)', async () => {
    await em.control.setTokenTtl({ accessTtl: 2, refreshTtl: 2 });
    const client = newClient();
    await client.compute.instances.list();
    await sleep(2500); // past both expiries
    await client.compute.instances.list();

    expect((await tokenRequests()).map((e) => e.grantType)).toEqual(['client_credentials', 'client_credentials']);
    // auth.ts checks refresh_expires_in before trying: an expired refresh token is never sent.
    expect(client.auth.stats).toMatchObject({ clientCredentialsGrants: 2, refreshGrants: 0, failedRefreshes: 0 });
    expect((await apiRequests()).map((e) => e.status)).toEqual([200, 200]);
  });

  it('falls back to client_credentials when the issuer rejects the refresh', async () => {
    const client = newClient();
    await client.compute.instances.list();
    // The next token request (the refresh) is refused as Keycloak refuses a revoked refresh token.
    await em.control.addFault({
      method: 'POST',
      path: 'openid-connect/token$',
      status: 400,
      count: 1,
      body: { error: 'invalid_grant', error_description: 'Token is not active' },
    });
    client.auth.invalidate(await client.auth.getToken());
    const page = await client.compute.instances.list();

    expect(page.content).toEqual([]);
    expect(client.auth.stats).toMatchObject({ clientCredentialsGrants: 2, refreshGrants: 1, failedRefreshes: 1 });
    const tokens = await tokenRequests();
    expect(tokens.map((e) => e.status)).toEqual([200, 400, 200]);
    expect(tokens.at(-1)!.grantType).toBe('client_credentials');
  });
});

describe('renewal on a clock', () => {
  /** A token provider on the emulator's issuer whose clock the test sets. */
  const onClock = () => {
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const auth = new TokenProvider({
      issuer: em.issuer,
      clientId: em.clientId,
      clientSecret: em.clientSecret,
      scope: 'openid',
      timeoutMs: 5000,
      allowInsecure: true,
      secrets: new SecretRegistry(),
      now: () => clock.ms,
    });
    return { clock, auth };
  };

  it('a token is used until its renewal time, and renewed from that very millisecond', async () => {
    await em.control.setTokenTtl({ accessTtl: 60 }); // renewal due 30 s after issue
    const { clock, auth } = onClock();
    const issuedAt = clock.ms;
    const first = await auth.getToken();
    clock.ms = issuedAt + 29_999;
    expect(await auth.getToken()).toBe(first);
    clock.ms = issuedAt + 30_000;
    expect(await auth.getToken()).not.toBe(first);
    expect((await tokenRequests()).map((e) => e.grantType)).toEqual(['client_credentials', 'refresh_token']);
  });

  it('refresh_expires_in 0 (Keycloak: no expiry of its own) keeps the refresh token usable however late', async () => {
    const { clock, auth } = onClock();
    // One token answer as Keycloak gives for a refresh token without a lifetime of its own.
    await em.control.addFault({
      method: 'POST',
      path: 'openid-connect/token$',
      status: 200,
      count: 1,
      body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt-without-expiry', refresh_expires_in: 0 },
    });
    expect(await auth.getToken()).toBe('at-1');
    clock.ms += 10 * 3600_000;
    await auth.getToken();
    // The refresh token was tried (the real issuer does not know it, so a client_credentials grant follows).
    expect(auth.stats).toMatchObject({ refreshGrants: 1, failedRefreshes: 1, clientCredentialsGrants: 2 });
  });
});

describe('identity provider hiccups', () => {
  it('retries the client_credentials grant after a 503 from the token endpoint', async () => {
    await em.control.addFault({ method: 'POST', path: '/protocol/openid-connect/token$', status: 503, count: 1 });
    const client = newClient();
    const page = await client.compute.instances.list();

    expect(page.content).toEqual([]);
    // (A faulted request never reaches the issuer, so the log has no grant type for it.)
    expect((await tokenRequests()).map((e) => e.status)).toEqual([503, 200]);
    expect((await tokenRequests()).at(-1)!.grantType).toBe('client_credentials');
    expect(client.auth.stats).toMatchObject({ discoveries: 1, clientCredentialsGrants: 2 });
    expect((await apiRequests()).map((e) => e.status)).toEqual([200]);
  });

  it('retries the grant when the connection to the IdP is cut, and discovery after a 502', async () => {
    await em.control.addFault({ method: 'GET', path: 'openid-configuration$', status: 502, count: 1 });
    await em.control.addFault({ method: 'POST', path: '/protocol/openid-connect/token$', reset: 'before', count: 1 });
    const client = newClient();
    await client.compute.instances.list();

    expect((await em.control.log()).filter((e) => e.path === DISCOVERY_PATH).map((e) => e.status)).toEqual([502, 200]);
    expect((await tokenRequests()).map((e) => e.status)).toEqual([0, 200]);
    expect(client.auth.stats).toMatchObject({ discoveries: 2, clientCredentialsGrants: 2 });
  });

  it('gives up after 3 attempts with an AuthenticationError whose cause is the ServerError', async () => {
    await em.control.addFault({ method: 'POST', path: '/protocol/openid-connect/token$', status: 503 });
    const client = newClient();
    const err = await client.compute.instances.list().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toBe('ITCare authentication failed during the client_credentials grant: HTTP 503');
    expect((err as Error).cause).toBeInstanceOf(ServerError);
    expect((err as Error).cause).toMatchObject({ httpStatus: 503 });
    expect((await tokenRequests()).map((e) => e.status)).toEqual([503, 503, 503]);
    expect(await apiRequests()).toEqual([]);
  });

  it('an unreachable issuer is an AuthenticationError caused by a NetworkError, after 3 attempts', async () => {
    await em.control.addFault({ method: 'GET', path: 'openid-configuration$', reset: 'before' });
    const client = newClient();
    const err = await client.compute.instances.list().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).cause).toBeInstanceOf(NetworkError);
    expect((await em.control.log()).filter((e) => e.path === DISCOVERY_PATH)).toHaveLength(3);
    expect(client.auth.stats.discoveries).toBe(3);
  });
});

describe('401 from the API', () => {
  it('re-authenticates once and retries: the call succeeds', async () => {
    const client = newClient();
    const rejected = await client.auth.getToken();
    await em.control.addFault({ path: '^/itcare/compute', status: 401, count: 1 });
    const page = await client.compute.instances.list();

    expect(page.content).toEqual([]);
    expect((await apiRequests()).map((e) => e.status)).toEqual([401, 200]);
    const tokens = await tokenRequests();
    expect(tokens).toHaveLength(2);
    expect(tokens.every((e) => e.status === 200)).toBe(true);
    // The rejected token is not used again.
    expect(await client.auth.getToken()).not.toBe(rejected);
  });

  it('gives up with UnauthorizedError when the fresh token is rejected as well (no loop)', async () => {
    const client = newClient();
    await em.control.addFault({ path: '^/itcare/compute', status: 401 });
    const err = await client.compute.instances.list().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err).toMatchObject({ code: 'ITCARE_UNAUTHORIZED', method: 'GET', path: '/compute/instances', httpStatus: 401 });
    expect((await apiRequests()).map((e) => e.status)).toEqual([401, 401]);
    expect(await tokenRequests()).toHaveLength(2);
  });
});

describe('authentication failure', () => {
  it('a wrong secret is an AuthenticationError that reveals neither the secret nor the Authorization header', async () => {
    const wrong = 'wrong-secret-value-5f3e9a7c1b';
    const client = newClient({ clientSecret: wrong });
    const err = await client.compute.instances.list().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AuthenticationError);
    const e = err as AuthenticationError;
    expect(e.code).toBe('ITCARE_AUTH_FAILED');
    // openid-client reports the issuer's 401 as a WWW-Authenticate challenge: the SDK brings up its OAuth error.
    expect(e.message).toMatch(/^ITCare authentication failed during the client_credentials grant: HTTP 401 invalid_client/);
    expect(e.cause).toBeDefined();
    const basic = basicAuth(em.clientId, wrong).slice('Basic '.length);
    for (const text of [e.message, String(e.stack), JSON.stringify(e), JSON.stringify(e.cause), inspect(e, { depth: 5 })]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(basic);
      expect(text).not.toMatch(/authorization/i);
    }
    // The issuer refused the grant, once (a 4xx is never retried), and no API call was attempted.
    expect((await tokenRequests()).map((t) => t.status)).toEqual([401]);
    expect(await apiRequests()).toEqual([]);
    expect(client.auth.stats).toMatchObject({ discoveries: 1, clientCredentialsGrants: 1 });
  });
});
