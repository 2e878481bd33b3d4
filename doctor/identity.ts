import type { ResolvedClientOptions } from '../sdk/config';
import type { Findings } from './findings';

/**
 * Health, OIDC discovery, one client_credentials grant and one refresh, over plain HTTP so the
 * report can say exactly what came back. Tokens stay in this module's return value (the API probes
 * need one); only their lifetimes and the field names reach the findings.
 */

export interface TokenFacts {
  accessToken?: string;
  accessTtl?: number;
  refreshTtl?: number;
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function json(res: Response): Promise<Record<string, unknown> | undefined> {
  const text = await res.text();
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function checkHealth(opts: ResolvedClientOptions, f: Findings): Promise<void> {
  const what = 'The API answers GET /health with {"status":"UP"}';
  try {
    const res = await fetch(`${opts.url}/health`, { signal: AbortSignal.timeout(opts.timeoutMs) });
    const body = await json(res);
    if (res.status === 200 && body?.status === 'UP')
      f.holds('health', what, 'VERIFIED: GET /itcare/health', `HTTP 200 ${JSON.stringify(body)}`);
    else
      f.differs(
        'health',
        what,
        'VERIFIED: GET /itcare/health',
        `HTTP ${res.status} ${JSON.stringify(body ?? null)}`,
        'the API base URL may be wrong (itcare:url / ITCARE_URL)',
      );
  } catch (err) {
    f.differs(
      'health',
      what,
      'VERIFIED: GET /itcare/health',
      `unreachable: ${(err as Error).message}`,
      'nothing works until the API base URL is reachable',
    );
  }
}

export async function checkTokens(opts: ResolvedClientOptions, f: Findings): Promise<TokenFacts> {
  const docs = 'VERIFIED: Keycloak discovery, client_credentials with client_secret_basic, expires_in 1200, refresh_expires_in 7200';
  let tokenEndpoint: string | undefined;
  try {
    const res = await fetch(`${opts.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(opts.timeoutMs) });
    const meta = await json(res);
    tokenEndpoint = typeof meta?.token_endpoint === 'string' ? meta.token_endpoint : undefined;
    const grants = Array.isArray(meta?.grant_types_supported) ? (meta.grant_types_supported as string[]) : undefined;
    const auth = Array.isArray(meta?.token_endpoint_auth_methods_supported)
      ? (meta.token_endpoint_auth_methods_supported as string[])
      : undefined;
    const missing = [
      !tokenEndpoint && 'token_endpoint',
      grants && !grants.includes('client_credentials') && 'grant client_credentials',
      grants && !grants.includes('refresh_token') && 'grant refresh_token',
      auth && !auth.includes('client_secret_basic') && 'client_secret_basic',
    ].filter(Boolean);
    const observed = `HTTP ${res.status}, token endpoint ${tokenEndpoint ?? 'absent'}${missing.length ? `; missing: ${missing.join(', ')}` : ''}`;
    if (res.status === 200 && !missing.length)
      f.holds(
        'oidc.discovery',
        'OIDC discovery names a token endpoint taking client_credentials and refresh_token with HTTP Basic',
        docs,
        observed,
      );
    else
      f.differs(
        'oidc.discovery',
        'OIDC discovery names a token endpoint taking client_credentials and refresh_token with HTTP Basic',
        docs,
        observed,
        'the SDK (openid-client) cannot authenticate: check itcare:oidcIssuer / ITCARE_OIDC_ISSUER',
      );
  } catch (err) {
    f.differs(
      'oidc.discovery',
      'OIDC discovery answers',
      docs,
      `unreachable: ${(err as Error).message}`,
      'no token, nothing else can be checked',
    );
  }
  if (!tokenEndpoint) return {};

  const grant = async (params: Record<string, string>) => {
    const res = await fetch(tokenEndpoint!, {
      method: 'POST',
      headers: { authorization: basic(opts.clientId, opts.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    return { status: res.status, body: await json(res) };
  };
  const first = await grant({ grant_type: 'client_credentials', scope: opts.scope });
  const at = first.body?.access_token;
  if (first.status !== 200 || typeof at !== 'string') {
    // The error's OAuth code only (invalid_client, unauthorized_client): its description may echo input.
    f.differs(
      'oidc.grant',
      `client ${opts.clientId} gets a token with client_credentials`,
      docs,
      `HTTP ${first.status} ${String(first.body?.error ?? '')}`,
      'the provider cannot authenticate: check the client id and secret',
    );
    return {};
  }
  const accessTtl = Number(first.body!.expires_in);
  const refreshTtl = Number(first.body!.refresh_expires_in);
  const rt = first.body!.refresh_token;
  f.holds(
    'oidc.grant',
    `client ${opts.clientId} gets a token with client_credentials`,
    docs,
    `HTTP 200, token_type ${String(first.body!.token_type)}, fields: ${Object.keys(first.body!).sort().join(', ')}`,
  );
  const lifetime = `access ${accessTtl} s, refresh ${Number.isFinite(refreshTtl) ? `${refreshTtl} s` : 'absent'}`;
  if (accessTtl === 1200 && refreshTtl === 7200)
    f.holds('token.lifetime', 'Tokens live 1200 s (access) and 7200 s (refresh)', docs, lifetime);
  else
    f.differs(
      'token.lifetime',
      'Tokens live 1200 s (access) and 7200 s (refresh)',
      docs,
      lifetime,
      'none for correctness (the SDK refreshes from expires_in); the emulator profile takes these lifetimes',
    );

  if (typeof rt !== 'string') {
    f.differs(
      'oidc.refresh',
      'A client_credentials grant comes with a refresh token',
      docs,
      'no refresh_token in the grant',
      'the SDK grants again with the client secret when the access token expires',
    );
  } else {
    const again = await grant({ grant_type: 'refresh_token', refresh_token: rt, scope: opts.scope });
    if (again.status === 200 && typeof again.body?.access_token === 'string')
      f.holds('oidc.refresh', 'The refresh token gives a new access token', docs, 'HTTP 200 with an access token');
    else
      f.differs(
        'oidc.refresh',
        'The refresh token gives a new access token',
        docs,
        `HTTP ${again.status} ${String(again.body?.error ?? '')}`,
        'the SDK falls back to a new client_credentials grant (one more secret use per hour)',
      );
  }
  return {
    accessToken: at,
    accessTtl: Number.isFinite(accessTtl) ? accessTtl : undefined,
    refreshTtl: Number.isFinite(refreshTtl) ? refreshTtl : undefined,
  };
}
