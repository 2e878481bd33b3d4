import { inspect } from 'node:util';
import { AuthenticationError, ITCareClient } from '../../sdk';
import { basicAuth, demoInstance, sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { startKeycloak, type KeycloakClientCredentials, type KeycloakEvent, type StartedKeycloak } from '../helpers/keycloak';

/**
 * The SDK against a real Keycloak (scripts/keycloak: realm "cloud", access tokens 10 s, refresh tokens
 * 30 s idle), observed from Keycloak's side through its event store (admin REST API), not only through
 * the SDK's own counters. API calls go to the emulator, which trusts Keycloak as an external issuer.
 *
 * One Keycloak for the file. The two slow flows (refresh after the access token expired, new grant
 * after the refresh token expired too) start in beforeAll on their own Keycloak clients and are checked
 * at the end, so that their waits overlap with each other and with the fast tests. Every test that
 * counts events has a Keycloak client of its own (a clone of itcare-ci), so counts are exact.
 */

const ACCESS_TTL_S = 10; // scripts/keycloak-realm.json: accessTokenLifespan
const REFRESH_TTL_S = 30; // ssoSessionIdleTimeout: a client_credentials refresh token lives this long

let kc: StartedKeycloak;
let em: SpawnedEmulator;

/** Flow A, the realm's own client itcare-ci: discovery, first token, later the refresh. */
let refreshing: ITCareClient;
let refreshingSince: number;
/**
 * Its first access token, taken right after the grant: a later getToken() past the SDK's early-renewal
 * point (half the 10 s lifetime) would renew it and change what the flow observes.
 */
let refreshingFirstToken: string;
/** Flow B: first token, then nothing until its refresh token has expired. */
let expiring: ITCareClient;
let expiringCreds: KeycloakClientCredentials;
let expiringSince: number;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

function keycloakClient(creds: KeycloakClientCredentials): ITCareClient {
  return new ITCareClient({ url: em.url, issuer: kc.issuer, clientId: creds.clientId, clientSecret: creds.clientSecret });
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

const types = (events: KeycloakEvent[]) => events.map((e) => e.type);

beforeAll(async () => {
  kc = await startKeycloak();
  em = await spawnEmulator(['--trust-issuer', kc.issuer]);
  expiringCreds = await kc.cloneClient('itcare-ci-expiry');
  refreshing = keycloakClient(kc);
  expiring = keycloakClient(expiringCreds);
  // Both first tokens now; each flow's clock starts once its call has returned (the token was issued
  // before that, so waiting from here always waits at least as long from the issue).
  await Promise.all([
    refreshing.compute.instances.list().then(async () => {
      refreshingSince = Date.now();
      refreshingFirstToken = await refreshing.auth.getToken();
    }),
    expiring.compute.instances.list().then(() => (expiringSince = Date.now())),
  ]);
}, 200_000);

afterAll(async () => {
  await em?.stop();
  await kc?.stop();
}, 60_000);

describe('discovery and the first token', () => {
  it('discovers the endpoints from the issuer URL (openid-client, through the SDK)', async () => {
    expect(refreshing.auth.stats.discoveries).toBe(1);
    // The SDK's discovered configuration (private, read here on purpose).
    // biome-ignore lint/complexity/useLiteralKeys: the token provider's private discovery, read by the test through an index
    const config = await refreshing.auth['config'];
    const metadata = config!.serverMetadata();
    expect(metadata.issuer).toBe(kc.issuer);
    expect(metadata.token_endpoint).toBe(`${kc.issuer}/protocol/openid-connect/token`);
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', 'refresh_token']));
  });

  it('gets the first token with one client_credentials grant (one CLIENT_LOGIN at Keycloak)', async () => {
    expect(refreshing.auth.stats).toEqual({ discoveries: 1, clientCredentialsGrants: 1, refreshGrants: 0, failedRefreshes: 0 });
    const logins = await kc.events(['CLIENT_LOGIN', 'REFRESH_TOKEN'], { clientId: kc.clientId, atLeast: 1 });
    expect(types(logins)).toEqual(['CLIENT_LOGIN']);
    expect(logins[0].details).toMatchObject({ grant_type: 'client_credentials' });

    const token = claims(refreshingFirstToken);
    expect(token).toMatchObject({ iss: kc.issuer, azp: kc.clientId, typ: 'Bearer', sid: logins[0].sessionId });
    // The realm's lifetime, which the timing of the flows below relies on.
    expect(Number(token.exp) - Number(token.iat)).toBe(ACCESS_TTL_S);
  });
});

describe('a wrong client secret', () => {
  it("is an AuthenticationError naming Keycloak's OAuth error, without the secret anywhere", async () => {
    const wrong = 'wrong-secret-for-keycloak-7c41d0e95b';
    const client = new ITCareClient({ url: em.url, issuer: kc.issuer, clientId: kc.clientId, clientSecret: wrong });
    const err = await client.compute.instances.list().then(
      () => {
        throw new Error('expected a rejection');
      },
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(AuthenticationError);
    const e = err as AuthenticationError;
    expect(e.code).toBe('ITCARE_AUTH_FAILED');
    // Keycloak answers 401 {"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}.
    expect(e.message).toMatch(/^ITCare authentication failed during the client_credentials grant: HTTP 401 unauthorized_client\b/);
    expect(e.message).toContain('Invalid client or Invalid client credentials');
    const basic = basicAuth(kc.clientId, wrong).slice('Basic '.length);
    const rawBasic = Buffer.from(`${kc.clientId}:${wrong}`).toString('base64');
    for (const text of [e.message, String(e.stack), JSON.stringify(e), JSON.stringify(e.cause), inspect(e, { depth: 8 })]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(basic);
      expect(text).not.toContain(rawBasic);
      expect(text).not.toMatch(/authorization/i);
    }
    expect(client.auth.stats).toMatchObject({ discoveries: 1, clientCredentialsGrants: 1 });

    // Keycloak saw exactly that one failed client authentication.
    const failures = await kc.events(['CLIENT_LOGIN_ERROR'], { clientId: kc.clientId, atLeast: 1 });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ error: 'invalid_client_credentials', details: { grant_type: 'client_credentials' } });
  });
});

describe('single-flight', () => {
  it('20 parallel calls on a fresh client make exactly one token request (one CLIENT_LOGIN)', async () => {
    const creds = await kc.cloneClient('itcare-ci-burst');
    const client = keycloakClient(creds);
    const pages = await Promise.all(Array.from({ length: 20 }, () => client.compute.instances.list()));

    expect(pages).toHaveLength(20);
    expect(client.auth.stats).toEqual({ discoveries: 1, clientCredentialsGrants: 1, refreshGrants: 0, failedRefreshes: 0 });
    const seen = await kc.events(['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR', 'REFRESH_TOKEN', 'REFRESH_TOKEN_ERROR'], {
      clientId: creds.clientId,
      atLeast: 1,
    });
    expect(types(seen)).toEqual(['CLIENT_LOGIN']);
  });
});

describe('the emulator trusting Keycloak as an external issuer', () => {
  it('accepts Keycloak tokens: create an instance, wait for its action, list it', async () => {
    const creds = await kc.cloneClient('itcare-ci-emulator');
    const client = keycloakClient(creds);

    const accepted = await client.compute.instances.create(demoInstance('kc-conf-01'));
    expect(accepted.actionId).toEqual(expect.any(Number));
    const action = await client.waitForAction(accepted.actionId!, { timeout: 10_000, minDelayMs: 20, maxDelayMs: 100 });
    expect(action.status).toBe('SUCCESS');
    const page = await client.compute.instances.list({ names: 'kc-conf-01' });

    expect(page.content).toHaveLength(1);
    // The emulator took the caller from the Keycloak token's client_id claim.
    expect(page.content[0]).toMatchObject({ name: 'kc-conf-01', status: 'ACTIVE', creationUser: creds.clientId });
    expect(claims(await client.auth.getToken()).iss).toBe(kc.issuer);
    const logins = await kc.events(['CLIENT_LOGIN'], { clientId: creds.clientId, atLeast: 1 });
    expect(logins).toHaveLength(client.auth.stats.clientCredentialsGrants);
  });

  it('still accepts tokens of its own issuer', async () => {
    const own = sdkClient(em);
    const found = await own.compute.instances.findByName('kc-conf-01');
    expect(found.map((i) => i.creationUser)).toEqual(['itcare-ci-emulator']);

    const accepted = await own.compute.instances.create(demoInstance('kc-conf-02'));
    await own.waitForAction(accepted.actionId!, { timeout: 10_000, minDelayMs: 20, maxDelayMs: 100 });
    expect(await own.compute.instances.get(accepted.resourceId!)).toMatchObject({ status: 'ACTIVE', creationUser: em.clientId });
    expect(claims(await own.auth.getToken()).iss).toBe(em.issuer);
  });
});

describe('token lifetimes', () => {
  it('once the access token has expired, renews it with the refresh token (REFRESH_TOKEN, no second CLIENT_LOGIN)', async () => {
    const first = refreshingFirstToken;
    await sleepUntil(refreshingSince + (ACCESS_TTL_S + 1) * 1000);
    expect(Date.now() / 1000).toBeGreaterThan(Number(claims(first).exp)); // really expired

    const page = await refreshing.compute.instances.list();
    expect(page.content.length).toBeGreaterThan(0);
    const second = await refreshing.auth.getToken();
    expect(second).not.toBe(first);
    expect(refreshing.auth.stats).toEqual({ discoveries: 1, clientCredentialsGrants: 1, refreshGrants: 1, failedRefreshes: 0 });

    const seen = await kc.events(['CLIENT_LOGIN', 'REFRESH_TOKEN', 'REFRESH_TOKEN_ERROR'], { clientId: kc.clientId, atLeast: 2 });
    expect(types(seen)).toEqual(['REFRESH_TOKEN', 'CLIENT_LOGIN']); // newest first
    const [refresh, login] = seen;
    expect(refresh.details).toMatchObject({ grant_type: 'refresh_token' });
    // The same Keycloak session: the refresh continued the first grant.
    expect(refresh.sessionId).toBe(login.sessionId);
    expect(claims(second)).toMatchObject({ iss: kc.issuer, sid: login.sessionId });
  }, 60_000);

  it('once the refresh token has expired too, starts over with client_credentials (a new CLIENT_LOGIN)', async () => {
    await sleepUntil(expiringSince + (REFRESH_TTL_S + 1.5) * 1000);

    const page = await expiring.compute.instances.list();
    expect(page.content.length).toBeGreaterThan(0);
    // The SDK knew from refresh_expires_in that the refresh token was dead: it did not even try it.
    expect(expiring.auth.stats).toEqual({ discoveries: 1, clientCredentialsGrants: 2, refreshGrants: 0, failedRefreshes: 0 });

    const seen = await kc.events(['CLIENT_LOGIN', 'REFRESH_TOKEN', 'REFRESH_TOKEN_ERROR'], {
      clientId: expiringCreds.clientId,
      atLeast: 2,
    });
    expect(types(seen)).toEqual(['CLIENT_LOGIN', 'CLIENT_LOGIN']);
    expect(seen[0].sessionId).not.toBe(seen[1].sessionId); // a new Keycloak session
    expect(claims(await expiring.auth.getToken()).sid).toBe(seen[0].sessionId);
  }, 60_000);
});
