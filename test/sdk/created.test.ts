import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { itcareRejection } from '../helpers/sdk';
import * as sdk from '../../sdk';
import { ActionFailedError, InvalidResponseError, NotFoundError, instances, type Action } from '../../sdk';
import { CLOCK_SKEW_MS, resolveCreated, type CreatedLookup } from '../../sdk/created';
import { demoInstance, useEmulator, sdkClient } from '../helpers/emulator';

/**
 * createAndWait: the resource of an accepted create whichever way the server answered (202 with the
 * action and resourceId, or empty), every answer checked client-side. The README's SDK example is
 * run as written, against the emulator with and without its empty-202 fault.
 */

const em = useEmulator();
const FAST = { minDelayMs: 20, maxDelayMs: 50, timeout: 10_000 };
const INSTANCES = '/itcare/compute/instances';

/** The SDK guide's example (docs/sdk.md), as an async function of the SDK module (its import line replaced). */
function readmeExample(): (sdkModule: typeof sdk, log: (...a: unknown[]) => void) => Promise<void> {
  const guide = readFileSync(path.resolve(__dirname, '../../docs/sdk.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(guide)![1];
  const body = code
    .replace("import { ITCareClient } from 'pulumi-itcare/sdk';", 'const { ITCareClient } = sdkModule;')
    .replace(/console\.log/g, 'log');
  const js = ts.transpileModule(`(async (sdkModule, log) => {\n${body}\n})`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return vm.runInThisContext(js);
}

async function runReadme(): Promise<unknown[]> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    ITCARE_URL: em.url,
    ITCARE_OIDC_ISSUER: em.issuer,
    ITCARE_CLIENT_ID: em.clientId,
    ITCARE_CLIENT_SECRET: em.clientSecret,
  });
  const printed: unknown[] = [];
  try {
    await readmeExample()(sdk, (...a) => printed.push(a.join(' ')));
  } finally {
    process.env = saved;
  }
  return printed;
}

describe("the SDK guide's example (docs/sdk.md)", () => {
  it.each([
    ['a 202 with the action and resourceId', undefined],
    ['an empty 202 (no action, no resourceId)', { method: 'POST', path: `^${INSTANCES}$`, dryRun: false, emptyBody: true, count: 1 }],
  ])('works when the create is answered with %s', async (_what, fault) => {
    if (fault) await em.control.addFault(fault);
    const printed = await runReadme();

    const [web02] = await em.control.instances();
    expect(web02).toMatchObject({ name: 'web02', serviceId: 1001 });
    const log = await em.control.log();
    const posts = log.filter((e) => e.method === 'POST' && e.path === INSTANCES);
    expect(posts.map((e) => [e.status, e.dryRun])).toEqual([
      [200, true],
      [202, false],
    ]);
    // The stop went to the instance the create made (never /compute/instances/undefined).
    expect(log.filter((e) => e.method === 'PATCH').map((e) => [e.path, e.status])).toEqual([[`${INSTANCES}/${web02.id}`, 202]]);
    expect(printed).toContain('Dry run: nothing was done');
    if (!fault) expect(printed).toContain('SUCCESS');
  });
});

describe('createAndWait', () => {
  it('returns the created model after the action succeeded', async () => {
    const created = await sdkClient(em).compute.instances.createAndWait(demoInstance('caw01'), FAST);
    expect(created).toMatchObject({ name: 'caw01', serviceId: 1001, status: 'ACTIVE' });
  });

  it('an empty 202 and a status it does not know while the create runs (DEPLOYING): waits for the created status, never returns it half-made', async () => {
    await em.control.behaviour({ accepted: 'empty', inFlightStatuses: 'unknown' });
    await em.control.timing({ durationMs: 300 });
    const created = await sdkClient(em).compute.instances.createAndWait(demoInstance('caw03'), FAST);
    expect(created).toMatchObject({ name: 'caw03', status: 'ACTIVE' });
    const statuses = (await em.control.log()).filter((e) => e.method === 'GET' && e.path === INSTANCES).length;
    expect(statuses).toBeGreaterThan(1); // it did see DEPLOYING first, and read again
  });

  it('an empty 202 whose create fails: the failed status is an ActionFailedError naming the instance', async () => {
    await em.control.failNext(1);
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, emptyBody: true, count: 1 });
    const err = await itcareRejection(sdkClient(em).compute.instances.createAndWait(demoInstance('caw02'), FAST));
    expect(err).toBeInstanceOf(ActionFailedError);
    expect(err.message).toMatch(/^ITCare could not create Instance caw02 \(service 1001\): Instance \d+ is ERROR$/);
  });

  it('refuses a 202 whose resourceId names another instance', async () => {
    const other = await em.control.seedInstance({ name: 'other01', serviceId: 1001 });
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 202, body: { resourceId: other.id }, count: 1 });
    const err = await itcareRejection(sdkClient(em).compute.instances.createAndWait(demoInstance('caw03'), FAST));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.message).toBe(
      `ITCare answered the create of Instance caw03 (service 1001) with Instance ${other.id} named other01 in service 1001: not this create`,
    );
  });

  it('does not take an instance of the same name created before the request for the one it made', async () => {
    await em.control.seedInstance({ name: 'caw04', serviceId: 1001, creationTime: '2020-01-01T00:00:00.000+00:00' });
    // The 202 is answered without processing: nothing new exists, only the old namesake.
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 202, count: 1 });
    const err = await itcareRejection(sdkClient(em).compute.instances.createAndWait(demoInstance('caw04'), { ...FAST, timeout: 1000 }));
    expect(err.code).toBe('ITCARE_ACTION_TIMEOUT');
    expect(err.message).toBe('ITCare create of Instance caw04 (service 1001) still NOT_FOUND at the deadline (it may still complete)');
  });

  it('refuses a 202 whose resourceId names an older namesake (created before this request)', async () => {
    const old = await em.control.seedInstance({ name: 'caw05', serviceId: 1001, creationTime: '2020-01-01T00:00:00.000+00:00' });
    await em.control.addFault({
      method: 'POST',
      path: `^${INSTANCES}$`,
      dryRun: false,
      status: 202,
      count: 1,
      body: { resourceId: old.id },
    });
    const err = await itcareRejection(sdkClient(em).compute.instances.createAndWait(demoInstance('caw05'), FAST));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.message).toBe(
      `Instance ${old.id} named caw05 was created at 2020-01-01T00:00:00.000Z, before this create: it is not the one this create made`,
    );
  });

  it('refuses a 202 whose action is about another resource', async () => {
    const client = sdkClient(em);
    const other = await client.compute.instances.create(demoInstance('other05'));
    await em.control.addFault({
      method: 'POST',
      path: `^${INSTANCES}$`,
      dryRun: false,
      status: 202,
      count: 1,
      body: { actionId: other.actionId },
    });
    const err = await itcareRejection(client.compute.instances.createAndWait(demoInstance('caw06'), FAST));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.message).toBe(
      `ITCare answered the create of Instance caw06 (service 1001) with action ${other.actionId}, which is about other05 INSTANCE: not this create`,
    );
  });

  it('rides out a lookup that fails transiently after the create was accepted', async () => {
    // The action is followed; then every GET of the instance fails for longer than the transport retries.
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}/\\d+$`, status: 503, count: 4 });
    const created = await sdkClient(em, { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } }).compute.instances.createAndWait(
      demoInstance('caw07'),
      FAST,
    );
    expect(created).toMatchObject({ name: 'caw07', status: 'ACTIVE' });
    expect(
      (await em.control.log())
        .filter((e) => e.method === 'GET' && /instances\/\d+$/.test(e.path))
        .map((e) => e.status)
        .slice(0, 4),
    ).toEqual([503, 503, 503, 503]);
  });

  it('says UNREACHABLE when the lookups still fail at the deadline', async () => {
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}/\\d+$`, status: 503 });
    const err = await itcareRejection(
      sdkClient(em, { retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 20 } }).compute.instances.createAndWait(demoInstance('caw08'), {
        ...FAST,
        timeout: 1500,
      }),
    );
    expect(err.message).toMatch(/^ITCare create of Instance caw08 \(service 1001\) still UNREACHABLE at the deadline/);
  });
});

/**
 * resolveCreated on answers the emulator does not give: a lookup and an action API written out in
 * the test, so each answer (an action about another type, an item of another service, a creation
 * time at the skew's edge, a 404 right after the 202) is exactly the one under test.
 */
describe('resolveCreated on written-out answers', () => {
  const requestedAt = Date.UTC(2026, 10, 30, 12);
  const item = (over: Record<string, unknown> = {}) => ({
    id: 7,
    name: 'web01',
    serviceId: 1001,
    status: 'ACTIVE',
    creationTime: new Date(requestedAt),
    ...over,
  });
  const lookup = (get: () => Promise<unknown>): CreatedLookup => ({ descriptor: instances, get, findByName: async () => [] });
  const succeeded = (over: Partial<Action> = {}) => ({
    waitForAction: async (id: number, opts?: { timeout?: number }) => {
      timeouts.push(opts?.timeout);
      return { id, status: 'SUCCESS', resourceName: 'web01', resourceType: 'INSTANCE', ...over } as Action;
    },
  });
  let timeouts: Array<number | undefined> = [];
  beforeEach(() => {
    timeouts = [];
  });
  const body = { name: 'web01', serviceId: 1001 };
  const FASTER = { minDelayMs: 5, maxDelayMs: 10, timeout: 2000 };
  /** resolveCreated of web01 in service 1001, whose 202 named action 41 and resource 7, unless told otherwise. */
  const resolve = (
    get: () => Promise<unknown>,
    over: {
      action?: Partial<Action>;
      accepted?: { actionId: number | undefined; resourceId: number };
      body?: { name: string; serviceId?: number };
    } = {},
  ) =>
    resolveCreated(
      lookup(get),
      succeeded(over.action),
      over.accepted ?? { actionId: 41, resourceId: 7 },
      over.body ?? body,
      requestedAt,
      FASTER,
    );

  it('an action about another resource type is not this create, and the error names the action', async () => {
    const err = await itcareRejection(resolve(async () => item(), { action: { resourceType: 'DATABASE' } }));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err).toMatchObject({ actionId: 41 });
    expect(err.message).toBe(
      'ITCare answered the create of Instance web01 (service 1001) with action 41, which is about web01 DATABASE: not this create',
    );
  });

  it("waits for the action within the create's own deadline", async () => {
    await resolve(async () => item());
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toBeGreaterThan(0);
    expect(timeouts[0]).toBeLessThanOrEqual(2000);
  });

  it('once the action succeeded, an item still showing the creating status is the created one', async () => {
    const created = await resolve(async () => item({ status: 'CREATING' }));
    expect(created).toMatchObject({ id: 7, status: 'CREATING' });
  });

  it('an item of the same name in another service is not this create', async () => {
    const err = await itcareRejection(resolve(async () => item({ serviceId: 2002 })));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.message).toBe(
      'ITCare answered the create of Instance web01 (service 1001) with Instance 7 named web01 in service 2002: not this create',
    );
  });

  it("a creation time exactly the clock skew before the request is still this create's; a millisecond earlier is not", async () => {
    const edge = await resolve(async () => item({ creationTime: new Date(requestedAt - CLOCK_SKEW_MS) }));
    expect(edge).toMatchObject({ id: 7 });
    const older = await itcareRejection(resolve(async () => item({ creationTime: new Date(requestedAt - CLOCK_SKEW_MS - 1) })));
    expect(older).toBeInstanceOf(InvalidResponseError);
    expect(CLOCK_SKEW_MS).toBe(300_000);
  });

  it('a 404 right after the 202 is a read lagging behind the create: read again', async () => {
    let reads = 0;
    const created = await resolve(
      async () => {
        if (++reads < 3) throw new NotFoundError('ITCare GET /compute/instances/7: HTTP 404', { httpStatus: 404 });
        return item();
      },
      { accepted: { actionId: undefined, resourceId: 7 } },
    );
    expect(created).toMatchObject({ id: 7 });
    expect(reads).toBe(3);
  });

  it('a resource without a service is named without one', async () => {
    const err = await itcareRejection(
      resolve(async () => item({ name: 'other' }), { accepted: { actionId: undefined, resourceId: 7 }, body: { name: 'web01' } }),
    );
    expect(err.message).toBe('ITCare answered the create of Instance web01 with Instance 7 named other in service 1001: not this create');
  });
});
