import * as oidc from 'openid-client';
import { mapAuthError } from './errorMapping';
import { SecretRegistry } from './redact';

/**
 * OAuth2 client credentials against ITCare's Keycloak realm, through openid-client (discovery, Basic
 * client auth). Keycloak also hands out a refresh token for this grant: we refresh with it shortly
 * before expiry, and fall back to a new client_credentials grant when the refresh fails or the refresh
 * token has expired too. Every path is single-flight: concurrent callers share one token request.
 */
export interface TokenProviderOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  timeoutMs: number;
  /** Allows http:// (decided by the caller: loopback only). */
  allowInsecure: boolean;
  secrets: SecretRegistry;
  now?: () => number;
}

interface Held {
  accessToken: string;
  /** When we stop using it (expiry minus a margin), ms since epoch. */
  refreshAt: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

export interface TokenStats {
  discoveries: number;
  clientCredentialsGrants: number;
  refreshGrants: number;
  failedRefreshes: number;
}

export class TokenProvider {
  readonly stats: TokenStats = { discoveries: 0, clientCredentialsGrants: 0, refreshGrants: 0, failedRefreshes: 0 };
  private config?: Promise<oidc.Configuration>;
  private held?: Held;
  private inflight?: Promise<Held>;
  private readonly now: () => number;

  constructor(private readonly opts: TokenProviderOptions) {
    this.now = opts.now ?? Date.now;
    opts.secrets.add(opts.clientSecret);
  }

  /** A valid access token, fetching or refreshing it if needed. */
  async getToken(): Promise<string> {
    const held = this.held;
    if (held && this.now() < held.refreshAt) return held.accessToken;
    this.inflight ??= this.renew(held).finally(() => (this.inflight = undefined));
    return (await this.inflight).accessToken;
  }

  /** The API answered 401 with this token: stop using it (unless a newer one already replaced it). */
  invalidate(token: string): void {
    if (this.held?.accessToken === token) this.held = { ...this.held, refreshAt: 0 };
  }

  private async renew(old: Held | undefined): Promise<Held> {
    const config = await this.discover();
    if (old?.refreshToken && (old.refreshExpiresAt === undefined || this.now() < old.refreshExpiresAt - 1000)) {
      try {
        this.stats.refreshGrants++;
        return this.keep(await oidc.refreshTokenGrant(config, old.refreshToken, { scope: this.opts.scope }), old);
      } catch {
        // An expired or revoked refresh token is normal: the client secret can always start over.
        this.stats.failedRefreshes++;
      }
    }
    try {
      this.stats.clientCredentialsGrants++;
      return this.keep(await oidc.clientCredentialsGrant(config, { scope: this.opts.scope }));
    } catch (err) {
      throw mapAuthError(err, 'the client_credentials grant', this.opts.secrets);
    }
  }

  private keep(tokens: oidc.TokenEndpointResponse, previous?: Held): Held {
    const now = this.now();
    const lifetimeMs = (tokens.expires_in ?? 300) * 1000;
    // Refresh 30 s early, or at half-life for short-lived tokens, so a request never carries a token
    // that expires in flight.
    const margin = Math.min(30_000, lifetimeMs / 2);
    const refreshExpiresIn = Number((tokens as Record<string, unknown>).refresh_expires_in);
    this.opts.secrets.add(tokens.access_token);
    this.opts.secrets.add(tokens.refresh_token);
    this.held = {
      accessToken: tokens.access_token,
      refreshAt: now + lifetimeMs - margin,
      // RFC 6749 §6: a refresh response may omit the refresh token, which then stays valid.
      refreshToken: tokens.refresh_token ?? previous?.refreshToken,
      // Keycloak says 0 for refresh tokens that do not expire on their own.
      refreshExpiresAt: refreshExpiresIn > 0 ? now + refreshExpiresIn * 1000 : tokens.refresh_token ? undefined : previous?.refreshExpiresAt,
    };
    return this.held;
  }

  private discover(): Promise<oidc.Configuration> {
    this.config ??= (async () => {
      this.stats.discoveries++;
      try {
        return await oidc.discovery(
          new URL(this.opts.issuer),
          this.opts.clientId,
          undefined,
          oidc.ClientSecretBasic(this.opts.clientSecret),
          {
            timeout: Math.max(1, Math.ceil(this.opts.timeoutMs / 1000)),
            execute: this.opts.allowInsecure ? [oidc.allowInsecureRequests] : [],
          },
        );
      } catch (err) {
        this.config = undefined; // a later call may succeed (issuer briefly down)
        throw mapAuthError(err, `OIDC discovery at ${this.opts.issuer}`, this.opts.secrets);
      }
    })();
    return this.config;
  }
}
