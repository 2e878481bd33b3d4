import type { Context, Next } from 'koa';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JWK, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { emptyAnswer } from './http';

/**
 * The API's bearer check: a JWT signed by the embedded issuer (signature, expiry, issuer, audience),
 * or — with `trustIssuer` — by an external issuer such as a real Keycloak (signature, expiry, issuer;
 * its audience is Keycloak's business, e.g. "account", so it is not checked). Anything else is a 401
 * with an EMPTY body, as ITCare answers.
 */

export interface BearerOptions {
  issuer: string;
  audience: string;
  publicJwks: { keys: JWK[] };
  trustIssuer?: string;
}

interface Verifier {
  keys: JWTVerifyGetKey;
  audience?: string;
}

/** The external issuer's JWKS is discovered on first use, so the emulator starts without it. */
function externalVerifier(trustIssuer: string): () => Promise<Verifier> {
  let pending: Promise<Verifier> | undefined;
  return () => {
    pending ??= (async () => {
      const res = await fetch(`${trustIssuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`discovery of ${trustIssuer} failed with HTTP ${res.status}`);
      const { jwks_uri: jwksUri } = (await res.json()) as { jwks_uri: string };
      return { keys: createRemoteJWKSet(new URL(jwksUri)) };
    })().catch((err) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

export function bearerAuth(opts: BearerOptions) {
  const local: Verifier = { keys: createLocalJWKSet(opts.publicJwks), audience: opts.audience };
  const external = opts.trustIssuer ? externalVerifier(opts.trustIssuer) : undefined;
  const trusted = opts.trustIssuer?.replace(/\/$/, '');

  async function verify(token: string): Promise<JWTPayload> {
    const iss = decodeJwt(token).iss;
    if (iss === opts.issuer) {
      return (await jwtVerify(token, local.keys, { issuer: opts.issuer, audience: local.audience })).payload;
    }
    if (external && trusted && iss?.replace(/\/$/, '') === trusted) {
      return (await jwtVerify(token, (await external()).keys, { issuer: iss })).payload;
    }
    throw new Error('untrusted issuer');
  }

  return async function requireBearer(ctx: Context, next: Next): Promise<void> {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'));
    let payload: JWTPayload | undefined;
    if (match) {
      try {
        payload = await verify(match[1]);
      } catch {
        payload = undefined;
      }
    }
    if (!payload) {
      ctx.set('WWW-Authenticate', 'Bearer realm="cloud"');
      return emptyAnswer(ctx, 401);
    }
    const claims = payload as Record<string, unknown>;
    ctx.state.clientId = claims.client_id ?? claims.azp ?? claims.clientId ?? payload.sub;
    await next();
  };
}
