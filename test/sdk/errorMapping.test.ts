import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { NEVER_SENT_CODES, errorBody, mapAuthError, mapError, networkCode, parseRetryAfter, safeCause } from '../../sdk/errorMapping';
import { AbortedError, AuthenticationError, ForbiddenError, NetworkError, RequestTimeoutError, ServerError, TIMEOUT_HINT, TooManyRequestsError, formatDuration } from '../../sdk/errors';
import { SecretRegistry } from '../../sdk/redact';

/**
 * The one mapping function, on failures the emulator cannot produce over HTTP: the transport takes
 * every status as an answer (so axios never throws with a response), and fetch's bare "fetch failed"
 * or a thrown non-Error come from the runtime, not from a server. Each is a real error object of the
 * kind the libraries throw, mapped as the SDK promises: an ITCareError of the right class and code,
 * saying method, path and why.
 */
const ctx = { method: 'GET', path: '/compute/instances' };
const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;

describe('mapError', () => {
  it('an axios error that carries a response is the HTTP error of that status, with ITCare\'s body', () => {
    const response = { status: 403, statusText: 'Forbidden', headers: {}, config, data: { errorCode: 'ACCESS_DENIED', errorMessage: 'not a member' } } as AxiosResponse;
    const err = mapError(new AxiosError('Request failed with status code 403', 'ERR_BAD_REQUEST', config, {}, response), ctx);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: 'ITCARE_FORBIDDEN', method: 'GET', path: '/compute/instances', httpStatus: 403, errorCode: 'ACCESS_DENIED' });
  });

  it('a response body quoting a registered secret is redacted in the HTTP error', () => {
    const secrets = new SecretRegistry();
    secrets.add('Pa55word-of-db01');
    const response = { status: 400, statusText: 'Bad Request', headers: {}, config, data: { errorCode: 'INVALID_FIELD_VALUE', errorMessage: 'admPassword Pa55word-of-db01 is too weak' } } as AxiosResponse;
    const err = mapError(new AxiosError('Request failed with status code 400', 'ERR_BAD_REQUEST', config, {}, response), { ...ctx, secrets });
    expect(err.message).toContain('admPassword [REDACTED] is too weak');
    expect(JSON.stringify(err)).not.toContain('Pa55word-of-db01');
  });

  it('an axios error without a code nor a network code says UNKNOWN', () => {
    const err = mapError(new AxiosError('something odd'), ctx);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toBe('ITCare GET /compute/instances got no answer (UNKNOWN)');
  });

  it('a failure that is not axios\'s says what it said, or "unknown error"', () => {
    expect(mapError(new Error('socket hang up'), ctx).message).toBe('ITCare GET /compute/instances failed: socket hang up');
    expect(mapError('a thrown string', ctx).message).toBe('ITCare GET /compute/instances failed: a thrown string');
    const bare = mapError({}, ctx);
    expect(bare).toBeInstanceOf(NetworkError);
    expect(bare.message).toBe('ITCare GET /compute/instances failed: unknown error');
    expect(bare).toMatchObject({ method: 'GET', path: '/compute/instances' });
  });

  it('a cancelled request is an AbortedError naming method and path', () => {
    const err = mapError(new AxiosError('canceled', 'ERR_CANCELED', config), ctx);
    expect(err).toBeInstanceOf(AbortedError);
    expect(err.message).toBe('ITCare GET /compute/instances was aborted');
  });

  it('only axios\'s own timeout is the request timeout; an OS connect timeout is a network error', () => {
    const ours = mapError(new AxiosError('timeout of 300ms exceeded', 'ETIMEDOUT', config), { ...ctx, timeoutMs: 300 });
    expect(ours).toBeInstanceOf(RequestTimeoutError);
    const os = mapError(new AxiosError('connect ETIMEDOUT 10.0.0.1:443', 'ETIMEDOUT', config), { ...ctx, timeoutMs: 300 });
    expect(os).not.toBeInstanceOf(RequestTimeoutError);
    expect(os.message).toBe('ITCare GET /compute/instances got no answer (ETIMEDOUT)');
    // Without clarifyTimeoutError axios would say ECONNABORTED: not taken for ours either.
    expect(mapError(new AxiosError('timeout of 300ms exceeded', 'ECONNABORTED', config), ctx).message).toBe('ITCare GET /compute/instances got no answer (ECONNABORTED)');
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
    expect(safeCause({ name: 42, code: 7, message: 1, error: 2, error_description: 3, status: '503', config: { headers: { Authorization: 'Bearer x' } } })).toStrictEqual({});
    expect(safeCause({ name: 'OperationProcessingError', code: 'ECONNRESET', message: 'm', error: 'invalid_grant', error_description: 'd', status: 400 }))
      .toEqual({ name: 'OperationProcessingError', code: 'ECONNRESET', message: 'm', error: 'invalid_grant', error_description: 'd', status: 400 });
  });
});

describe('networkCode', () => {
  it('an errno code up to three causes deep, never ERR_BAD_RESPONSE nor a non-errno code', () => {
    expect(networkCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
    expect(networkCode({ cause: { cause: { cause: { code: 'EPIPE' } } } })).toBe('EPIPE');
    expect(networkCode({ cause: { cause: { cause: { cause: { code: 'EPIPE' } } } } })).toBeUndefined();
    expect(networkCode({ code: 'ERR_BAD_RESPONSE', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
    expect(networkCode({ code: 'ERR_BAD_RESPONSE' })).toBeUndefined();
    expect(networkCode({ code: 'EPIPEx' })).toBeUndefined();
    expect(networkCode({ code: 42 })).toBeUndefined();
    expect(networkCode({ cause: null })).toBeUndefined();
    expect(networkCode('ECONNRESET')).toBeUndefined();
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
    expect([formatDuration(999), formatDuration(1000), formatDuration(1500), formatDuration(20_000)]).toEqual(['999 ms', '1 s', '1.5 s', '20 s']);
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

  it('says what failed: the OAuth error when there is one, else the failure\'s own message', () => {
    expect(mapAuthError(new Error('boom'), 'discovery').message).toBe('ITCare authentication failed during discovery: boom');
    expect(mapAuthError({ error: 'invalid_client', message: 'ignored' }, 'the client_credentials grant').message).toBe('ITCare authentication failed during the client_credentials grant: invalid_client');
    expect(mapAuthError({}, 'discovery').message).toBe('ITCare authentication failed during discovery');
  });
});

describe('mapAuthError on the shapes openid-client throws', () => {
  const grant = 'the client_credentials grant';

  it('an OAuth error body: status, error and its description; the failure\'s own message only without an OAuth error', () => {
    expect(mapAuthError({ status: 401, error: 'invalid_client', error_description: 'Invalid client credentials', message: 'ignored' }, grant).message)
      .toBe(`ITCare authentication failed during ${grant}: HTTP 401 invalid_client (Invalid client credentials)`);
    expect(mapAuthError(Object.assign(new Error('unexpected response'), { status: 502 }), grant).message).toBe(`ITCare authentication failed during ${grant}: HTTP 502`);
  });

  it('a 401 challenge (WWW-Authenticate) brings its OAuth error up from the challenge parameters', () => {
    const challenged = Object.assign(new Error('www-authenticate challenge'), { status: 401, cause: [{ scheme: 'basic', parameters: {} }, { scheme: 'bearer', parameters: { error: 'invalid_client', error_description: 'bad secret' } }] });
    expect(mapAuthError(challenged, grant).message).toBe(`ITCare authentication failed during ${grant}: HTTP 401 invalid_client (bad secret)`);
    const bare = Object.assign(new Error('www-authenticate challenge'), { cause: [{ scheme: 'basic', parameters: { realm: 'cloud' } }] });
    expect(mapAuthError(bare, grant).message).toBe(`ITCare authentication failed during ${grant}: www-authenticate challenge`);
  });

  it('no answer in time: a RequestTimeoutError naming the endpoint and the timeout, when known', () => {
    for (const code of ['OAUTH_TIMEOUT', 'ETIMEDOUT']) {
      const err = mapAuthError(Object.assign(new Error('timed out'), { code }), grant, undefined, { endpoint: 'https://idp.example/token', timeoutMs: 5000 });
      expect(err.message).toBe(`ITCare authentication failed during ${grant}: https://idp.example/token did not answer within 5 s (${TIMEOUT_HINT})`);
      expect(err.cause).toBeInstanceOf(RequestTimeoutError);
    }
    expect(mapAuthError({ code: 'OAUTH_TIMEOUT' }, grant).message).toBe(`ITCare authentication failed during ${grant}: the identity provider did not answer (${TIMEOUT_HINT})`);
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

  it('undici\'s codes up to three causes deep are network failures; deeper is not looked at', () => {
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
  it('ITCare\'s four string fields, when there is at least one; anything else is no body', () => {
    expect(errorBody({ errorCode: 'INVALID_STATE', errorDesc: 'status', errorMessage: 'busy', status: 'CONFLICT', extra: 1 }))
      .toStrictEqual({ status: 'CONFLICT', errorCode: 'INVALID_STATE', errorDesc: 'status', errorMessage: 'busy' });
    expect(errorBody({ errorCode: 'X' })).toStrictEqual({ status: undefined, errorCode: 'X', errorDesc: undefined, errorMessage: undefined });
    for (const none of ['<html>bad gateway</html>', '', null, undefined, {}, { errorCode: 5 }, 42]) expect(errorBody(none)).toBeUndefined();
  });
});
