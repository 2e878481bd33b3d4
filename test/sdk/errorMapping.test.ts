import {
  NEVER_SENT_CODES,
  errorBody,
  fetchFailureCode,
  mapAuthError,
  mapError,
  networkCode,
  parseRetryAfter,
  safeCause,
} from '../../sdk/errorMapping';
import {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  NetworkError,
  RequestTimeoutError,
  ServerError,
  TIMEOUT_HINT,
  TooManyRequestsError,
  formatDuration,
  httpError,
} from '../../sdk/errors';
import { SecretRegistry } from '../../sdk/redact';
import { freePort } from '../helpers/ports';

/**
 * The one mapping function, on failures the emulator cannot produce on demand over HTTP: fetch's
 * rejections for a refused connection, an undici or TLS failure, our timer and the caller's abort, and a
 * thrown non-Error. Each is a real error object of the kind the runtime throws (a real fetch to a closed
 * port where one can be had), mapped as the SDK promises: an ITCareError of the right class and code,
 * saying method, path and why.
 */
const ctx = { method: 'GET', path: '/compute/instances' };

/** fetch's rejection when no answer came: TypeError "fetch failed", the reason as its cause. */
const fetchFailed = (cause?: unknown) => Object.assign(new TypeError('fetch failed'), cause === undefined ? {} : { cause });
const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('mapError', () => {
  it("a real fetch to a closed port is a NetworkError saying ECONNREFUSED, read from fetch's cause", async () => {
    const failure = await fetch(`http://127.0.0.1:${await freePort()}/itcare/compute/instances`).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'TypeError', message: 'fetch failed' }); // undici's realm: not this one's TypeError
    const err = mapError(failure, ctx);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'ITCARE_NETWORK_ERROR', method: 'GET', path: '/compute/instances' });
    expect(err.message).toBe('ITCare GET /compute/instances got no answer (ECONNREFUSED)');
    expect(err.cause).toMatchObject({ name: 'TypeError', code: 'ECONNREFUSED', message: 'fetch failed' });
  });

  it("undici's and TLS codes when there is no errno; FETCH_FAILED when fetch gave no reason", () => {
    expect(mapError(fetchFailed(coded('other side closed', 'UND_ERR_SOCKET')), ctx).message).toBe(
      'ITCare GET /compute/instances got no answer (UND_ERR_SOCKET)',
    );
    expect(mapError(fetchFailed(coded('certificate has expired', 'CERT_HAS_EXPIRED')), ctx).message).toBe(
      'ITCare GET /compute/instances got no answer (CERT_HAS_EXPIRED)',
    );
    const bare = mapError(fetchFailed(), ctx);
    expect(bare).toBeInstanceOf(NetworkError);
    expect(bare.message).toBe('ITCare GET /compute/instances got no answer (FETCH_FAILED)');
  });

  it('a failure that is not fetch\'s says what it said, or "unknown error"', () => {
    expect(mapError(new Error('socket hang up'), ctx).message).toBe('ITCare GET /compute/instances failed: socket hang up');
    expect(mapError(new TypeError('Invalid URL'), ctx).message).toBe('ITCare GET /compute/instances failed: Invalid URL');
    expect(mapError('a thrown string', ctx).message).toBe('ITCare GET /compute/instances failed: a thrown string');
    const bare = mapError({}, ctx);
    expect(bare).toBeInstanceOf(NetworkError);
    expect(bare.message).toBe('ITCare GET /compute/instances failed: unknown error');
    expect(bare).toMatchObject({ method: 'GET', path: '/compute/instances' });
  });

  it('an abort is an AbortedError naming method and path, whatever reason the caller gave its signal', () => {
    const err = mapError(new DOMException('This operation was aborted', 'AbortError'), ctx);
    expect(err).toBeInstanceOf(AbortedError);
    expect(err).toMatchObject({ code: 'ITCARE_ABORTED', method: 'GET', path: '/compute/instances' });
    expect(err.message).toBe('ITCare GET /compute/instances was aborted');
    // fetch rejects with the signal's reason: a caller's own error, or a TimeoutError of its own deadline.
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    expect(mapError(controller.signal.reason, { ...ctx, signal: controller.signal })).toBeInstanceOf(AbortedError);
    const deadline = AbortSignal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    expect(mapError(deadline.reason, { ...ctx, signal: deadline, timeoutMs: 300 })).toBeInstanceOf(AbortedError);
  });

  it('only our own timer is the request timeout; an OS or undici connect timeout is a network error', () => {
    const ours = mapError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), { ...ctx, timeoutMs: 300 });
    expect(ours).toBeInstanceOf(RequestTimeoutError);
    expect(ours).toMatchObject({ code: 'ITCARE_TIMEOUT', timeoutMs: 300 });
    expect(ours.message).toBe(`ITCare GET /compute/instances did not answer within 300 ms (${TIMEOUT_HINT})`);
    const os = mapError(fetchFailed(coded('connect ETIMEDOUT 10.0.0.1:443', 'ETIMEDOUT')), { ...ctx, timeoutMs: 300 });
    expect(os).not.toBeInstanceOf(RequestTimeoutError);
    expect(os.message).toBe('ITCare GET /compute/instances got no answer (ETIMEDOUT)');
    const connect = mapError(fetchFailed(coded('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT')), ctx);
    expect(connect).not.toBeInstanceOf(RequestTimeoutError);
    expect(connect.message).toBe('ITCare GET /compute/instances got no answer (UND_ERR_CONNECT_TIMEOUT)');
  });
});

describe('an HTTP answer with an error status (mapped by httpError from the body the transport read)', () => {
  it('a response body quoting a registered secret is redacted in the HTTP error', () => {
    const secrets = new SecretRegistry();
    secrets.add('Pa55word-of-db01');
    const err = httpError(
      'POST',
      '/x',
      400,
      errorBody({ errorCode: 'INVALID_FIELD_VALUE', errorMessage: 'admPassword Pa55word-of-db01 is too weak' }),
      { secrets },
    );
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toContain('admPassword [REDACTED] is too weak');
    expect(JSON.stringify(err)).not.toContain('Pa55word-of-db01');
  });
});

describe('safeCause', () => {
  it('a thrown non-object becomes a message', () => {
    expect(safeCause('boom')).toEqual({ message: 'boom' });
    expect(safeCause(42)).toEqual({ message: '42' });
  });

  it('nothing thrown is no cause; an object gives only its safe fields of the right type', () => {
    expect(safeCause(undefined)).toBeUndefined();
    expect(safeCause(null)).toBeUndefined();
    expect(
      safeCause({
        name: 42,
        code: 7,
        message: 1,
        error: 2,
        error_description: 3,
        status: '503',
        config: { headers: { Authorization: 'Bearer x' } },
      }),
    ).toStrictEqual({});
    expect(
      safeCause({
        name: 'OperationProcessingError',
        code: 'ECONNRESET',
        message: 'm',
        error: 'invalid_grant',
        error_description: 'd',
        status: 400,
      }),
    ).toEqual({
      name: 'OperationProcessingError',
      code: 'ECONNRESET',
      message: 'm',
      error: 'invalid_grant',
      error_description: 'd',
      status: 400,
    });
  });
});

describe('networkCode', () => {
  it('an errno code up to three causes deep, never ERR_BAD_RESPONSE nor a non-errno code', () => {
    expect(networkCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
    expect(networkCode({ cause: { cause: { cause: { code: 'EPIPE' } } } })).toBe('EPIPE');
    expect(networkCode({ cause: { cause: { cause: { cause: { code: 'EPIPE' } } } } })).toBeUndefined();
    expect(networkCode({ code: 'UND_ERR_SOCKET', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
    expect(networkCode({ code: 'UND_ERR_SOCKET' })).toBeUndefined();
    expect(networkCode({ code: 'EPIPEx' })).toBeUndefined();
    expect(networkCode({ code: 42 })).toBeUndefined();
    expect(networkCode({ cause: null })).toBeUndefined();
    expect(networkCode('ECONNRESET')).toBeUndefined();
  });

  it('fetchFailureCode: only for fetch\'s "fetch failed"; errno first, then a code two causes deep, else FETCH_FAILED', () => {
    expect(fetchFailureCode(fetchFailed(Object.assign(new AggregateError([coded('a', 'ECONNREFUSED')]), { code: 'ECONNREFUSED' })))).toBe(
      'ECONNREFUSED',
    );
    expect(fetchFailureCode(fetchFailed({ code: 'UND_ERR_SOCKET', cause: { code: 'ECONNRESET' } }))).toBe('ECONNRESET');
    expect(fetchFailureCode(fetchFailed({ message: 'wrapped', cause: { code: 'UND_ERR_CLOSED' } }))).toBe('UND_ERR_CLOSED');
    expect(fetchFailureCode(fetchFailed({ cause: { cause: { cause: { code: 'UND_ERR_CLOSED' } } } }))).toBe('FETCH_FAILED');
    expect(fetchFailureCode(fetchFailed({ code: 'lower_case' }))).toBe('FETCH_FAILED');
    expect(fetchFailureCode(new TypeError('Invalid URL'))).toBeUndefined();
    expect(fetchFailureCode(coded('connect ECONNREFUSED', 'ECONNREFUSED'))).toBeUndefined();
  });

  it('the codes that prove a request never left: refused, unresolved, unreachable; not a reset or a timeout', () => {
    // These decide whether a PATCH or DELETE may be resent (transport.ts): a reset or a timeout may
    // come after the server got the request, so neither is in the list.
    expect([...NEVER_SENT_CODES].sort()).toEqual(['EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);
  });
});

describe('parseRetryAfter and formatDuration', () => {
  it('Retry-After in seconds or as an HTTP date, never negative; unreadable is none', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const inFiveSeconds = parseRetryAfter(new Date(Date.now() + 5000).toUTCString())!;
    expect(inFiveSeconds).toBeGreaterThan(3000);
    expect(inFiveSeconds).toBeLessThanOrEqual(5000);
    expect(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString())).toBe(0);
    for (const none of [undefined, null, '', 'soon']) expect(parseRetryAfter(none)).toBeUndefined();
  });

  it('durations in errors: ms below a second, else seconds to one decimal', () => {
    expect([formatDuration(999), formatDuration(1000), formatDuration(1500), formatDuration(20_000)]).toEqual([
      '999 ms',
      '1 s',
      '1.5 s',
      '20 s',
    ]);
  });
});

describe('mapAuthError', () => {
  it('fetch\'s bare "fetch failed" (no answer from the IdP) is a transient NetworkError cause, FETCH_FAILED', () => {
    const err = mapAuthError(new TypeError('fetch failed'), 'discovery');
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.cause).toBeInstanceOf(NetworkError);
    expect((err.cause as Error).message).toBe('ITCare authentication failed during discovery: fetch failed (FETCH_FAILED)');
  });

  it('another TypeError is no network failure: the cause stays the plain, safe description', () => {
    const err = mapAuthError(new TypeError('Invalid URL'), 'discovery');
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.cause).not.toBeInstanceOf(NetworkError);
    expect(err.cause).toEqual({ name: 'TypeError', message: 'Invalid URL' });
  });

  it("says what failed: the OAuth error when there is one, else the failure's own message", () => {
    expect(mapAuthError(new Error('boom'), 'discovery').message).toBe('ITCare authentication failed during discovery: boom');
    expect(mapAuthError({ error: 'invalid_client', message: 'ignored' }, 'the client_credentials grant').message).toBe(
      'ITCare authentication failed during the client_credentials grant: invalid_client',
    );
    expect(mapAuthError({}, 'discovery').message).toBe('ITCare authentication failed during discovery');
  });
});

describe('mapAuthError on the shapes openid-client throws', () => {
  const grant = 'the client_credentials grant';

  it("an OAuth error body: status, error and its description; the failure's own message only without an OAuth error", () => {
    expect(
      mapAuthError({ status: 401, error: 'invalid_client', error_description: 'Invalid client credentials', message: 'ignored' }, grant)
        .message,
    ).toBe(`ITCare authentication failed during ${grant}: HTTP 401 invalid_client (Invalid client credentials)`);
    expect(mapAuthError(Object.assign(new Error('unexpected response'), { status: 502 }), grant).message).toBe(
      `ITCare authentication failed during ${grant}: HTTP 502`,
    );
  });

  it('a 401 challenge (WWW-Authenticate) brings its OAuth error up from the challenge parameters', () => {
    const challenged = Object.assign(new Error('www-authenticate challenge'), {
      status: 401,
      cause: [
        { scheme: 'basic', parameters: {} },
        { scheme: 'bearer', parameters: { error: 'invalid_client', error_description: 'bad secret' } },
      ],
    });
    expect(mapAuthError(challenged, grant).message).toBe(
      `ITCare authentication failed during ${grant}: HTTP 401 invalid_client (bad secret)`,
    );
    const bare = Object.assign(new Error('www-authenticate challenge'), { cause: [{ scheme: 'basic', parameters: { realm: 'cloud' } }] });
    expect(mapAuthError(bare, grant).message).toBe(`ITCare authentication failed during ${grant}: www-authenticate challenge`);
  });

  it('no answer in time: a RequestTimeoutError naming the endpoint and the timeout, when known', () => {
    for (const code of ['OAUTH_TIMEOUT', 'ETIMEDOUT']) {
      const err = mapAuthError(Object.assign(new Error('timed out'), { code }), grant, undefined, {
        endpoint: 'https://idp.example/token',
        timeoutMs: 5000,
      });
      expect(err.message).toBe(
        `ITCare authentication failed during ${grant}: https://idp.example/token did not answer within 5 s (${TIMEOUT_HINT})`,
      );
      expect(err.cause).toBeInstanceOf(RequestTimeoutError);
    }
    expect(mapAuthError({ code: 'OAUTH_TIMEOUT' }, grant).message).toBe(
      `ITCare authentication failed during ${grant}: the identity provider did not answer (${TIMEOUT_HINT})`,
    );
  });

  it('throttled (429) with its Retry-After, or failing (5xx): transient causes of their class', () => {
    const throttled = mapAuthError({ status: 429, error: 'slow_down', response: { headers: new Headers({ 'retry-after': '3' }) } }, grant);
    expect(throttled).toMatchObject({ retryAfterMs: 3000 });
    expect(throttled.cause).toBeInstanceOf(TooManyRequestsError);
    expect(throttled.cause).toMatchObject({ httpStatus: 429, retryAfterMs: 3000 });
    for (const status of [500, 503]) {
      const failing = mapAuthError({ status }, grant);
      expect(failing.cause).toBeInstanceOf(ServerError);
      expect(failing.cause).toMatchObject({ httpStatus: status });
    }
    expect(mapAuthError({ status: 499 }, grant).cause).not.toBeInstanceOf(ServerError);
  });

  it("undici's codes up to three causes deep are network failures; deeper is not looked at", () => {
    const nested = (depth: number) => {
      let e: Record<string, unknown> = { code: 'UND_ERR_CONNECT_TIMEOUT' };
      for (let i = 0; i < depth; i++) e = { message: 'wrapped', cause: e };
      return e;
    };
    const found = mapAuthError(nested(3), grant);
    expect(found.cause).toBeInstanceOf(NetworkError);
    expect((found.cause as Error).message).toMatch(/\(UND_ERR_CONNECT_TIMEOUT\)$/);
    expect(mapAuthError(nested(4), grant).cause).not.toBeInstanceOf(NetworkError);
  });
});

describe('errorBody', () => {
  it("ITCare's four string fields, when there is at least one; anything else is no body", () => {
    expect(
      errorBody({ errorCode: 'INVALID_STATE', errorDesc: 'status', errorMessage: 'busy', status: 'CONFLICT', extra: 1 }),
    ).toStrictEqual({ status: 'CONFLICT', errorCode: 'INVALID_STATE', errorDesc: 'status', errorMessage: 'busy' });
    expect(errorBody({ errorCode: 'X' })).toStrictEqual({
      status: undefined,
      errorCode: 'X',
      errorDesc: undefined,
      errorMessage: undefined,
    });
    for (const none of ['<html>bad gateway</html>', '', null, undefined, {}, { errorCode: 5 }, 42]) expect(errorBody(none)).toBeUndefined();
  });
});
