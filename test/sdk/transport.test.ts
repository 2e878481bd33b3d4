import diagnosticsChannel from 'node:diagnostics_channel';
import net from 'node:net';
import { FAST_RETRY, fastClient, itcareRejection } from '../helpers/sdk';
import { NetworkError, ServerError, type ClientOptions } from '../../sdk';
import { demoInstance, useEmulator, requestsTo, type FaultSpec } from '../helpers/emulator';
import { freePort } from '../helpers/ports';

/**
 * The transport's retry policy against injected faults, over real HTTP: what is retried (idempotent
 * verbs, 429, connections that never reached the server), what is not (a POST the server may have
 * processed, and a dry run of it alike), and how Retry-After is honoured. How HTTP answers become
 * errors is in httpErrors.test.ts.
 */

const em = useEmulator();

const INSTANCES = '/itcare/compute/instances';

const newClient = (extra: Partial<ClientOptions> = {}) => fastClient(em, extra);
const requests = (method: string, path = INSTANCES) => requestsTo(em, method, path);

describe('retries', () => {
  it('retries a GET answered 503 with Retry-After, then succeeds', async () => {
    await em.control.seedInstance({ name: 'busy01', serviceId: 1001 });
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 503, retryAfter: 1, count: 1 });
    const page = await newClient().compute.instances.list();

    expect(page.content.map((i) => i.name)).toEqual(['busy01']);
    expect((await requests('GET')).map((e) => e.status)).toEqual([503, 200]);
  });

  it('gives up after maxAttempts on a GET that keeps failing, with a ServerError', async () => {
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 502 });
    const err = await itcareRejection(newClient({ retry: { ...FAST_RETRY, maxAttempts: 3 } }).compute.instances.list());

    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ code: 'ITCARE_SERVER_ERROR', httpStatus: 502 });
    expect((await requests('GET')).map((e) => e.status)).toEqual([502, 502, 502]);
  });

  it('retries a POST answered 429 (not processed), and the instance is created once', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 429, retryAfter: 0, count: 1 });
    const accepted = await newClient().compute.instances.create(demoInstance('throttled01'));

    expect(accepted.actionId).toEqual(expect.any(Number));
    expect((await requests('POST')).map((e) => e.status)).toEqual([429, 202]);
    const stored = await em.control.instances();
    expect(stored.map((i) => i.name)).toEqual(['throttled01']);
    expect(stored[0].id).toBe(accepted.resourceId);
  });

  it('does NOT retry a POST answered 503: one POST, a ServerError naming the request', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 503, count: 1 });
    const err = await itcareRejection(newClient().compute.instances.create(demoInstance('unavail01')));

    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ code: 'ITCARE_SERVER_ERROR', method: 'POST', path: '/compute/instances', httpStatus: 503 });
    expect(err.message).toBe('ITCare POST /compute/instances failed with HTTP 503');
    expect((await requests('POST')).map((e) => e.status)).toEqual([503]);
    expect(await em.control.instances()).toEqual([]);
  });

  it.each([500, 502, 503, 504])(
    'retries a dry-run POST answered %i (a dry run is side-effect free), and nothing is created',
    async (status) => {
      await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status, count: 1 });
      const body = await newClient().post('/compute/instances', { body: demoInstance('dry01'), dryRun: true });

      expect(body).toMatchObject({ status: 'VALID' });
      expect((await requests('POST')).map((e) => [e.status, e.dryRun])).toEqual([
        [status, true],
        [200, true],
      ]);
      expect(await em.control.instances()).toEqual([]);
    },
  );

  it('retries a dry-run POST whose connection was reset, and a dry run answered 429', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, reset: 'before', count: 1 });
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 429, retryAfter: 0, count: 1 });
    const body = await newClient().post('/compute/instances', { body: demoInstance('dry02'), dryRun: true });

    expect(body).toMatchObject({ status: 'VALID' });
    expect((await requests('POST')).map((e) => [e.status, e.dryRun])).toEqual([
      [0, true],
      [429, true],
      [200, true],
    ]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('still refuses the success of a retried dry run that does not echo ITCare-DryRun', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 503, count: 1 });
    await em.control.addFault({
      method: 'POST',
      path: `^${INSTANCES}$`,
      status: 200,
      body: { status: 'VALID' },
      echoDryRun: false,
      count: 1,
    });
    const err = await itcareRejection(newClient().post('/compute/instances', { body: demoInstance('dry03'), dryRun: true }));

    expect(err.code).toBe('ITCARE_DRY_RUN_NOT_HONOURED');
    expect((await requests('POST')).map((e) => e.status)).toEqual([503, 200]);
  });

  it('retries a GET answered 500 like a 503', async () => {
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 500, count: 1 });
    await newClient().compute.instances.list();
    expect((await requests('GET')).map((e) => e.status)).toEqual([500, 200]);
  });

  it('honours a Retry-After longer than maxDelayMs (it only caps our own backoff)', async () => {
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 503, retryAfter: 1, count: 1 });
    await newClient({ retry: { ...FAST_RETRY, maxDelayMs: 50 } }).compute.instances.list();

    const gets = await requests('GET');
    expect(gets.map((e) => e.status)).toEqual([503, 200]);
    // The emulator stamps each request on arrival; the retry came after the full second asked for.
    expect(Date.parse(gets[1].at) - Date.parse(gets[0].at)).toBeGreaterThanOrEqual(990);
  });

  it('does not resend a POST whose connection was cut after processing: NetworkError, created once', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, reset: 'after', count: 1 });
    const err = await itcareRejection(newClient().compute.instances.create(demoInstance('cut01')));

    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'ITCARE_NETWORK_ERROR', method: 'POST', path: '/compute/instances' });
    const posts = await requests('POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ status: 202, reset: 'after' });
    expect((await em.control.instances()).map((i) => i.name)).toEqual(['cut01']);
  });

  it('does not resend a POST whose connection was reset either (the client cannot tell before from after)', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, reset: 'before', count: 1 });
    const err = await itcareRejection(newClient().compute.instances.create(demoInstance('cut02')));

    expect(err).toBeInstanceOf(NetworkError);
    expect((await requests('POST')).map((e) => [e.status, e.reset])).toEqual([[0, 'before']]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('retries a GET whose connection was reset before processing, and succeeds', async () => {
    await em.control.seedInstance({ name: 'reset01', serviceId: 1001 });
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, reset: 'before', count: 1 });
    const page = await newClient().compute.instances.list();

    expect(page.content.map((i) => i.name)).toEqual(['reset01']);
    expect((await requests('GET')).map((e) => [e.status, e.reset])).toEqual([
      [0, 'before'],
      [200, undefined],
    ]);
  });

  it('retries a POST whose connection was refused (never sent), once something listens', async () => {
    const port = await freePort();
    // The API URL points at a port where nothing listens yet; the issuer is the emulator itself.
    const client = newClient({ url: `http://127.0.0.1:${port}/itcare`, retry: { maxAttempts: 20, baseDelayMs: 50, maxDelayMs: 200 } });
    await client.auth.getToken();

    // Deterministic order: the proxy starts only after the SDK's first connection to the port was refused.
    let refused = 0;
    let proxy: Promise<TcpProxy> | undefined;
    const onSocket = (msg: unknown) => {
      const socket = (msg as { socket: net.Socket }).socket;
      socket.once('error', (err: NodeJS.ErrnoException & { port?: number }) => {
        if (err.code !== 'ECONNREFUSED' || err.port !== port) return;
        refused++;
        proxy ??= startProxy(port, em.port);
      });
    };
    diagnosticsChannel.subscribe('net.client.socket', onSocket);
    try {
      const accepted = await client.compute.instances.create(demoInstance('refused01'));
      expect(accepted.actionId).toEqual(expect.any(Number));
    } finally {
      diagnosticsChannel.unsubscribe('net.client.socket', onSocket);
      await (await proxy)?.close();
    }

    expect(refused).toBeGreaterThanOrEqual(1);
    expect((await requests('POST')).map((e) => e.status)).toEqual([202]);
    expect((await em.control.instances()).map((i) => i.name)).toEqual(['refused01']);
  });
});

describe('PATCH and DELETE: resent only when the server provably did not get them', () => {
  // A stop or a delete that reached the server is running: sending it again acts twice, or is refused
  // (409) and hides the first answer. Only a 429 (refused unprocessed) or a refused connection is safe.
  type Verb = 'PATCH' | 'DELETE';
  async function target(method: Verb) {
    const vm = await em.control.seedInstance({
      name: `verb${method.toLowerCase()}01`,
      serviceId: 1001,
      status: method === 'PATCH' ? 'ACTIVE' : 'INACTIVE',
    });
    const client = newClient();
    const call = () => (method === 'PATCH' ? client.compute.instances.operate(vm.id, 'stop', {}) : client.compute.instances.delete(vm.id));
    return { path: `${INSTANCES}/${vm.id}`, call };
  }

  it.each<[Verb, string, FaultSpec, unknown]>([
    ['PATCH', 'HTTP 503', { status: 503 }, ServerError],
    ['PATCH', 'a connection reset before processing', { reset: 'before' }, NetworkError],
    ['PATCH', 'a connection cut after processing', { reset: 'after' }, NetworkError],
    ['DELETE', 'HTTP 503', { status: 503 }, ServerError],
    ['DELETE', 'a connection reset before processing', { reset: 'before' }, NetworkError],
    ['DELETE', 'a connection cut after processing', { reset: 'after' }, NetworkError],
  ])('%s met by %s is sent once', async (method, _what, fault, errorClass) => {
    const { path, call } = await target(method);
    await em.control.addFault({ method, path: `^${path}$`, count: 1, ...fault });
    expect(await itcareRejection(call())).toBeInstanceOf(errorClass);
    expect(await requests(method, path)).toHaveLength(1);
  });

  it('PUT, idempotent, is resent after a 503', async () => {
    const path = `${INSTANCES}/1`;
    await em.control.addFault({ method: 'PUT', path: `^${path}$`, status: 503, count: 1 });
    await em.control.addFault({ method: 'PUT', path: `^${path}$`, status: 200, count: 1, body: { done: true } });
    expect(await newClient().put('/compute/instances/1', { body: { cpu: 4 } })).toEqual({ done: true });
    expect((await requests('PUT', path)).map((e) => e.status)).toEqual([503, 200]);
  });

  it.each<Verb>(['PATCH', 'DELETE'])('%s answered 429 is resent, and accepted once', async (method) => {
    const { path, call } = await target(method);
    await em.control.addFault({ method, path: `^${path}$`, status: 429, retryAfter: 0, count: 1 });
    expect((await call()).actionId).toEqual(expect.any(Number));
    expect((await requests(method, path)).map((e) => e.status)).toEqual([429, 202]);
  });
});

/* ---------- a tiny TCP forwarder, for the connection-refused test ---------- */

interface TcpProxy {
  close(): Promise<void>;
}

function startProxy(listenPort: number, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
