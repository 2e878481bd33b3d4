import type { z } from 'zod';
import { type SecretRegistry, redactDeep } from './redact';

/**
 * One error hierarchy for the whole SDK (openid-client / jose style): every error has a stable `code`
 * and an optional `cause`. errorMapping.ts turns transport failures into these errors: a raw failure
 * (fetch's, openid-client's, which holds the IdP's Response) is never kept as a cause, only its safe
 * fields are. The constructor redacts every string it keeps (message, ITCare's fields, path, the
 * cause's strings) with the client's SecretRegistry when given, token shapes always: what JSON.stringify,
 * util.inspect and the stack show is built from redacted values only.
 */

/** Fields of ITCare's error body: {status, errorCode, errorDesc, errorMessage}. */
export interface ITCareErrorBody {
  status?: string;
  errorCode?: string;
  errorDesc?: string;
  errorMessage?: string;
}

export interface ITCareErrorDetails extends ITCareErrorBody {
  method?: string;
  path?: string;
  httpStatus?: number;
  actionId?: number;
  /** The server's Retry-After, in ms, when it sent one. */
  retryAfterMs?: number;
  cause?: unknown;
  /** Values to hide (client secret, tokens, addSecret values); token shapes are hidden without it. */
  secrets?: SecretRegistry;
}

/** A cause as kept by an error: ITCareErrors as they are (already redacted), anything else as redacted safe fields. */
function keptCause(cause: unknown, secrets?: SecretRegistry): unknown {
  if (cause instanceof ITCareError) return cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return redactDeep({ name: cause.name, message: cause.message, ...(typeof code === 'string' ? { code } : {}) }, secrets);
  }
  return redactDeep(cause, secrets);
}

/** Every stable code an ITCare error can carry (switch on it: the union is exhaustive). */
export type ITCareErrorCode =
  | 'ITCARE_ERROR'
  | 'ITCARE_HTTP_ERROR'
  | 'ITCARE_BAD_REQUEST'
  | 'ITCARE_UNAUTHORIZED'
  | 'ITCARE_FORBIDDEN'
  | 'ITCARE_NOT_FOUND'
  | 'ITCARE_CONFLICT'
  | 'ITCARE_UNPROCESSABLE'
  | 'ITCARE_TOO_MANY_REQUESTS'
  | 'ITCARE_SERVER_ERROR'
  | 'ITCARE_NETWORK_ERROR'
  | 'ITCARE_TIMEOUT'
  | 'ITCARE_AUTH_FAILED'
  | 'ITCARE_INVALID_ARGUMENT'
  | 'ITCARE_INVALID_INPUT'
  | 'ITCARE_CONFIG'
  | 'ITCARE_INVALID_RESPONSE'
  | 'ITCARE_ACTION_FAILED'
  | 'ITCARE_ACTION_TIMEOUT'
  | 'ITCARE_DRY_RUN_NOT_HONOURED'
  | 'ITCARE_LOOKUP'
  | 'ITCARE_LOOKUP_NOT_FOUND'
  | 'ITCARE_LOOKUP_AMBIGUOUS'
  | 'ITCARE_ABORTED'
  | 'ITCARE_REFUSED'
  | 'ITCARE_INVALID_FLEET';

export class ITCareError extends Error {
  /** Stable machine-readable code, e.g. ITCARE_CONFLICT. */
  readonly code: ITCareErrorCode = 'ITCARE_ERROR';
  readonly method?: string;
  readonly path?: string;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly errorDesc?: string;
  readonly errorMessage?: string;
  readonly actionId?: number;
  /** Retry-After of the answer (ms): e.g. a wait longer than retry.maxRetryAfterMs that we refused. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: ITCareErrorDetails = {}) {
    // Redacted before super(): the stack, which util.inspect prints, embeds the message.
    super(
      redactDeep(message, details.secrets),
      details.cause === undefined ? undefined : { cause: keptCause(details.cause, details.secrets) },
    );
    this.name = new.target.name;
    const { cause: _cause, status: _status, secrets, ...rest } = details;
    Object.assign(this, redactDeep(rest, secrets));
  }

  /**
   * What JSON.stringify / logs see, never a request config: name, code, message, and when set
   * method, path, httpStatus, errorCode, errorDesc, errorMessage, actionId, retryAfterMs, cause.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const k of ['method', 'path', 'httpStatus', 'errorCode', 'errorDesc', 'errorMessage', 'actionId', 'retryAfterMs'] as const) {
      if (this[k] !== undefined) out[k] = this[k];
    }
    if (this.cause !== undefined) out.cause = this.cause;
    return out;
  }
}

/** HTTP answers, one class per status family the API documents. */
export class ITCareHttpError extends ITCareError {
  override readonly code: ITCareErrorCode = 'ITCARE_HTTP_ERROR';
}
export class BadRequestError extends ITCareHttpError {
  override readonly code = 'ITCARE_BAD_REQUEST';
}
export class UnauthorizedError extends ITCareHttpError {
  override readonly code = 'ITCARE_UNAUTHORIZED';
}
export class ForbiddenError extends ITCareHttpError {
  override readonly code = 'ITCARE_FORBIDDEN';
}
export class NotFoundError extends ITCareHttpError {
  override readonly code = 'ITCARE_NOT_FOUND';
}
export class ConflictError extends ITCareHttpError {
  override readonly code = 'ITCARE_CONFLICT';
}
export class UnprocessableError extends ITCareHttpError {
  override readonly code = 'ITCARE_UNPROCESSABLE';
}
export class TooManyRequestsError extends ITCareHttpError {
  override readonly code = 'ITCARE_TOO_MANY_REQUESTS';
}
export class ServerError extends ITCareHttpError {
  override readonly code = 'ITCARE_SERVER_ERROR';
}

/** The request never got an HTTP answer (refused, reset, timed out). */
export class NetworkError extends ITCareError {
  override readonly code: ITCareErrorCode = 'ITCARE_NETWORK_ERROR';
}
/**
 * The endpoint (API method + path, or the IdP's URL) accepted the request and did not answer within
 * the request timeout. Never retried: a hung endpoint fails after one timeout, not after several.
 */
export class RequestTimeoutError extends NetworkError {
  override readonly code = 'ITCARE_TIMEOUT';
  readonly timeoutMs?: number;
  constructor(message: string, details: ITCareErrorDetails & { timeoutMs?: number } = {}) {
    const { timeoutMs, ...rest } = details;
    super(message, rest);
    this.timeoutMs = timeoutMs;
  }
}

/** "20 s", "1.5 s", "300 ms": a timeout as the error states it. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}

/** What a timeout error says about the setting, so the user knows which knob to turn. */
export const TIMEOUT_HINT = 'the request timeout: timeoutMs, ITCARE_TIMEOUT or itcare:timeout';
/** The token endpoint refused us, or discovery failed. */
export class AuthenticationError extends ITCareError {
  override readonly code = 'ITCARE_AUTH_FAILED';
}
/** A value given to an SDK method cannot be used (an id of the wrong shape, a path leaving the API base). */
export class InvalidArgumentError extends ITCareError {
  override readonly code = 'ITCARE_INVALID_ARGUMENT';
  /** Which argument, e.g. "id" or "path". */
  readonly argument?: string;
  constructor(message: string, details: ITCareErrorDetails & { argument?: string } = {}) {
    const { argument, ...rest } = details;
    super(message, rest);
    this.argument = argument;
  }
}
/** A body, options or query failed its schema before anything was sent; `issues` holds zod's issues. */
export class InvalidInputError extends ITCareError {
  override readonly code = 'ITCARE_INVALID_INPUT';
  readonly issues: readonly z.core.$ZodIssue[];
  constructor(message: string, details: ITCareErrorDetails & { issues?: readonly z.core.$ZodIssue[] } = {}) {
    const { issues, ...rest } = details;
    super(message, rest);
    // Not enumerable: JSON.stringify and util.inspect show the message, which already names each field.
    this.issues = issues ?? [];
    Object.defineProperty(this, 'issues', { enumerable: false });
  }
}
/** Bad client options (missing credentials, http:// on a non-loopback host…). */
export class ConfigurationError extends ITCareError {
  override readonly code = 'ITCARE_CONFIG';
}
/** The server answered something our schemas cannot read. */
export class InvalidResponseError extends ITCareError {
  override readonly code = 'ITCARE_INVALID_RESPONSE';
}
/** An async action ended in ERROR: carries ITCare's message and the action id. */
export class ActionFailedError extends ITCareError {
  override readonly code = 'ITCARE_ACTION_FAILED';
}
/** Our deadline passed while the action was still running: it may still complete server-side. */
export class ActionTimeoutError extends ITCareError {
  override readonly code = 'ITCARE_ACTION_TIMEOUT';
}
/** A dry-run response without the echoed header: the server may have acted, so it is not a validation. */
export class DryRunNotHonouredError extends ITCareError {
  override readonly code = 'ITCARE_DRY_RUN_NOT_HONOURED';
}
/**
 * A read-only lookup (getService, getNetwork, getInstance, getProducts) did not find exactly what it
 * needs. `lookup` names it, `criteria` are the values asked for, `candidates` what ITCare showed
 * instead (the matches when there are several; nearby items when there are none), as short labels.
 */
export class LookupError extends ITCareError {
  override readonly code: ITCareErrorCode = 'ITCARE_LOOKUP';
  readonly lookup: string;
  readonly criteria: Record<string, unknown>;
  readonly candidates: readonly string[];
  constructor(
    message: string,
    details: ITCareErrorDetails & { lookup: string; criteria: Record<string, unknown>; candidates: readonly string[] },
  ) {
    const { lookup, criteria, candidates, ...rest } = details;
    super(message, rest);
    this.lookup = lookup;
    this.criteria = redactDeep(criteria, rest.secrets);
    this.candidates = redactDeep([...candidates], rest.secrets);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), lookup: this.lookup, criteria: this.criteria, candidates: this.candidates };
  }
}
/** The lookup matched nothing. */
export class LookupNotFoundError extends LookupError {
  override readonly code = 'ITCARE_LOOKUP_NOT_FOUND';
}
/** The lookup matched several items where the program needs one: narrow the criteria. */
export class LookupAmbiguousError extends LookupError {
  override readonly code = 'ITCARE_LOOKUP_AMBIGUOUS';
}
/** The caller's AbortSignal fired. */
export class AbortedError extends ITCareError {
  override readonly code = 'ITCARE_ABORTED';
}
/**
 * The provider refuses a planned change before anything is sent (a create-only field changed where
 * ITCare cannot, a replace that would keep a unique name, ITCare's dry run said no): the message names
 * the resource, the property and the way out.
 */
export class RefusedChangeError extends ITCareError {
  override readonly code = 'ITCARE_REFUSED';
}

type HttpErrorClass = new (m: string, d: ITCareErrorDetails) => ITCareHttpError;

/**
 * ITCare's HTTP statuses, one table for both sides of the wire: the name its error body's `status`
 * carries (what the emulator answers) and this SDK's class for it (what a client throws).
 */
const HTTP_STATUSES: Record<number, { name: string; error: HttpErrorClass }> = {
  400: { name: 'BAD_REQUEST', error: BadRequestError },
  401: { name: 'UNAUTHORIZED', error: UnauthorizedError },
  403: { name: 'FORBIDDEN', error: ForbiddenError },
  404: { name: 'NOT_FOUND', error: NotFoundError },
  409: { name: 'CONFLICT', error: ConflictError },
  422: { name: 'UNPROCESSABLE_ENTITY', error: UnprocessableError },
  429: { name: 'TOO_MANY_REQUESTS', error: TooManyRequestsError },
  500: { name: 'INTERNAL_SERVER_ERROR', error: ServerError },
  503: { name: 'SERVICE_UNAVAILABLE', error: ServerError },
};

const classOf = (httpStatus: number): HttpErrorClass =>
  HTTP_STATUSES[httpStatus]?.error ?? (httpStatus >= 500 ? ServerError : ITCareHttpError);

/**
 * The error a server answers a request with (the emulator throws these, its error middleware turns
 * them into ITCare's body with `errorBodyOf`): ITCare's code, field and words, no request named.
 */
export function answerError(httpStatus: number, errorCode: string, errorDesc: string, errorMessage: string): ITCareHttpError {
  return new (classOf(httpStatus))(errorMessage, { httpStatus, errorCode, errorDesc, errorMessage });
}

/** ITCare's error body for an HTTP error: `{status, errorCode, errorDesc, errorMessage}`. */
export function errorBodyOf(err: ITCareHttpError): ITCareErrorBody & { status: string } {
  const httpStatus = err.httpStatus ?? 500;
  return {
    status: HTTP_STATUSES[httpStatus]?.name ?? String(httpStatus),
    errorCode: err.errorCode,
    errorDesc: err.errorDesc,
    errorMessage: err.errorMessage ?? err.message,
  };
}

export interface HttpErrorExtras {
  /** ITCare echoes submitted values in errorMessage/errorDesc (a rejected password…): redacted. */
  secrets?: SecretRegistry;
  retryAfterMs?: number;
}

/** Builds the error for an HTTP answer; the message names method, path, status and ITCare's words. */
export function httpError(
  method: string,
  path: string,
  httpStatus: number,
  raw: ITCareErrorBody | undefined,
  extras: HttpErrorExtras = {},
): ITCareHttpError {
  const Ctor = classOf(httpStatus);
  const said = [raw?.errorCode, raw?.errorMessage].filter(Boolean).join(': ');
  const field = raw?.errorDesc && !said.includes(raw.errorDesc) ? ` (field ${raw.errorDesc})` : '';
  const message = `ITCare ${method} ${path} failed with HTTP ${httpStatus}${said ? `: ${said}` : ''}${field}`;
  // The constructor redacts the message whole (a secret split across parts too) and every field.
  return new Ctor(message, { ...raw, method, path, httpStatus, retryAfterMs: extras.retryAfterMs, secrets: extras.secrets });
}

/**
 * Failures worth polling through (a long wait must survive a hiccup): 5xx, no answer, throttling,
 * and an authentication failure whose cause is the identity provider being down, unreachable or
 * throttling (mapAuthError then keeps a NetworkError, ServerError or TooManyRequestsError as the
 * cause; a refused secret is none of them).
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof ServerError || err instanceof NetworkError || err instanceof TooManyRequestsError) return true;
  const cause = err instanceof AuthenticationError ? err.cause : undefined;
  return cause instanceof NetworkError || cause instanceof ServerError || cause instanceof TooManyRequestsError;
}
