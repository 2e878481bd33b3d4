import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
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
  private readonly http: AxiosInstance;

  constructor(
    private readonly opts: ResolvedClientOptions,
    private readonly tokens: TokenProvider,
    private readonly secrets: SecretRegistry,
    private readonly sleep = abortableSleep,
  ) {
    this.http = axios.create({
      baseURL: opts.url,
      timeout: opts.timeoutMs,
      headers: { Accept: opts.accept, 'User-Agent': opts.userAgent },
      validateStatus: () => true, // statuses are mapped below, never thrown by axios
      paramsSerializer: { indexes: null },
      // ETIMEDOUT (not ECONNABORTED) when our timeout fires: errorMapping tells it from a reset.
      transitional: { clarifyTimeoutError: true },
    });
  }

  async send(spec: RequestSpec): Promise<ApiResponse> {
    const { retry } = this.opts;
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.guard(spec, abortable(this.tokens.getToken(), spec.signal));
      let res: AxiosResponse;
      try {
        res = await this.http.request({
          method: spec.method,
          url: spec.path,
          params: spec.query,
          data: spec.body,
          signal: spec.signal,
          headers: { Authorization: `Bearer ${token}`, ...(spec.dryRun ? { [DRY_RUN_HEADER]: 'true' } : {}) },
        });
      } catch (err) {
        const mapped = mapError(err, { method: spec.method, path: spec.path, secrets: this.secrets, timeoutMs: this.opts.timeoutMs });
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

  private finish(spec: RequestSpec, res: AxiosResponse, retryAfterMs?: number): ApiResponse {
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
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
    return { status: res.status, data: res.data === '' ? undefined : redactDeep(res.data, this.secrets), headers };
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
function retryAfter(res: AxiosResponse): number | undefined {
  return parseRetryAfter(res.headers['retry-after']);
}
