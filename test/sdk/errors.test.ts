import { AxiosError, AxiosHeaders } from 'axios';
import { mapAuthError, mapError } from '../../sdk/errorMapping';
import {
  BadRequestError, ConflictError, ITCareError, NetworkError, NotFoundError, ServerError, UnprocessableError, httpError,
} from '../../sdk/errors';
import { SecretRegistry } from '../../sdk/redact';

const SECRET = 'super-secret-client-value-42';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpdGNhcmUifQ.c2lnbmF0dXJlLXZhbHVl';

describe('error hierarchy', () => {
  it('maps statuses to classes with stable codes and ITCare fields', () => {
    const body = { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'name', errorMessage: "Error on field 'name'" };
    const e = httpError('POST', '/compute/instances', 400, body);
    expect(e).toBeInstanceOf(BadRequestError);
    expect(e).toBeInstanceOf(ITCareError);
    expect(e).toMatchObject({ code: 'ITCARE_BAD_REQUEST', method: 'POST', path: '/compute/instances', httpStatus: 400, errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'name' });
    expect(e.message).toBe("ITCare POST /compute/instances failed with HTTP 400: INVALID_FIELD_VALUE: Error on field 'name'");
    expect(httpError('GET', '/x', 404, undefined)).toBeInstanceOf(NotFoundError);
    expect(httpError('GET', '/x', 409, undefined).code).toBe('ITCARE_CONFLICT');
    expect(httpError('GET', '/x', 422, undefined)).toBeInstanceOf(UnprocessableError);
    expect(httpError('GET', '/x', 503, undefined)).toBeInstanceOf(ServerError);
    expect(httpError('GET', '/x', 418, undefined).code).toBe('ITCARE_HTTP_ERROR');
    expect(httpError('DELETE', '/x', 409, { errorCode: 'INVALID_STATE' })).toBeInstanceOf(ConflictError);
  });

  it('never keeps an axios error (its config holds the Authorization header)', () => {
    const headers = new AxiosHeaders({ Authorization: `Bearer ${TOKEN}` });
    const axiosErr = new AxiosError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED', { headers, url: '/x', data: JSON.stringify({ clientSecret: SECRET }) } as never);
    const secrets = new SecretRegistry();
    secrets.add(SECRET);
    const e = mapError(axiosErr, { method: 'GET', path: '/compute/instances', secrets });
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.message).toContain('ECONNREFUSED');
    for (const text of [JSON.stringify(e), e.message, String(e.stack), JSON.stringify(e.cause), JSON.stringify(Object.entries(e))]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('Authorization');
    }
  });

  it('redacts secrets and tokens echoed by an identity provider', () => {
    const secrets = new SecretRegistry();
    secrets.add(SECRET);
    const oauthErr = Object.assign(new Error(`bad client ${SECRET} with Bearer ${TOKEN}`), { error: 'invalid_client', error_description: `secret ${SECRET} rejected`, status: 401 });
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
    expect(Object.keys(e.toJSON()).sort()).toEqual(['code', 'errorCode', 'errorMessage', 'httpStatus', 'message', 'method', 'name', 'path']);
  });
});
