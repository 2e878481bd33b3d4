import type Provider from 'oidc-provider';
import { errors, type OidcContext } from 'oidc-provider';

/**
 * Keycloak answers client_credentials with a refresh_token (plus refresh_expires_in) and lets the
 * client redeem it with grant_type=refresh_token. oidc-provider's built-in client_credentials grant
 * cannot do that: its ClientCredentials token has no Grant and no account, so the refresh_token
 * grant would have nothing to refresh. This handler, registered through provider.registerGrantType,
 * issues the same artefacts an authorization-code login would — a Grant for the client's service
 * account (Keycloak's `service-account-<clientId>`), a JWT AccessToken for the API resource, and a
 * RefreshToken — all with oidc-provider's own models, so the built-in refresh_token grant (client
 * authentication, expiry, grant and account checks, JWT issuance) redeems them unchanged.
 */

export interface TokenSettings {
  /** Access token lifetime in seconds (Keycloak: 1200 for ITCare). */
  accessTtl: number;
  /** Refresh token lifetime in seconds (Keycloak: 7200 for ITCare). */
  refreshTtl: number;
}

/** Scopes Keycloak grants every client by default; `openid` is added when asked for. */
export const DEFAULT_SCOPES = ['profile', 'email'];
export const KNOWN_SCOPES = ['openid', ...DEFAULT_SCOPES];

export const serviceAccountOf = (clientId: string) => `service-account-${clientId}`;

export function resourceServerInfo(audience: string, tokens: TokenSettings) {
  return {
    scope: KNOWN_SCOPES.join(' '),
    audience,
    accessTokenTTL: tokens.accessTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

export function clientCredentialsWithRefresh(provider: Provider, audience: string, tokens: TokenSettings) {
  return async function serviceAccountGrant(ctx: OidcContext): Promise<void> {
    const { client, params = {} } = ctx.oidc;
    const requested = String(params.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const unknown = requested.filter((s) => !KNOWN_SCOPES.includes(s));
    if (unknown.length) throw new errors.InvalidScope('requested scope is not allowed', unknown.join(' '));
    if (params.resource !== undefined && params.resource !== audience) throw new errors.InvalidTarget();

    const scope = [...new Set([...requested, ...DEFAULT_SCOPES])].join(' ');
    const accountId = serviceAccountOf(client.clientId);

    const grant = new provider.Grant({ accountId, clientId: client.clientId });
    if (requested.includes('openid')) grant.addOIDCScope('openid');
    grant.addResourceScope(audience, scope);
    const grantId: string = await grant.save();

    const at = new provider.AccessToken({ accountId, client, grantId, gty: 'client_credentials', scope });
    at.resourceServer = new provider.ResourceServer(audience, resourceServerInfo(audience, tokens));
    ctx.oidc.entity('AccessToken', at);
    const accessToken: string = await at.save();

    const rt = new provider.RefreshToken({
      accountId,
      client,
      grantId,
      gty: 'client_credentials',
      resource: audience,
      scope,
      rotations: 0,
    });
    ctx.oidc.entity('RefreshToken', rt);
    const refreshToken: string = await rt.save();

    ctx.body = {
      access_token: accessToken,
      expires_in: at.expiration,
      refresh_expires_in: rt.expiration,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope,
    };
  };
}
