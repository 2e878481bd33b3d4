import { FAST_RETRY, fastClient, itcareRejection } from '../helpers/sdk';
import { inspect } from 'node:util';
import {
  BadRequestError,
  type ITCareError,
  NetworkError,
  NotFoundError,
  ServerError,
  TooManyRequestsError,
  type ClientOptions,
} from '../../sdk';
import { demoInstance, useEmulator, requestsTo } from '../helpers/emulator';

/**
 * How HTTP answers become errors, over real HTTP: ITCare's fields on the error, a Retry-After too
 * long to wait for, and what an error may reveal (never the bearer token, the client secret, nor a
 * value registered with addSecret, even when ITCare's error body echoes it).
 */

const em = useEmulator();

const INSTANCES = '/itcare/compute/instances';

const newClient = (extra: Partial<ClientOptions> = {}) => fastClient(em, extra);
const requests = (method: string, path = INSTANCES) => requestsTo(em, method, path);

/** Every form in which an error reaches a log or a terminal. */
const renderings = (err: ITCareError) => [err.message, JSON.stringify(err), String(err.stack), inspect(err, { depth: 5 })];

describe('HTTP errors', () => {
  it("maps a 400 to BadRequestError with ITCare's fields and a message naming method, path and status", async () => {
    // cpu 3 passes the SDK's schema (1..64) but not ITCare's catalogue (1, 2, 4, 8…).
    const err = await itcareRejection(newClient().compute.instances.create(demoInstance('badcpu01', { cpu: 3 })));

    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({
      code: 'ITCARE_BAD_REQUEST',
      method: 'POST',
      path: '/compute/instances',
      httpStatus: 400,
      errorCode: 'INVALID_FIELD_VALUE',
      errorDesc: 'cpu',
    });
    expect(err.errorMessage).toMatch(/cpu/);
    expect(err.message).toContain('POST /compute/instances');
    expect(err.message).toContain('HTTP 400');
    expect(err.message).toContain(err.errorMessage!);
    expect((await requests('POST')).map((e) => e.status)).toEqual([400]);
  });

  it('never lets the bearer token or the client secret into a serialized error', async () => {
    const client = newClient({ retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    const token = await client.auth.getToken();
    expect(token.length).toBeGreaterThan(20);

    await em.control.addFault({ method: 'GET', path: '^/itcare/compute/services$', status: 503, body: { errorMessage: 'down' }, count: 1 });
    const errors = [
      await itcareRejection(client.compute.instances.create(demoInstance('leak01', { cpu: 3 }))),
      await itcareRejection(client.compute.instances.get(1)),
      await itcareRejection(client.get('/compute/services')),
    ];
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, reset: 'after', count: 1 });
    errors.push(await itcareRejection(client.compute.instances.create(demoInstance('leak02'))));
    expect(errors.map((e) => e.constructor)).toEqual([BadRequestError, NotFoundError, ServerError, NetworkError]);
    expect(await client.auth.getToken()).toBe(token); // the token those requests carried

    for (const err of errors) {
      for (const text of [JSON.stringify(err), String(err.stack), inspect(err, { depth: 5 }), err.message]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(em.clientSecret);
        expect(text).not.toMatch(/Bearer\s+ey/);
      }
    }
  });

  it("redacts values registered with addSecret from ITCare's error body (message, errorMessage, errorDesc)", async () => {
    const password = 'Adm1n-P4ss-9f8e7d';
    const client = newClient();
    client.addSecret(password);
    await em.control.addFault({
      method: 'POST',
      path: `^${INSTANCES}$`,
      status: 400,
      count: 1,
      body: {
        status: 'BAD_REQUEST',
        errorCode: 'INVALID_FIELD_VALUE',
        errorDesc: `adminPassword=${password}`,
        errorMessage: `Password '${password}' does not meet the policy`,
      },
    });
    const err = await itcareRejection(client.post('/compute/instances', { body: demoInstance('pw01', { adminPassword: password }) }));

    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({
      errorCode: 'INVALID_FIELD_VALUE',
      errorDesc: 'adminPassword=[REDACTED]',
      errorMessage: "Password '[REDACTED]' does not meet the policy",
    });
    expect(err.message).toBe(
      "ITCare POST /compute/instances failed with HTTP 400: INVALID_FIELD_VALUE: Password '[REDACTED]' does not meet the policy (field adminPassword=[REDACTED])",
    );
    for (const text of renderings(err)) expect(text).not.toContain(password);
  });
});

describe('the client secret in an error body', () => {
  it('is redacted without being registered: the client knows its own secret', async () => {
    await em.control.addFault({
      method: 'GET',
      path: `^${INSTANCES}$`,
      status: 400,
      count: 1,
      body: {
        status: 'BAD_REQUEST',
        errorCode: 'INVALID_FIELD_VALUE',
        errorDesc: 'names',
        errorMessage: `no such name ${em.clientSecret}`,
      },
    });
    const err = await itcareRejection(newClient().compute.instances.list());
    expect(err).toMatchObject({ errorMessage: 'no such name [REDACTED]' });
    for (const text of renderings(err)) expect(text).not.toContain(em.clientSecret);
  });
});

describe('Retry-After beyond retry.maxRetryAfterMs', () => {
  it('fails at once with the HTTP error, carrying retryAfterMs (default limit: 60 s)', async () => {
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 503, retryAfter: 120, count: 1 });
    const started = Date.now();
    const err = await itcareRejection(newClient().compute.instances.list());

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ httpStatus: 503, retryAfterMs: 120_000 });
    expect(err.toJSON()).toMatchObject({ code: 'ITCARE_SERVER_ERROR', retryAfterMs: 120_000 });
    expect((await requests('GET')).map((e) => e.status)).toEqual([503]);
  });

  it('applies to a throttled POST too, with a configured limit', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 429, retryAfter: 5, count: 1 });
    const err = await itcareRejection(
      newClient({ retry: { ...FAST_RETRY, maxRetryAfterMs: 1000 } }).compute.instances.create(demoInstance('slow01')),
    );

    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(err).toMatchObject({ httpStatus: 429, retryAfterMs: 5000, method: 'POST' });
    expect((await requests('POST')).map((e) => e.status)).toEqual([429]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('a Retry-After within the limit is waited for, and an error after the last attempt still carries it', async () => {
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 503, retryAfter: 0 });
    const err = await itcareRejection(newClient({ retry: { ...FAST_RETRY, maxAttempts: 2 } }).compute.instances.list());

    expect(err).toMatchObject({ httpStatus: 503, retryAfterMs: 0 });
    expect((await requests('GET')).map((e) => e.status)).toEqual([503, 503]);
  });
});
