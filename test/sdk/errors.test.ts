import { inspect } from 'node:util';
import { mapAuthError, mapError } from '../../sdk/errorMapping';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ITCareError,
  NetworkError,
  NotFoundError,
  ServerError,
  UnprocessableError,
  answerError,
  errorBodyOf,
  httpError,
  isTransient,
  ITCareHttpError,
  TooManyRequestsError,
  UnauthorizedError,
  ForbiddenError,
  RequestTimeoutError,
} from '../../sdk/errors';
import { SecretRegistry } from '../../sdk/redact';
import { freePort } from '../helpers/ports';

const SECRET = 'super-secret-client-value-42';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpdGNhcmUifQ.c2lnbmF0dXJlLXZhbHVl';

describe('error hierarchy', () => {
  it('maps statuses to classes with stable codes and ITCare fields', () => {
    const body = { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'name', errorMessage: "Error on field 'name'" };
    const e = httpError('POST', '/compute/instances', 400, body);
    expect(e).toBeInstanceOf(BadRequestError);
    expect(e).toBeInstanceOf(ITCareError);
    expect(e).toMatchObject({
      code: 'ITCARE_BAD_REQUEST',
      method: 'POST',
      path: '/compute/instances',
      httpStatus: 400,
      errorCode: 'INVALID_FIELD_VALUE',
      errorDesc: 'name',
    });
    expect(e.message).toBe("ITCare POST /compute/instances failed with HTTP 400: INVALID_FIELD_VALUE: Error on field 'name'");
    expect(httpError('GET', '/x', 404, undefined)).toBeInstanceOf(NotFoundError);
    expect(httpError('GET', '/x', 409, undefined).code).toBe('ITCARE_CONFLICT');
    expect(httpError('GET', '/x', 422, undefined)).toBeInstanceOf(UnprocessableError);
    expect(httpError('GET', '/x', 503, undefined)).toBeInstanceOf(ServerError);
    expect(httpError('GET', '/x', 418, undefined).code).toBe('ITCARE_HTTP_ERROR');
    expect(httpError('DELETE', '/x', 409, { errorCode: 'INVALID_STATE' })).toBeInstanceOf(ConflictError);
  });

  it("never keeps fetch's failure: a request that sent a token and a secret leaves neither in the error", async () => {
    const failure = await fetch(`http://127.0.0.1:${await freePort()}/x?token=${TOKEN}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ clientSecret: SECRET }),
    }).catch((e: unknown) => e);
    const secrets = new SecretRegistry();
    secrets.add(SECRET);
    const e = mapError(failure, { method: 'GET', path: '/compute/instances', secrets });
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.message).toContain('ECONNREFUSED');
    const deep = inspect(e, { depth: Infinity, showHidden: true, getters: true });
    for (const text of [deep, JSON.stringify(e), e.message, String(e.stack), JSON.stringify(e.cause), JSON.stringify(Object.entries(e))]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('Authorization');
    }
  });

  it('redacts secrets and tokens echoed by an identity provider', () => {
    const secrets = new SecretRegistry();
    secrets.add(SECRET);
    const oauthErr = Object.assign(new Error(`bad client ${SECRET} with Bearer ${TOKEN}`), {
      error: 'invalid_client',
      error_description: `secret ${SECRET} rejected`,
      status: 401,
    });
    const e = mapAuthError(oauthErr, 'the client_credentials grant', secrets);
    expect(e.code).toBe('ITCARE_AUTH_FAILED');
    expect(e.message).toContain('invalid_client');
    const all = JSON.stringify(e) + e.message + String(e.stack);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(TOKEN);
    expect(all).toContain('[REDACTED]');
  });

  it('serializes to the documented fields only', () => {
    const e = httpError('PATCH', '/compute/instances/1', 409, { errorCode: 'INVALID_STATE', errorMessage: 'stop it first' });
    expect(Object.keys(e.toJSON()).sort()).toEqual([
      'code',
      'errorCode',
      'errorMessage',
      'httpStatus',
      'message',
      'method',
      'name',
      'path',
    ]);
  });

  it('adds retryAfterMs to the documented fields when the answer had a Retry-After', () => {
    const e = httpError('GET', '/x', 503, undefined, { retryAfterMs: 120_000 });
    expect(e.toJSON()).toEqual({
      name: 'ServerError',
      code: 'ITCARE_SERVER_ERROR',
      message: 'ITCare GET /x failed with HTTP 503',
      method: 'GET',
      path: '/x',
      httpStatus: 503,
      retryAfterMs: 120_000,
    });
  });

  it("redacts registered secrets from ITCare's error body", () => {
    const secrets = new SecretRegistry();
    secrets.add(SECRET);
    const e = httpError(
      'POST',
      '/x',
      400,
      { errorCode: 'INVALID_FIELD_VALUE', errorDesc: SECRET, errorMessage: `bad value ${SECRET}` },
      { secrets },
    );
    expect(e).toMatchObject({ errorDesc: '[REDACTED]', errorMessage: 'bad value [REDACTED]' });
    expect(JSON.stringify(e) + e.message + String(e.stack)).not.toContain(SECRET);
  });
});

describe('identity provider failures', () => {
  it('a 5xx from the IdP (openid-client keeps the Response as cause) is an AuthenticationError caused by a ServerError', () => {
    const clientError = Object.assign(new Error('unexpected HTTP response status code'), {
      code: 'OAUTH_RESPONSE_IS_NOT_CONFORM',
      cause: { status: 503 },
    });
    const e = mapAuthError(clientError, 'the client_credentials grant');
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.message).toBe('ITCare authentication failed during the client_credentials grant: HTTP 503');
    expect(e.cause).toBeInstanceOf(ServerError);
    expect(isTransient(e)).toBe(true);
  });

  it.each([
    ['a failed fetch', Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } })],
    ['a refused connection', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })],
    ['a timeout', Object.assign(new Error('operation timed out'), { code: 'OAUTH_TIMEOUT' })],
  ])('%s at the IdP is an AuthenticationError caused by a NetworkError', (_what, err) => {
    const e = mapAuthError(err, 'OIDC discovery');
    expect(e.cause).toBeInstanceOf(NetworkError);
    expect(isTransient(e)).toBe(true);
  });

  it('the network error under an IdP failure keeps what happened as its cause: the code, and the timeout it waited', () => {
    const refused = mapAuthError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'OIDC discovery');
    expect(refused.cause).toBeInstanceOf(NetworkError);
    expect((refused.cause as NetworkError).message).toMatch(/\(ECONNREFUSED\)$/);
    expect((refused.cause as NetworkError).cause).toMatchObject({ message: 'fetch failed' });
    const hung = mapAuthError(
      Object.assign(new Error('operation timed out'), { code: 'OAUTH_TIMEOUT' }),
      'the client_credentials grant',
      undefined,
      {
        endpoint: 'https://idp.example/token',
        timeoutMs: 1500,
      },
    );
    expect(hung.cause).toBeInstanceOf(RequestTimeoutError);
    expect(hung.cause).toMatchObject({ timeoutMs: 1500, cause: { message: 'operation timed out' } });
    expect(hung.message).toMatch(/https:\/\/idp\.example\/token did not answer within 1\.5 s/);
  });

  it('a refusal (4xx) is not transient; neither are other HTTP errors but 5xx and 429', () => {
    const refused = mapAuthError(
      Object.assign(new Error('invalid_client'), { error: 'invalid_client', status: 401 }),
      'the client_credentials grant',
    );
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused.cause).not.toBeInstanceOf(ITCareError);
    expect(isTransient(refused)).toBe(false);
    expect([400, 401, 404, 409, 429, 500, 502].map((s) => isTransient(httpError('GET', '/x', s, undefined)))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe('one status table for both sides of the wire', () => {
  it.each([
    [400, 'BAD_REQUEST', BadRequestError],
    [401, 'UNAUTHORIZED', UnauthorizedError],
    [403, 'FORBIDDEN', ForbiddenError],
    [404, 'NOT_FOUND', NotFoundError],
    [409, 'CONFLICT', ConflictError],
    [422, 'UNPROCESSABLE_ENTITY', UnprocessableError],
    [429, 'TOO_MANY_REQUESTS', TooManyRequestsError],
    [500, 'INTERNAL_SERVER_ERROR', ServerError],
    [503, 'SERVICE_UNAVAILABLE', ServerError],
  ])('HTTP %i: the server answers status %s, the client throws the same class', (status, name, Class) => {
    const answered = answerError(status, 'SOME_CODE', 'field', 'what ITCare said');
    expect(answered).toBeInstanceOf(Class);
    const body = errorBodyOf(answered);
    expect(body).toEqual({ status: name, errorCode: 'SOME_CODE', errorDesc: 'field', errorMessage: 'what ITCare said' });
    const thrown = httpError('GET', '/x', status, body);
    expect(thrown.constructor).toBe(answered.constructor);
    expect(thrown).toMatchObject({ httpStatus: status, errorCode: 'SOME_CODE', errorDesc: 'field', errorMessage: 'what ITCare said' });
  });

  it('a status outside the table: its number as the name, a 5xx a ServerError, a 4xx the generic HTTP error', () => {
    expect(errorBodyOf(answerError(418, 'TEAPOT', '', 'no')).status).toBe('418');
    expect(answerError(502, 'BAD_GATEWAY', '', 'no')).toBeInstanceOf(ServerError);
    const teapot = answerError(418, 'TEAPOT', '', 'no');
    expect(teapot.constructor).toBe(ITCareHttpError);
  });
});
