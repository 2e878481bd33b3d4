import type { TokenProvider } from './auth';
import type { ResolvedClientOptions } from './config';
import { errorBody, mapError, NEVER_SENT_CODES, networkCode, parseRetryAfter } from './errorMapping';
import { AbortedError, DryRunNotHonouredError, NetworkError, RequestTimeoutError, httpError } from './errors';
import { type SecretRegistry, redactDeep } from './redact';
import { abortable, abortableSleep, backoffDelay } from './waiter';

export const DRY_RUN_HEADER = 'ITCare-DryRun';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Path under the API base, e.g. /compute/instances. */
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  dryRun?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  data: unknown;
  headers: Record<string, string>;
}

/** Statuses worth retrying: throttled, or a server/gateway hiccup (only 429 for a request that changes things). */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Methods that may be repeated without changing the result. PATCH operations and DELETE are not. */
const IDEMPOTENT = new Set<HttpMethod>(['GET', 'PUT']);

/**
 * Whether a request may be sent again after an answer it may have acted on (5xx, reset). A dry run may:
 * ITCare's contract for ITCare-DryRun is that it validates and does nothing, so a resend cannot create
 * twice, and a preview must ride out a gateway hiccup. A server that does not honour the header is
 * what `itcare:serverValidation=false` is for; its successes are refused anyway (no echoed header,
 * DryRunNotHonouredError), so such a server is found out at its first answer.
 */
function repeatable(spec: RequestSpec): boolean {
  return IDEMPOTENT.has(spec.method) || spec.dryRun === true;
}

/**
 * Sends API requests with a bearer token, re-authenticating once on 401, retrying what is safe to
 * retry with backoff, jitter and Retry-After. A create must never be sent twice blindly: a
 * non-idempotent request is retried only when the server provably did not act on it (connection
 * refused, 429). GETs, PUTs and dry runs (see repeatable) are also retried on 5xx and resets.
 */
export class Transport {
  constructor(
    private readonly opts: ResolvedClientOptions,
    private readonly tokens: TokenProvider,
    private readonly secrets: SecretRegistry,
    private readonly sleep = abortableSleep,
  ) {}

  async send(spec: RequestSpec): Promise<ApiResponse> {
    const { retry } = this.opts;
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.guard(spec, abortable(this.tokens.getToken(), spec.signal));
      let res: ApiResponse;
      try {
        res = await this.exchange(spec, token);
      } catch (err) {
        const { method, path, signal } = spec;
        const mapped = mapError(err, { method, path, signal, secrets: this.secrets, timeoutMs: this.opts.timeoutMs });
        // A timeout is final: the endpoint is hung, and waiting again would multiply the time to the error.
        const resend = !(mapped instanceof RequestTimeoutError) && this.mayResend(spec, networkCode(err));
        if (mapped instanceof NetworkError && attempt < retry.maxAttempts && resend) {
          await this.guard(spec, this.sleep(backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs), spec.signal));
          continue;
        }
        throw mapped;
      }
      if (res.status === 401 && !reauthenticated) {
        // An access token can be revoked or expire early: one fresh token, one more try.
        reauthenticated = true;
        this.tokens.invalidate(token);
        attempt--;
        continue;
      }
      const retryAfterMs = retryAfter(res);
      if (RETRY_STATUSES.has(res.status) && attempt < retry.maxAttempts && this.mayRetryStatus(spec, res.status)) {
        // Waiting longer than the caller allows would look like a hang: report the server's wish instead.
        if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) return this.finish(spec, res, retryAfterMs);
        const delay = retryAfterMs ?? backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs);
        await this.guard(spec, this.sleep(delay, spec.signal));
        continue;
      }
      return this.finish(spec, res, retryAfterMs);
    }
  }

  /**
   * One HTTP exchange with Node's fetch: the request timeout covers the answer's body too, and the
   * caller's signal stops it as well. Every status is an answer here; send() decides what it means.
   */
  private async exchange(spec: RequestSpec, token: string): Promise<ApiResponse> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const headers: Record<string, string> = {
      Accept: this.opts.accept,
      'User-Agent': this.opts.userAgent,
      Authorization: `Bearer ${token}`,
      ...(spec.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(spec.dryRun ? { [DRY_RUN_HEADER]: 'true' } : {}),
    };
    const res = await fetch(requestUrl(this.opts.url, spec.path, spec.query), {
      method: spec.method,
      headers,
      body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
      signal: spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout,
    });
    return { status: res.status, headers: Object.fromEntries(res.headers), data: parseBody(await res.text()) };
  }

  /** Awaits `p`; an abort becomes an AbortedError that names the request (not just "wait aborted"). */
  private async guard<T>(spec: RequestSpec, p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof AbortedError && err.method === undefined) {
        throw new AbortedError(`ITCare ${spec.method} ${spec.path} was aborted`, { method: spec.method, path: spec.path });
      }
      throw err;
    }
  }

  private finish(spec: RequestSpec, res: ApiResponse, retryAfterMs?: number): ApiResponse {
    const { headers } = res;
    if (res.status >= 400) {
      throw httpError(spec.method, spec.path, res.status, errorBody(res.data), { secrets: this.secrets, retryAfterMs });
    }
    if (spec.dryRun && headers[DRY_RUN_HEADER.toLowerCase()] !== 'true') {
      throw new DryRunNotHonouredError(
        `ITCare ${spec.method} ${spec.path} answered HTTP ${res.status} without echoing ${DRY_RUN_HEADER}: the server may have acted, so this is not a validation`,
        { method: spec.method, path: spec.path, httpStatus: res.status, secrets: this.secrets },
      );
    }
    // The one redaction point for answers: an action's message, a description, anything the server
    // echoes may reach Pulumi's state and output.
    return { status: res.status, data: res.data === undefined ? undefined : redactDeep(res.data, this.secrets), headers };
  }

  private mayResend(spec: RequestSpec, code: string | undefined): boolean {
    if (spec.signal?.aborted) return false;
    if (code && NEVER_SENT_CODES.has(code)) return true;
    return repeatable(spec);
  }

  private mayRetryStatus(spec: RequestSpec, status: number): boolean {
    // 429 means the server refused to process the request: safe for any method.
    return status === 429 || repeatable(spec);
  }
}

/** Retry-After of an answer in ms, when it has a readable one. */
function retryAfter(res: ApiResponse): number | undefined {
  return parseRetryAfter(res.headers['retry-after']);
}

/** The API base and the path joined by one slash; the query's values repeated for arrays (a=1&a=2). */
export function requestUrl(base: string, path: string, query: Record<string, unknown> = {}): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null) url.searchParams.append(key, queryValue(v));
    }
  }
  return url;
}

function queryValue(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * The body as data: JSON when it parses, whatever the Content-Type says (gateways mislabel), the text
 * as it is otherwise (an HTML error page), nothing when empty (204, and 401/404 without a body).
 */
export function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
