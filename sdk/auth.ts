import * as oidc from 'openid-client';
import { mapAuthError } from './errorMapping';
import { type ITCareError, RequestTimeoutError, isTransient } from './errors';
import type { SecretRegistry } from './redact';
import { backoffDelay, waitUntil } from './waiter';

/**
 * OAuth2 client credentials against ITCare's Keycloak realm, through openid-client (discovery, Basic
 * client auth). Keycloak also hands out a refresh token for this grant: we refresh with it shortly
 * before expiry, and fall back to a new client_credentials grant when the refresh fails or the refresh
 * token has expired too. Every path is single-flight: concurrent callers share one token request.
 * Discovery and the client_credentials grant are retried a few times when the IdP is unreachable,
 * answers 5xx (a restarting Keycloak) or 429 (after its Retry-After, up to maxRetryAfterMs), never when
 * it refuses us (other 4xx: a wrong secret fails at once). The retries happen inside the shared
 * attempt: concurrent callers wait for the one retrying discovery or grant instead of all failing on
 * its first hiccup, and a caller that comes after a failure starts a new attempt.
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
  /** Attempts per IdP call, the first included (default 3), and the backoff between them. */
  idpAttempts?: number;
  idpBaseDelayMs?: number;
  /** A 429's Retry-After is honoured up to this (ms); a longer one fails at once (default 60 s). */
  maxRetryAfterMs?: number;
}

interface Held {
  accessToken: string;
  /** When we stop using it (expiry minus a margin), ms since epoch. */
  refreshAt: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

/** Requests sent to the IdP, retries included. */
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
    const endpoint = `POST ${config.serverMetadata().token_endpoint ?? this.opts.issuer}`;
    if (old?.refreshToken && (old.refreshExpiresAt === undefined || this.now() < old.refreshExpiresAt - 1000)) {
      try {
        this.stats.refreshGrants++;
        return this.keep(await oidc.refreshTokenGrant(config, old.refreshToken, { scope: this.opts.scope }), old);
      } catch (err) {
        // An expired or revoked refresh token is normal: the client secret can always start over.
        // Not after a timeout: the token endpoint is hung, a second request would hang as long.
        this.stats.failedRefreshes++;
        const mapped = mapAuthError(err, 'the refresh_token grant', this.opts.secrets, { endpoint, timeoutMs: this.opts.timeoutMs });
        if (mapped.cause instanceof RequestTimeoutError) throw mapped;
      }
    }
    return this.keep(
      await this.withRetries('the client_credentials grant', endpoint, () => {
        this.stats.clientCredentialsGrants++;
        return oidc.clientCredentialsGrant(config, { scope: this.opts.scope });
      }),
    );
  }

  /** Runs one IdP call, again after a short backoff while the failure is transient (on the SDK's waiter). */
  private async withRetries<T>(what: string, endpoint: string, call: () => Promise<T>): Promise<T> {
    const attempts = this.opts.idpAttempts ?? 3;
    const base = this.opts.idpBaseDelayMs ?? 200;
    let asked: number | undefined;
    let tries = 0;
    return waitUntil<T>(
      async () => {
        let mapped: ITCareError;
        try {
          return { done: true, value: await call() };
        } catch (err) {
          mapped = mapAuthError(err, what, this.opts.secrets, { endpoint, timeoutMs: this.opts.timeoutMs });
        }
        // A hung IdP fails after one timeout (see RequestTimeoutError), not after `attempts` of them.
        if (++tries >= attempts || !isTransient(mapped) || mapped.cause instanceof RequestTimeoutError) throw mapped;
        // A throttling IdP says how long to wait; longer than the caller allows would look like a hang.
        asked = mapped.retryAfterMs;
        if (asked !== undefined && asked > (this.opts.maxRetryAfterMs ?? 60_000)) throw mapped;
        return { done: false };
      },
      // Bounded by the attempts, not by time: each call has its own timeout.
      { timeoutMs: 2 ** 40, delayMs: ({ attempt }) => asked ?? backoffDelay(attempt, base, base * 4) },
    );
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
      refreshExpiresAt:
        refreshExpiresIn > 0 ? now + refreshExpiresIn * 1000 : tokens.refresh_token ? undefined : previous?.refreshExpiresAt,
    };
    return this.held;
  }

  private discover(): Promise<oidc.Configuration> {
    const endpoint = `GET ${this.opts.issuer}/.well-known/openid-configuration`;
    this.config ??= this.withRetries(`OIDC discovery at ${this.opts.issuer}`, endpoint, () => {
      this.stats.discoveries++;
      return oidc.discovery(new URL(this.opts.issuer), this.opts.clientId, undefined, oidc.ClientSecretBasic(this.opts.clientSecret), {
        // Seconds, fractions allowed; kept by the Configuration for the token requests too.
        timeout: this.opts.timeoutMs / 1000,
        execute: this.opts.allowInsecure ? [oidc.allowInsecureRequests] : [],
      });
    }).catch((err: unknown) => {
      this.config = undefined; // a later call may succeed (issuer briefly down)
      throw err;
    });
    return this.config;
  }
}
