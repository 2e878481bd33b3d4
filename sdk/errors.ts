/**
 * One error hierarchy for the whole SDK (openid-client / jose style): every error has a stable `code`
 * and an optional `cause`. `mapError` in transport.ts is the only place that turns transport failures
 * into these errors, and it is also the only place that redacts: an axios error carries the request
 * config (Authorization header included), so it is never kept as a cause, only its safe fields are.
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
  cause?: unknown;
}

export class ITCareError extends Error {
  /** Stable machine-readable code, e.g. ITCARE_CONFLICT. */
  readonly code: string = 'ITCARE_ERROR';
  readonly method?: string;
  readonly path?: string;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly errorDesc?: string;
  readonly errorMessage?: string;
  readonly actionId?: number;

  constructor(message: string, details: ITCareErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    const { cause: _cause, status: _status, ...rest } = details;
    Object.assign(this, rest);
  }

  /** What JSON.stringify / logs see: the documented fields, never a request config. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const k of ['method', 'path', 'httpStatus', 'errorCode', 'errorDesc', 'errorMessage', 'actionId'] as const) {
      if (this[k] !== undefined) out[k] = this[k];
    }
    if (this.cause !== undefined) out.cause = this.cause;
    return out;
  }
}

/** HTTP answers, one class per status family the API documents. */
export class ITCareHttpError extends ITCareError { override readonly code: string = 'ITCARE_HTTP_ERROR'; }
export class BadRequestError extends ITCareHttpError { override readonly code = 'ITCARE_BAD_REQUEST'; }
export class UnauthorizedError extends ITCareHttpError { override readonly code = 'ITCARE_UNAUTHORIZED'; }
export class ForbiddenError extends ITCareHttpError { override readonly code = 'ITCARE_FORBIDDEN'; }
export class NotFoundError extends ITCareHttpError { override readonly code = 'ITCARE_NOT_FOUND'; }
export class ConflictError extends ITCareHttpError { override readonly code = 'ITCARE_CONFLICT'; }
export class UnprocessableError extends ITCareHttpError { override readonly code = 'ITCARE_UNPROCESSABLE'; }
export class TooManyRequestsError extends ITCareHttpError { override readonly code = 'ITCARE_TOO_MANY_REQUESTS'; }
export class ServerError extends ITCareHttpError { override readonly code = 'ITCARE_SERVER_ERROR'; }

/** The request never got an HTTP answer (refused, reset, timed out). */
export class NetworkError extends ITCareError { override readonly code = 'ITCARE_NETWORK_ERROR'; }
/** The token endpoint refused us, or discovery failed. */
export class AuthenticationError extends ITCareError { override readonly code = 'ITCARE_AUTH_FAILED'; }
/** Bad client options (missing credentials, http:// on a non-loopback host…). */
export class ConfigurationError extends ITCareError { override readonly code = 'ITCARE_CONFIG'; }
/** The server answered something our schemas cannot read. */
export class InvalidResponseError extends ITCareError { override readonly code = 'ITCARE_INVALID_RESPONSE'; }
/** An async action ended in ERROR: carries ITCare's message and the action id. */
export class ActionFailedError extends ITCareError { override readonly code = 'ITCARE_ACTION_FAILED'; }
/** Our deadline passed while the action was still running: it may still complete server-side. */
export class ActionTimeoutError extends ITCareError { override readonly code = 'ITCARE_ACTION_TIMEOUT'; }
/** A dry-run response without the echoed header: the server may have acted, so it is not a validation. */
export class DryRunNotHonouredError extends ITCareError { override readonly code = 'ITCARE_DRY_RUN_NOT_HONOURED'; }
/** The caller's AbortSignal fired. */
export class AbortedError extends ITCareError { override readonly code = 'ITCARE_ABORTED'; }

const byStatus: Record<number, new (m: string, d: ITCareErrorDetails) => ITCareHttpError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableError,
  429: TooManyRequestsError,
};

/** Builds the error for an HTTP answer; the message names method, path, status and ITCare's words. */
export function httpError(method: string, path: string, httpStatus: number, body: ITCareErrorBody | undefined): ITCareHttpError {
  const Ctor = byStatus[httpStatus] ?? (httpStatus >= 500 ? ServerError : ITCareHttpError);
  const said = [body?.errorCode, body?.errorMessage].filter(Boolean).join(': ');
  const field = body?.errorDesc && !said.includes(body.errorDesc) ? ` (field ${body.errorDesc})` : '';
  const message = `ITCare ${method} ${path} failed with HTTP ${httpStatus}${said ? `: ${said}` : ''}${field}`;
  return new Ctor(message, { ...body, method, path, httpStatus });
}
