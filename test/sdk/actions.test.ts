import diagnosticsChannel from 'node:diagnostics_channel';
import { rejection } from '../helpers/sdk';
import {
  AbortedError,
  ActionFailedError,
  ActionTimeoutError,
  type ITCareClient,
  NotFoundError,
  ServerError,
  type ActionProgress,
} from '../../sdk';
import { demoInstance, requestsTo, useEmulator, sdkClient } from '../helpers/emulator';
import { progressLine } from '../../sdk/actions';

/**
 * Waiting for ITCare's async actions against the emulator's action engine (actions last 50 ms unless
 * a test changes the timing): success with progress reports, ERROR, our own deadline, and abort.
 */

const em = useEmulator();
let client: ITCareClient;
beforeAll(() => {
  client = sdkClient(em);
});

/** Short polls: the emulator's actions are fast. */
const FAST = { minDelayMs: 20, maxDelayMs: 50 };

it('create → waitForAction resolves with SUCCESS, reporting progress with status and elapsed time', async () => {
  const accepted = await client.compute.instances.create(demoInstance('act01'));
  expect(accepted).toMatchObject({ status: 'IN_PROGRESS', actionId: expect.any(Number), resourceId: expect.any(Number) });

  const progress: ActionProgress[] = [];
  const before = Date.now();
  const action = await client.waitForAction(accepted.actionId!, { ...FAST, timeout: 10_000, onProgress: (p) => progress.push(p) });
  const waited = Date.now() - before;

  expect(action).toMatchObject({ id: accepted.actionId, status: 'SUCCESS', process: 'CREATE_INSTANCE', resourceName: 'act01' });
  expect(progress.length).toBeGreaterThanOrEqual(1);
  for (const p of progress) {
    expect(p).toMatchObject({ actionId: accepted.actionId, status: expect.stringMatching(/^(IN_PROGRESS|SUCCESS)$/) });
    expect(p.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(p.elapsedMs).toBeLessThanOrEqual(waited); // measured from the wait's start
    expect(p.action?.id).toBe(accepted.actionId);
  }
  expect(progress.at(-1)!.status).toBe('SUCCESS');
  const elapsed = progress.map((p) => p.elapsedMs);
  expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
  // The action's success is visible on the resource.
  expect((await client.compute.instances.get(accepted.resourceId!)).status).toBe('ACTIVE');
});

it("an action ending in ERROR rejects with ActionFailedError carrying the action id and ITCare's message", async () => {
  await em.control.failNext(1, 'datastore unavailable');
  const accepted = await client.compute.instances.create(demoInstance('act02'));
  const err = await rejection(client.waitForAction(accepted.actionId!, { ...FAST, timeout: 10_000 }));

  expect(err).toBeInstanceOf(ActionFailedError);
  expect(err).toMatchObject({ code: 'ITCARE_ACTION_FAILED', actionId: accepted.actionId, errorMessage: 'datastore unavailable' });
  const message = (err as Error).message;
  expect(message).toContain(String(accepted.actionId));
  expect(message).toContain('CREATE_INSTANCE of act02');
  expect(message).toContain('datastore unavailable');
  expect((await client.compute.instances.get(accepted.resourceId!)).status).toBe('ERROR');
});

it('our deadline becomes ActionTimeoutError with the action id; the action is still running server-side', async () => {
  await em.control.timing({ durationMs: 60_000 });
  const accepted = await client.compute.instances.create(demoInstance('act03'));
  const err = await rejection(client.waitForAction(accepted.actionId!, { timeout: 500, minDelayMs: 100, maxDelayMs: 200 }));

  expect(err).toBeInstanceOf(ActionTimeoutError);
  expect(err).toMatchObject({ code: 'ITCARE_ACTION_TIMEOUT', actionId: accepted.actionId });
  expect((err as Error).message).toMatch(new RegExp(`action ${accepted.actionId} still IN_PROGRESS`));
  expect((await client.actions.get(accepted.actionId!)).status).toBe('IN_PROGRESS');
});

it('an AbortSignal stops the wait between polls (AbortedError)', async () => {
  await em.control.timing({ durationMs: 60_000 });
  const accepted = await client.compute.instances.create(demoInstance('act04'));
  const controller = new AbortController();
  let polls = 0;
  const err = await rejection(
    client.waitForAction(accepted.actionId!, {
      timeout: 60_000,
      minDelayMs: 5_000,
      signal: controller.signal,
      // Abort once the first poll has seen the action running: the wait is then in its backoff sleep.
      onProgress: () => {
        polls++;
        setImmediate(() => controller.abort());
      },
    }),
  );

  expect(err).toBeInstanceOf(AbortedError);
  expect(err).toMatchObject({ code: 'ITCARE_ABORTED' });
  expect(polls).toBe(1);
});

it('an AbortSignal also cancels a poll in flight (AbortedError, not a network error)', async () => {
  await em.control.timing({ durationMs: 60_000 });
  const accepted = await client.compute.instances.create(demoInstance('act05'));
  // Every GET of the action hangs for 5 s: the abort lands while the poll request is in flight.
  await em.control.addFault({ method: 'GET', path: '^/itcare/actions/', latencyMs: 5_000 });
  const controller = new AbortController();
  // fetch (undici) publishes each request once its headers are on the socket: the poll is in flight.
  const onRequest = (msg: unknown) => {
    const { request } = msg as { request: { path: string } };
    if (request.path.startsWith(`/itcare/actions/${accepted.actionId}`)) setImmediate(() => controller.abort());
  };
  diagnosticsChannel.subscribe('undici:client:sendHeaders', onRequest);
  try {
    const err = await rejection(client.waitForAction(accepted.actionId!, { timeout: 60_000, signal: controller.signal }));
    expect(err).toBeInstanceOf(AbortedError);
    expect(err).toMatchObject({ code: 'ITCARE_ABORTED', method: 'GET', path: `/actions/${accepted.actionId}` });
  } finally {
    diagnosticsChannel.unsubscribe('undici:client:sendHeaders', onRequest);
  }
});

it('a poll answered 500 (twice) does not end the wait: reported UNREACHABLE, then SUCCESS', async () => {
  await em.control.timing({ durationMs: 300 });
  // One attempt per request: the transport does not retry, so the waiter itself must poll through it.
  const client = sdkClient(em, { retry: { maxAttempts: 1 } });
  const accepted = await client.compute.instances.create(demoInstance('act07'));
  await em.control.addFault({ method: 'GET', path: '^/itcare/actions/', status: 500, count: 2 });
  const progress: ActionProgress[] = [];
  const before = Date.now();
  const action = await client.waitForAction(accepted.actionId!, { ...FAST, timeout: 10_000, onProgress: (p) => progress.push(p) });
  const waited = Date.now() - before;

  expect(action).toMatchObject({ id: accepted.actionId, status: 'SUCCESS' });
  const unreachable = progress.filter((p) => p.status === 'UNREACHABLE');
  expect(unreachable).toHaveLength(2);
  for (const p of progress) expect(p.elapsedMs).toBeLessThanOrEqual(waited);
  for (const p of unreachable) {
    expect(p.error).toBeInstanceOf(ServerError);
    expect(p.error).toMatchObject({ httpStatus: 500, path: `/actions/${accepted.actionId}` });
    expect(p.action).toBeUndefined();
  }
  const polls = (await em.control.log()).filter((e) => e.path === `/itcare/actions/${accepted.actionId}`);
  expect(polls.slice(0, 2).map((e) => e.status)).toEqual([500, 500]);
  expect(polls.at(-1)!.status).toBe(200);
});

it('a non-transient poll failure (404 on the action) ends the wait at once', async () => {
  await em.control.timing({ durationMs: 60_000 });
  const accepted = await client.compute.instances.create(demoInstance('act08'));
  await em.control.addFault({ method: 'GET', path: '^/itcare/actions/', status: 404, count: 1 });
  const err = await rejection(client.waitForAction(accepted.actionId!, { ...FAST, timeout: 10_000 }));

  expect(err).toBeInstanceOf(NotFoundError);
  expect((await em.control.log()).filter((e) => e.path === `/itcare/actions/${accepted.actionId}`)).toHaveLength(1);
});

it('actions.get and actions.list return actions with Date fields', async () => {
  await em.control.behaviour({ ignoreQueryFilters: false }); // checks the filters sent, against a server applying them
  const accepted = await client.compute.instances.create(demoInstance('act06'));
  await client.waitForAction(accepted.actionId!, { ...FAST, timeout: 10_000 });

  const action = await client.actions.get(accepted.actionId!);
  expect(action.submittedAt).toBeInstanceOf(Date);
  expect(action.lastUpdatedAt).toBeInstanceOf(Date);
  expect(action.completedAt).toBeInstanceOf(Date);
  expect(action.completedAt!.getTime()).toBeGreaterThanOrEqual(action.submittedAt!.getTime());

  const listed = await client.actions.list({ resourceName: 'act06', statuses: ['SUCCESS'] });
  expect(listed.map((a) => a.id)).toEqual([accepted.actionId]);
  expect(listed[0].submittedAt).toBeInstanceOf(Date);
  expect(await client.actions.list({ resourceName: 'act06', statuses: ['ERROR'] })).toEqual([]);
});

describe('actions.forResource checks the answer itself: GET /actions filters are hints (INFERRED)', () => {
  const at = (iso: string) => `${iso}+0000`;
  /** What a server ignoring every filter answers: actions of several resources, in no useful order. */
  const everything = [
    {
      id: 10,
      status: 'SUCCESS',
      process: 'CREATE_INSTANCE',
      resourceName: 'web01',
      resourceType: 'INSTANCE',
      resourceId: 501,
      submittedAt: at('2026-01-01T10:00:00.000'),
    },
    {
      id: 14,
      status: 'ERROR',
      process: 'CREATE_INSTANCE',
      resourceName: 'db01',
      resourceType: 'INSTANCE',
      resourceId: 502,
      submittedAt: at('2026-01-01T11:00:00.000'),
    },
    {
      id: 12,
      status: 'IN_PROGRESS',
      process: 'RESIZE_INSTANCE',
      resourceName: 'web01',
      resourceType: 'INSTANCE',
      resourceId: 501,
      submittedAt: at('2026-01-01T10:30:00.000'),
    },
    {
      id: 15,
      status: 'IN_PROGRESS',
      process: 'CREATE_BUCKET',
      resourceName: 'web01',
      resourceType: 'BUCKET',
      submittedAt: at('2026-01-01T12:00:00.000'),
    },
    {
      id: 16,
      status: 'IN_PROGRESS',
      process: 'CREATE_INSTANCE',
      resourceName: 'web01',
      resourceType: 'INSTANCE',
      resourceId: 999,
      submittedAt: at('2026-01-01T12:00:00.000'),
    },
    {
      id: 11,
      status: 'SUCCESS',
      process: 'STOP_INSTANCE',
      resourceName: 'web01',
      resourceType: 'INSTANCE',
      submittedAt: at('2026-01-01T10:10:00.000'),
    },
    {
      id: 13,
      status: 'PENDING',
      process: 'START_INSTANCE',
      resourceName: 'web01',
      resourceType: 'INSTANCE',
      resourceId: 501,
      submittedAt: at('2026-01-01T10:40:00.000'),
    },
  ];
  const web01 = { id: 501, name: 'web01', type: 'INSTANCE' };

  beforeEach(async () => {
    await em.control.addFault({ method: 'GET', path: '^/itcare/actions$', status: 200, body: everything });
  });

  it("keeps only the resource's own actions (name + type, no other resource id), newest first", async () => {
    expect((await client.actions.forResource(web01)).map((a) => a.id)).toEqual([13, 12, 11, 10]);
  });

  it('checks statuses and since client-side; running() is every status but SUCCESS and ERROR (PENDING too)', async () => {
    expect((await client.actions.forResource(web01, { statuses: ['SUCCESS'] })).map((a) => a.id)).toEqual([11, 10]);
    expect((await client.actions.forResource(web01, { since: new Date('2026-01-01T10:05:00Z') })).map((a) => a.id)).toEqual([13, 12, 11]);
    expect((await client.actions.running(web01)).map((a) => a.id)).toEqual([13, 12]);
    expect(await client.actions.running({ name: 'nobody', type: 'INSTANCE' })).toEqual([]);
  });

  it('sends name and id as hints; running() sends no status filter (statuses=IN_PROGRESS would hide PENDING ones on a server applying it)', async () => {
    await client.actions.running(web01);
    await client.actions.forResource(web01, { statuses: ['ERROR'] });
    const [running, errors] = await requestsTo(em, 'GET', '/itcare/actions');
    expect(running.query).toEqual({ resourceName: 'web01', resourceId: '501' });
    expect(errors.query).toMatchObject({ resourceName: 'web01', resourceId: '501', statuses: 'ERROR' });
  });
});

it('waits without a timeout option (the default deadline is 30 minutes, not an instant)', async () => {
  const accepted = await client.compute.instances.create(demoInstance('act09'));
  expect(await client.waitForAction(accepted.actionId!, FAST)).toMatchObject({ status: 'SUCCESS' });
});

it('an ERROR action with no process, name nor message still names the action', async () => {
  await em.control.addFault({ method: 'GET', path: '^/itcare/actions/777$', status: 200, body: { id: 777, status: 'ERROR' } });
  const err = await rejection(client.waitForAction(777, { ...FAST, timeout: 5_000 }));
  expect(err).toBeInstanceOf(ActionFailedError);
  expect((err as Error).message).toBe('ITCare action 777 ended in ERROR: no message');
});

it('a deadline reached before any poll answered reports the action as IN_PROGRESS, with the poll failure', async () => {
  await em.control.addFault({ method: 'GET', path: '^/itcare/actions/778$', status: 503 });
  const err = await rejection(client.waitForAction(778, { ...FAST, timeout: 300 }));
  expect(err).toBeInstanceOf(ActionTimeoutError);
  expect((err as Error).message).toMatch(
    /^ITCare action 778 still IN_PROGRESS after \d+ s \(deadline reached; it may still complete\) \(last poll failed: ITCare GET \/actions\/778 failed with HTTP 503/,
  );
});

it('progress lines name the process when the action has one', () => {
  expect(progressLine('compute.Instance web01', { actionId: 5, status: 'IN_PROGRESS', elapsedMs: 1234 })).toBe(
    'itcare: compute.Instance web01: action 5 IN_PROGRESS (1.2 s)',
  );
  expect(
    progressLine('compute.Instance web01', { actionId: 5, status: 'SUCCESS', elapsedMs: 40, action: { process: 'STOP_INSTANCE' } }),
  ).toBe('itcare: compute.Instance web01: STOP_INSTANCE action 5 SUCCESS (0.0 s)');
});

it('an action body that is not an action is an InvalidResponseError naming the request', async () => {
  await em.control.addFault({ method: 'GET', path: '^/itcare/actions/779$', status: 200, count: 1, body: { state: 'done' } });
  const err = await rejection(client.actions.get(779));
  expect((err as Error).message).toMatch(/^ITCare GET \/actions\/779 returned an unexpected action: .+/);
});

it("a 202 body's ids are read as numbers or numeric strings, anything else as absent", async () => {
  await em.control.addFault({
    method: 'POST',
    path: '^/itcare/compute/instances$',
    status: 202,
    count: 1,
    body: { id: '46999', resourceId: '500061999', status: 'IN_PROGRESS' },
  });
  expect(await client.compute.instances.create(demoInstance('ids01'))).toMatchObject({ actionId: 46999, resourceId: 500061999 });
  await em.control.addFault({
    method: 'POST',
    path: '^/itcare/compute/instances$',
    status: 202,
    count: 1,
    body: { id: 'a46999', resourceId: '500061999x', status: 'IN_PROGRESS' },
  });
  const odd = await client.compute.instances.create(demoInstance('ids02'));
  expect([odd.actionId, odd.resourceId]).toEqual([undefined, undefined]);
});
