import { inspect } from 'node:util';
import { rejection } from '../helpers/sdk';
import { ActionFailedError, BadRequestError, ITCareError, progressLine, type ActionProgress, type ITCareClient } from '../../sdk';
import { SecretRegistry, redactDeep } from '../../sdk/redact';
import { demoInstance, useEmulator, sdkClient } from '../helpers/emulator';

/**
 * The one redaction point, over real HTTP: whatever the server sends back (a failed action's message,
 * an error body) may echo the client secret or the tokens the client holds. None of them may reach an
 * error (message, JSON.stringify, util.inspect, stack), an action read by the client, or a progress
 * payload: the provider stores all of these in Pulumi's state and prints them.
 */

const em = useEmulator();
const FAST = { minDelayMs: 20, maxDelayMs: 50 };

/** The client's own current tokens (the refresh token is opaque: only the registry can hide it). */
async function heldTokens(client: ITCareClient): Promise<{ access: string; refresh: string }> {
  const access = await client.auth.getToken();
  const held = (client.auth as unknown as { held?: { refreshToken?: string } }).held;
  if (!held?.refreshToken) throw new Error('the emulator hands out refresh tokens: expected one');
  return { access, refresh: held.refreshToken };
}

function expectNoSecret(texts: string[], secrets: string[]): void {
  for (const text of texts) for (const s of secrets) expect(text.split(s).length - 1).toBe(0);
}

const renderings = (err: unknown) => [
  String((err as Error).message),
  JSON.stringify(err),
  String((err as Error).stack),
  inspect(err, { depth: 8 }),
];

it('a failed action echoing the client secret and the current tokens: redacted in the error, the action and the progress', async () => {
  const client = sdkClient(em);
  const { access, refresh } = await heldTokens(client);
  const secrets = [em.clientSecret, access, refresh];
  await em.control.failNext(1, `provisioning failed for secret=${em.clientSecret} token ${access} refresh=${refresh}`);

  const accepted = await client.compute.instances.create(demoInstance('leak01'));
  const progress: ActionProgress[] = [];
  const err = await rejection(client.waitForAction(accepted.actionId!, { ...FAST, timeout: 10_000, onProgress: (p) => progress.push(p) }));

  expect(err).toBeInstanceOf(ActionFailedError);
  expect((err as ActionFailedError).message).toContain('provisioning failed for secret=[REDACTED]');
  expectNoSecret(renderings(err), secrets);
  expect(progress.at(-1)!.status).toBe('ERROR');
  expectNoSecret(
    progress.flatMap((p) => [JSON.stringify(p), inspect(p, { depth: 8 }), progressLine('leak01', p)]),
    secrets,
  );
  const action = await client.actions.get(accepted.actionId!);
  expect(action.status).toBe('ERROR');
  expectNoSecret([JSON.stringify(action)], secrets);
  expectNoSecret([JSON.stringify(await client.actions.list({ resourceId: accepted.resourceId as number }))], secrets);
});

it('an error body echoing them in every field: no field of the ITCareError keeps them', async () => {
  const client = sdkClient(em);
  const { access, refresh } = await heldTokens(client);
  const secrets = [em.clientSecret, access, refresh];
  await em.control.addFault({
    method: 'POST',
    path: '^/itcare/compute/instances$',
    status: 400,
    count: 1,
    body: {
      status: 'BAD_REQUEST',
      errorCode: `BAD_${refresh}`,
      errorDesc: em.clientSecret,
      errorMessage: `Bearer ${access} / ${refresh} / ${em.clientSecret}`,
    },
  });

  const err = await rejection(client.compute.instances.create(demoInstance('leak02')));

  expect(err).toBeInstanceOf(BadRequestError);
  expect(err).toMatchObject({ errorCode: 'BAD_[REDACTED]', errorDesc: '[REDACTED]', httpStatus: 400 });
  expectNoSecret([...renderings(err), ...Object.values(err as ITCareError).map(String)], secrets);
});

it('an ITCareError given a registry redacts every string field and its cause, under inspect and JSON too', () => {
  const secrets = new SecretRegistry();
  const opaque = 'opaque-refresh-token-0123456789';
  secrets.add(opaque);
  const err = new ITCareError(`echo ${opaque}`, {
    secrets,
    method: 'GET',
    path: `/compute/instances/${opaque}`,
    errorCode: opaque,
    errorDesc: opaque,
    errorMessage: `x ${opaque}`,
    cause: Object.assign(new Error(`cause ${opaque}`), { code: 'ECONNRESET' }),
  });

  expect(err).toMatchObject({
    message: 'echo [REDACTED]',
    path: '/compute/instances/[REDACTED]',
    errorCode: '[REDACTED]',
    errorMessage: 'x [REDACTED]',
  });
  expect(err.cause).toEqual({ name: 'Error', message: 'cause [REDACTED]', code: 'ECONNRESET' });
  expectNoSecret(renderings(err), [opaque]);
});

describe('the token shapes, written out: no part of a token is left', () => {
  const redact = (text: string) => new SecretRegistry().redact(text);
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZXJ2aWNlIn0.c2lnbmF0dXJl-_Zz09';

  it('a bearer or basic credential, however spaced or cased', () => {
    expect(redact('Authorization: Bearer abcDEF123._~+/=-xyz and more')).toBe('Authorization: Bearer [REDACTED] and more');
    expect(redact('Basic  dXNlcjpwYXNzd29yZA==')).toBe('Basic [REDACTED]');
    expect(redact('bearer t0k3n')).toBe('bearer [REDACTED]');
    expect(redact('Bearer')).toBe('Bearer');
  });

  it('a JWT, its signature empty or not; three short parts are not one', () => {
    expect(redact(`token ${jwt} end`)).toBe('token [REDACTED] end');
    expect(redact('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toBe('[REDACTED]');
    expect(redact('eyJab.cdefg.h and eyJabcde.f.gh')).toBe('eyJab.cdefg.h and eyJabcde.f.gh');
  });

  it('a known value of six characters or more, wherever it is; shorter ones would hide innocent words', () => {
    const secrets = new SecretRegistry();
    secrets.add('s3cr3t');
    secrets.add('short');
    expect(secrets.redact('x=s3cr3t;y=s3cr3t short')).toBe('x=[REDACTED];y=[REDACTED] short');
  });

  it('redactDeep: plain objects (null prototype too) and arrays are copied redacted; class instances and dates are kept', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { auth: 'Bearer abc' });
    expect(redactDeep({ list: ['Bearer abc', 1, null], bare })).toEqual({
      list: ['Bearer [REDACTED]', 1, null],
      bare: { auth: 'Bearer [REDACTED]' },
    });
    const url = new URL('http://x.example/Bearer%20abc');
    const when = new Date(0);
    expect(redactDeep({ url, when }).url).toBe(url);
    expect(redactDeep(when)).toBe(when);
  });
});
