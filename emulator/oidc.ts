import type { IncomingMessage } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Context, Next } from 'koa';
import Provider, { type OidcContext } from 'oidc-provider';
import { clientCredentialsWithRefresh, KNOWN_SCOPES, resourceServerInfo, serviceAccountOf, type TokenSettings } from './oidcGrant';

/**
 * The embedded issuer: oidc-provider 9 dressed as ITCare's Keycloak realm (`/auth/realms/cloud`,
 * Keycloak's `/protocol/openid-connect/*` routes, client_credentials + client_secret_basic, JWT access
 * tokens, refresh tokens for service accounts). No token endpoint is written by hand.
 */

export interface ClientConfig {
  clientId: string;
  clientSecret: string;
}

export interface OidcIssuer {
  /** Koa middleware serving everything under the issuer's path. */
  middleware: (ctx: Context, next: Next) => Promise<unknown>;
  /** Public keys access tokens are signed with, for the API's bearer check. */
  publicJwks: { keys: JWK[] };
  /** The grant_type of a token request, once oidc-provider has parsed it (for the request log). */
  grantTypeOf(req: IncomingMessage): string | undefined;
  /** The last tokens issued (test harness only: leak tests grep outputs and state for them). */
  issued: { accessTokens: string[]; refreshTokens: string[] };
}

/** How many issued tokens of each kind leak tests can read back. */
const ISSUED_KEPT = 500;

export const DEMO_CLIENT: ClientConfig = { clientId: 'itcare-demo', clientSecret: 'itcare-demo-secret-0123456789' };

const KEYCLOAK_ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs',
  userinfo: '/protocol/openid-connect/userinfo',
  end_session: '/protocol/openid-connect/logout',
  revocation: '/protocol/openid-connect/revoke',
  introspection: '/protocol/openid-connect/token/introspect',
};

async function signingKey(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `itcare-emulator-${Date.now().toString(36)}`;
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...(await exportJWK(publicKey)), ...meta } };
}

export async function createIssuer(issuer: string, audience: string, clients: ClientConfig[], tokens: TokenSettings): Promise<OidcIssuer> {
  const { privateJwk, publicJwk } = await signingKey();
  const byAccount = new Map(clients.map((c) => [serviceAccountOf(c.clientId), c]));

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_types: ['client_credentials', 'refresh_token'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [privateJwk] },
    routes: KEYCLOAK_ROUTES,
    scopes: KNOWN_SCOPES,
    claims: { openid: ['sub'], profile: ['preferred_username'], email: [] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        // A refresh keeps the API audience, so refreshed access tokens stay JWTs for the API.
        useGrantedResource: () => true,
        getResourceServerInfo: () => resourceServerInfo(audience, tokens),
      },
    },
    // Read at issuance time, so PUT /_emulator/tokens affects the next token.
    ttl: {
      AccessToken: () => tokens.accessTtl,
      ClientCredentials: () => tokens.accessTtl,
      RefreshToken: () => tokens.refreshTtl,
      Grant: () => Math.max(tokens.refreshTtl, 86400),
    },
    // Keycloak keeps old refresh tokens valid unless "revoke refresh token" is set; no rotation here.
    rotateRefreshToken: false,
    // A non-default issueRefreshToken is what enables the refresh_token grant; our own
    // client_credentials handler issues the refresh tokens, the built-in grant redeems them.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    findAccount: (_ctx: unknown, id: string) =>
      byAccount.has(id) ? { accountId: id, claims: async () => ({ sub: id, preferred_username: id }) } : undefined,
    extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) =>
      token.clientId ? { azp: token.clientId, clientId: token.clientId, preferred_username: serviceAccountOf(token.clientId) } : {},
    cookies: { keys: [`emulator-${Math.random().toString(36).slice(2)}`] },
  });
  provider.registerGrantType(
    'client_credentials',
    clientCredentialsWithRefresh(provider, audience, tokens),
    ['scope', 'resource'],
    ['resource'],
  );

  const grantTypes = new WeakMap<IncomingMessage, string>();
  const remember = (ctx: OidcContext) => {
    const gt = ctx.oidc?.params?.grant_type;
    if (typeof gt === 'string') grantTypes.set(ctx.req, gt);
  };
  provider.on('grant.error', remember);
  const issued = { accessTokens: [] as string[], refreshTokens: [] as string[] };
  const keep = (list: string[], v: unknown) => {
    if (typeof v !== 'string' || list.includes(v)) return;
    list.push(v);
    if (list.length > ISSUED_KEPT) list.shift();
  };
  provider.on('grant.success', (ctx) => {
    remember(ctx);
    const issuedBody = ctx.body as Record<string, unknown> | undefined;
    keep(issued.accessTokens, issuedBody?.access_token);
    keep(issued.refreshTokens, issuedBody?.refresh_token);
    // The built-in refresh_token grant does not send Keycloak's refresh_expires_in: add it.
    const rt = ctx.oidc.entities.RefreshToken;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (rt && body?.refresh_token && body.refresh_expires_in === undefined) body.refresh_expires_in = rt.remainingTTL;
  });

  const prefix = new URL(issuer).pathname;
  const handle = provider.callback();
  const middleware = async (ctx: Context, next: Next) => {
    if (ctx.path !== prefix && !ctx.path.startsWith(`${prefix}/`)) return next();
    // oidc-provider derives its mount path from originalUrl vs url, like under express.use(prefix).
    const req = ctx.req as IncomingMessage & { originalUrl?: string };
    req.originalUrl = req.url;
    req.url = req.url!.slice(prefix.length) || '/';
    ctx.respond = false;
    await handle(ctx.req, ctx.res);
  };

  return { middleware, publicJwks: { keys: [publicJwk] }, grantTypeOf: (req) => grantTypes.get(req), issued };
}
