import {
  AbortedError,
  AuthenticationError,
  ITCareError,
  type ITCareErrorBody,
  NetworkError,
  RequestTimeoutError,
  ServerError,
  TIMEOUT_HINT,
  TooManyRequestsError,
  formatDuration,
} from './errors';
import { SecretRegistry } from './redact';

/**
 * The one place where transport failures (Node's fetch for the API, openid-client for the IdP) become
 * ITCareErrors. A raw failure is never kept: openid-client errors hold the Response, and an error a
 * library may grow tomorrow could hold the request and its Authorization header. The cause is a plain
 * object of safe fields, redacted.
 */
export interface RequestContext {
  method: string;
  path: string;
  secrets?: SecretRegistry;
  /** The request timeout in force, for the error that says it was reached. */
  timeoutMs?: number;
  /** The caller's signal: once it fired, the failure is an abort, whatever reason it was given. */
  signal?: AbortSignal;
}

/** Network error codes that prove the request never reached the server. */
export const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function safeCause(err: unknown, secrets?: SecretRegistry): Record<string, unknown> | undefined {
  if (err === undefined || err === null) return undefined;
  const scrub = (s: string) => (secrets ?? new SecretRegistry()).redact(s);
  if (typeof err !== 'object') return { message: scrub(String(err)) };
  const e = err as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof e.name === 'string') out.name = e.name;
  const code = networkCode(err);
  if (code) out.code = code;
  if (typeof e.message === 'string') out.message = scrub(e.message);
  if (typeof e.error === 'string') out.error = scrub(e.error);
  if (typeof e.error_description === 'string') out.error_description = scrub(e.error_description);
  if (typeof e.status === 'number') out.status = e.status;
  return out;
}

/** errno-style code of a network failure, looking through fetch's wrappers (its cause, an AggregateError's). */
export function networkCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && /^E[A-Z_]+$/.test(c)) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * fetch's own rejection when no answer came: a TypeError "fetch failed", the reason as its cause. Told
 * by name, not instanceof: undici builds it in its own realm (a test runner's sandbox is another one).
 */
function isFetchFailure(err: unknown): boolean {
  return errorName(err) === 'TypeError' && (err as { message?: unknown }).message === 'fetch failed';
}

/**
 * Why fetch got no answer: the errno code (ECONNREFUSED, ECONNRESET…), else the code undici or TLS gave
 * (UND_ERR_SOCKET, CERT_HAS_EXPIRED…), else FETCH_FAILED. Undefined for anything that is not fetch's.
 */
export function fetchFailureCode(err: unknown): string | undefined {
  if (!isFetchFailure(err)) return undefined;
  const errno = networkCode(err);
  if (errno) return errno;
  let cur: unknown = (err as { cause?: unknown }).cause;
  for (let depth = 0; depth < 3 && cur && typeof cur === 'object'; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && /^[A-Z][A-Z0-9_]+$/.test(c)) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return 'FETCH_FAILED';
}

/** A DOMException's or an Error's name (fetch rejects with the signal's reason: TimeoutError, AbortError). */
function errorName(err: unknown): string | undefined {
  const name = (err as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** Maps any failure of one API request to an ITCareError (HTTP answers go through httpError). */
export function mapError(err: unknown, ctx: RequestContext): ITCareError {
  if (err instanceof ITCareError) return err;
  const { method, path, secrets } = ctx;
  if (ctx.signal?.aborted || errorName(err) === 'AbortError') {
    return new AbortedError(`ITCare ${method} ${path} was aborted`, { method, path, secrets });
  }
  // Only our own timer rejects with TimeoutError (AbortSignal.timeout): a caller's timeout signal fired
  // as well would have been taken as an abort above.
  if (errorName(err) === 'TimeoutError') {
    const within = ctx.timeoutMs !== undefined ? ` within ${formatDuration(ctx.timeoutMs)}` : '';
    return new RequestTimeoutError(`ITCare ${method} ${path} did not answer${within} (${TIMEOUT_HINT})`, {
      method,
      path,
      timeoutMs: ctx.timeoutMs,
      secrets,
    });
  }
  const code = fetchFailureCode(err) ?? networkCode(err);
  if (code) {
    return new NetworkError(`ITCare ${method} ${path} got no answer (${code})`, { method, path, cause: safeCause(err, secrets), secrets });
  }
  const cause = safeCause(err, secrets);
  return new NetworkError(`ITCare ${ctx.method} ${ctx.path} failed: ${String(cause?.message ?? 'unknown error')}`, {
    method: ctx.method,
    path: ctx.path,
    cause,
    secrets,
  });
}

export interface IdpRequest {
  /** Method and URL of the IdP request, e.g. "POST https://…/token": named when it hung. */
  endpoint?: string;
  timeoutMs?: number;
}

/**
 * Maps a failure at the identity provider (discovery or token endpoint) to an AuthenticationError.
 * When the IdP was unreachable, answered 5xx or 429, the cause is a NetworkError, a ServerError or a
 * TooManyRequestsError (see isTransient): callers retry those, never a refusal such as a wrong secret.
 * When it did not answer within the request timeout, the cause is a RequestTimeoutError naming the
 * endpoint: never retried.
 */
export function mapAuthError(err: unknown, what: string, secrets?: SecretRegistry, request: IdpRequest = {}): ITCareError {
  if (err instanceof ITCareError) return err;
  const scrub = (s: string) => (secrets ?? new SecretRegistry()).redact(s);
  const cause = safeCause(err, secrets);
  const e = { ...challengeParameters(err), ...((err ?? {}) as Record<string, unknown>) };
  const httpStatus = idpStatus(err);
  const status = httpStatus !== undefined ? ` HTTP ${httpStatus}` : '';
  const oauth = typeof e.error === 'string' ? ` ${e.error}` : '';
  const desc = typeof e.error_description === 'string' ? ` (${e.error_description})` : '';
  const fallback = !oauth && cause?.message ? `: ${String(cause.message)}` : '';
  const detail = `${status}${oauth}${desc}`.trim();
  const msg = scrub(`ITCare authentication failed during ${what}${detail ? `: ${detail}` : fallback}`);
  const netCode = idpNetworkCode(err);
  if (netCode === 'OAUTH_TIMEOUT' || netCode === 'ETIMEDOUT') {
    const within = request.timeoutMs !== undefined ? ` within ${formatDuration(request.timeoutMs)}` : '';
    const hung = scrub(
      `ITCare authentication failed during ${what}: ${request.endpoint ?? 'the identity provider'} did not answer${within} (${TIMEOUT_HINT})`,
    );
    const timeout = new RequestTimeoutError(hung, { timeoutMs: request.timeoutMs, cause, secrets });
    return new AuthenticationError(hung, { cause: timeout, secrets });
  }
  // A throttling IdP (429) is transient like a 5xx: the caller waits its Retry-After and tries again.
  const retryAfterMs = httpStatus === 429 ? parseRetryAfter(idpResponse(err)?.headers.get('retry-after')) : undefined;
  const typed =
    httpStatus === 429
      ? new TooManyRequestsError(msg, { httpStatus, cause, retryAfterMs, secrets })
      : httpStatus !== undefined && httpStatus >= 500
        ? new ServerError(msg, { httpStatus, cause, secrets })
        : netCode !== undefined
          ? new NetworkError(`${msg} (${netCode})`, { cause, secrets })
          : undefined;
  return new AuthenticationError(msg, { cause: typed ?? cause, retryAfterMs, secrets });
}

/** The IdP's Response, kept by openid-client as `response` (OAuth error bodies) or as the cause (bad statuses). */
function idpResponse(err: unknown): { headers: { get(name: string): string | null } } | undefined {
  const e = err as { response?: unknown; cause?: unknown } | undefined;
  for (const r of [e?.response, e?.cause]) {
    if (r && typeof (r as { headers?: { get?: unknown } }).headers?.get === 'function')
      return r as { headers: { get(name: string): string | null } };
  }
  return undefined;
}

/** Retry-After (seconds or HTTP date) in ms, when readable. */
export function parseRetryAfter(header: unknown): number | undefined {
  if (header === undefined || header === null || header === '') return undefined;
  const secs = Number(header);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(String(header)) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : undefined;
}

/** HTTP status of an IdP answer: on the error (OAuth error bodies) or on the Response it carries. */
function idpStatus(err: unknown): number | undefined {
  const e = err as { status?: unknown; cause?: { status?: unknown } } | undefined;
  if (typeof e?.status === 'number') return e.status;
  return typeof e?.cause?.status === 'number' ? e.cause.status : undefined;
}

/** Why the IdP gave no answer: an errno code, undici's code, or openid-client's timeout. */
function idpNetworkCode(err: unknown): string | undefined {
  const code = networkCode(err);
  if (code) return code;
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && (c.startsWith('UND_ERR') || c === 'OAUTH_TIMEOUT')) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  // fetch() rejects with a TypeError "fetch failed" when the connection fails before any answer.
  return fetchFailureCode(err);
}

/**
 * openid-client reports a 401 from the token endpoint as a WWW-Authenticate challenge error, with
 * the OAuth `error` / `error_description` inside its challenges' parameters: bring them up.
 */
function challengeParameters(err: unknown): Record<string, unknown> {
  const challenges = (err as { cause?: unknown } | undefined)?.cause;
  if (!Array.isArray(challenges)) return {};
  for (const c of challenges) {
    const params = (c as { parameters?: Record<string, unknown> })?.parameters;
    if (params && typeof params.error === 'string') return { error: params.error, error_description: params.error_description };
  }
  return {};
}

/** Reads ITCare's error body when there is one (bodies of 401/403/404/409/5xx may be empty). */
export function errorBody(data: unknown): ITCareErrorBody | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const pick = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const body = { status: pick('status'), errorCode: pick('errorCode'), errorDesc: pick('errorDesc'), errorMessage: pick('errorMessage') };
  return Object.values(body).some((v) => v !== undefined) ? body : undefined;
}
