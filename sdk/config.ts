import { z } from 'zod';
import { ConfigurationError } from './errors';

export const DEFAULT_URL = 'https://api.cegedim.cloud/itcare';
export const DEFAULT_ISSUER = 'https://accounts.cegedim.cloud/auth/realms/cloud';

/** Environment variables read by ITCareClient.fromEnv() (and by the provider as a fallback). */
export const ENV = {
  url: 'ITCARE_URL',
  issuer: 'ITCARE_OIDC_ISSUER',
  clientId: 'ITCARE_CLIENT_ID',
  clientSecret: 'ITCARE_CLIENT_SECRET',
  /** Request timeout: seconds, or with a unit (500ms, 10s, 1m). */
  timeout: 'ITCARE_TIMEOUT',
} as const;

/** Default request timeout: an ITCare answer (202, a page, a token) comes in well under a second. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** Reads a timeout setting (ITCARE_TIMEOUT, itcare:timeout): seconds, or a number with ms / s / m. */
export function parseTimeout(text: string | undefined, source: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim());
  const ms = m ? Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm']) : 0;
  if (ms < 1)
    throw new ConfigurationError(
      `${source} must be a duration such as 10s, 500ms or 1m (a bare number is seconds): got ${JSON.stringify(text)}`,
    );
  return ms;
}

export const RetryOptions = z.object({
  /** Attempts in all, the first included. */
  maxAttempts: z.number().int().min(1).max(20).default(4),
  baseDelayMs: z.number().int().min(0).default(200),
  /** Caps our own backoff; a server's Retry-After is honoured beyond it, up to maxRetryAfterMs. */
  maxDelayMs: z.number().int().min(0).default(10_000),
  /** A longer Retry-After fails at once with the HTTP error (its retryAfterMs says how long). */
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
});

export const ClientOptions = z.object({
  url: z.url().default(DEFAULT_URL),
  issuer: z.url().default(DEFAULT_ISSUER),
  clientId: z.string({ error: `clientId is required (or set ${ENV.clientId})` }).min(1),
  clientSecret: z.string({ error: `clientSecret is required (or set ${ENV.clientSecret})` }).min(1),
  scope: z.string().default('openid'),
  /**
   * Per-request timeout (ms), for the API and the identity provider (discovery, token) alike. A request
   * that times out is not retried: a hung endpoint fails after one timeout, with an ITCARE_TIMEOUT error
   * naming it.
   */
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  retry: RetryOptions.default({ maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 }),
  /** ITCare's vendor media type, seen in client code; the API also serves application/json. */
  accept: z.string().default('application/vnd.cegedim-it.v1+json, application/json;q=0.9'),
  userAgent: z.string().default('pulumi-itcare-sdk'),
});
export type ClientOptions = z.input<typeof ClientOptions>;
export type ResolvedClientOptions = z.output<typeof ClientOptions>;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** http:// is tolerated only on loopback (the emulator, a local Keycloak); everything else is https. */
export function assertSecureUrl(name: string, url: string): void {
  const u = new URL(url);
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && LOOPBACK.test(u.hostname)) return;
  throw new ConfigurationError(`${name} must use https:// (http:// is only accepted for loopback hosts): got ${u.protocol}//${u.host}`);
}

export function isLoopback(url: string): boolean {
  return LOOPBACK.test(new URL(url).hostname);
}

export function resolveOptions(input: ClientOptions): ResolvedClientOptions {
  const parsed = ClientOptions.safeParse(input);
  if (!parsed.success) {
    // zod messages name the field and the rule, never the value: safe to show.
    const what = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new ConfigurationError(`Invalid ITCare client options: ${what}`);
  }
  const opts = parsed.data;
  assertSecureUrl('url', opts.url);
  assertSecureUrl('issuer', opts.issuer);
  return { ...opts, url: opts.url.replace(/\/+$/, ''), issuer: opts.issuer.replace(/\/+$/, '') };
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ClientOptions> {
  const out: Partial<ClientOptions> = {};
  if (env[ENV.url]) out.url = env[ENV.url];
  if (env[ENV.issuer]) out.issuer = env[ENV.issuer];
  if (env[ENV.clientId]) out.clientId = env[ENV.clientId];
  if (env[ENV.clientSecret]) out.clientSecret = env[ENV.clientSecret];
  const timeoutMs = parseTimeout(env[ENV.timeout], ENV.timeout);
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  return out;
}
