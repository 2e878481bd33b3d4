import { decodeJwt } from 'jose';
import { apiCall, getToken, spawnEmulator, tokenRequest, type SpawnedEmulator } from '../helpers/emulator';

/** The embedded Keycloak look-alike and the API's bearer check, over real HTTP. */

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field, each asserted by the test
type Json = Record<string, any>;

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

test('discovery document looks like ITCare Keycloak realm', async () => {
  const res = await fetch(`${em.issuer}/.well-known/openid-configuration`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Json;
  expect(doc.issuer).toBe(em.issuer);
  expect(em.issuer).toMatch(/\/auth\/realms\/cloud$/);
  expect(doc.token_endpoint).toBe(`${em.issuer}/protocol/openid-connect/token`);
  expect(doc.jwks_uri).toBe(`${em.issuer}/protocol/openid-connect/certs`);
  expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', 'refresh_token']));
  expect(doc.token_endpoint_auth_methods_supported).toContain('client_secret_basic');
});

test('client_credentials with Basic auth gives a JWT access token and a refresh token', async () => {
  const tok = await getToken(em);
  expect(tok.token_type).toBe('Bearer');
  expect(tok.expires_in).toBe(1200);
  expect(tok.refresh_expires_in).toBe(7200);
  expect(typeof tok.refresh_token).toBe('string');
  const claims = decodeJwt(tok.access_token);
  expect(claims.iss).toBe(em.issuer);
  expect(claims.aud).toBe(em.url);
  expect(claims.client_id).toBe(em.clientId);
  expect(claims.azp).toBe(em.clientId);
  expect(claims.exp! - claims.iat!).toBe(1200);

  const log = await em.control.log();
  expect(log).toEqual([
    expect.objectContaining({
      method: 'POST',
      path: '/auth/realms/cloud/protocol/openid-connect/token',
      grantType: 'client_credentials',
      status: 200,
    }),
  ]);
});

test('refresh_token grant redeems the refresh token for a new, usable access token', async () => {
  const first = await getToken(em);
  const res = await tokenRequest(em, { grant_type: 'refresh_token', refresh_token: first.refresh_token! });
  expect(res.status).toBe(200);
  const refreshed = (await res.json()) as Json;
  expect(refreshed.access_token).not.toBe(first.access_token);
  expect(refreshed.refresh_token).toBeDefined();
  expect(refreshed.refresh_expires_in).toBeGreaterThan(0);
  expect(decodeJwt(refreshed.access_token).aud).toBe(em.url);
  expect((await apiCall(em, refreshed.access_token, 'GET', '/compute/instances')).status).toBe(200);
  expect((await em.control.log()).map((e) => e.grantType)).toEqual(['client_credentials', 'refresh_token', undefined]);
});

test('a wrong client secret is refused with invalid_client', async () => {
  const res = await tokenRequest(em, { grant_type: 'client_credentials' }, 'not-the-secret');
  expect(res.status).toBe(401);
  expect(((await res.json()) as Json).error).toBe('invalid_client');
  expect((await em.control.log())[0]).toMatchObject({ status: 401, grantType: 'client_credentials' });
});

test('health is public; the API without, with a forged, or with a foreign token is 401 with an empty body', async () => {
  expect((await apiCall(em, undefined, 'GET', '/health')).body).toEqual({ status: 'UP' });
  const tok = await getToken(em);
  const [header, payload] = tok.access_token.split('.');
  const forged = `${header}.${payload}.${'A'.repeat(342)}`;
  for (const token of [undefined, 'not-a-jwt', forged]) {
    const res = await apiCall(em, token, 'GET', '/compute/instances');
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="cloud"');
  }
});

test('token lifetimes are set at run time: expired access and refresh tokens are refused', async () => {
  // 3 s, not 1: exp is whole seconds, so a token issued late in a second lives up to 1 s less.
  await em.control.setTokenTtl({ accessTtl: 3, refreshTtl: 3 });
  const tok = await getToken(em);
  expect(tok.expires_in).toBe(3);
  expect(tok.refresh_expires_in).toBe(3);
  expect((await apiCall(em, tok.access_token, 'GET', '/compute/instances')).status).toBe(200);

  // Wait past the token's own exp (the verifier refuses from exp·1000 ms on), plus one second for a
  // refresh token issued in the next second; computed, not guessed.
  const { exp } = decodeJwt(tok.access_token);
  await new Promise((r) => setTimeout(r, Math.max(0, exp! * 1000 + 1_100 - Date.now())));
  const expired = await apiCall(em, tok.access_token, 'GET', '/compute/instances');
  expect(expired.status).toBe(401);
  expect(expired.text).toBe('');
  const refresh = await tokenRequest(em, { grant_type: 'refresh_token', refresh_token: tok.refresh_token! });
  expect(refresh.status).toBe(400);
  expect(((await refresh.json()) as Json).error).toBe('invalid_grant');
  // A new client_credentials grant is the way back.
  expect((await getToken(em)).expires_in).toBe(3);
});

test('--trust-issuer accepts tokens of an external issuer (discovered JWKS); others stay refused', async () => {
  const other = await spawnEmulator(['--trust-issuer', em.issuer]);
  try {
    const external = await getToken(em);
    const res = await apiCall(other, external.access_token, 'GET', '/compute/instances');
    expect(res.status).toBe(200);
    // The reverse is not configured: em does not trust other's issuer.
    const own = await getToken(other);
    expect((await apiCall(em, own.access_token, 'GET', '/compute/instances')).status).toBe(401);
  } finally {
    await other.stop();
  }
});
