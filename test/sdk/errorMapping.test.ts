import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { mapAuthError, mapError, safeCause } from '../../sdk/errorMapping';
import { AuthenticationError, ForbiddenError, NetworkError } from '../../sdk/errors';
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
  });
});

describe('safeCause', () => {
  it('a thrown non-object becomes a message', () => {
    expect(safeCause('boom')).toEqual({ message: 'boom' });
    expect(safeCause(42)).toEqual({ message: '42' });
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
});
