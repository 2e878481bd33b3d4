import diagnosticsChannel from 'node:diagnostics_channel';
import net from 'node:net';
import { inspect } from 'node:util';
import {
  BadRequestError, ITCareClient, ITCareError, NetworkError, NotFoundError, ServerError, type ClientOptions,
} from '../../sdk';
import { demoInstance, spawnEmulator, type LogEntry, type SpawnedEmulator, sdkClient } from '../helpers/emulator';

/**
 * The transport's retry policy against injected faults, over real HTTP: what is retried (idempotent
 * verbs, 429, connections that never reached the server), what is not (a POST the server may have
 * processed), and how HTTP answers become errors that never carry the bearer token or the secret.
 */

let em: SpawnedEmulator;
beforeAll(async () => { em = await spawnEmulator(); });
afterAll(async () => { await em?.stop(); });
beforeEach(async () => { await em.control.reset(); });

const INSTANCES = '/itcare/compute/instances';
/** Fast backoff: these tests count requests, they do not measure delays. */
const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 2000 };

function newClient(extra: Partial<ClientOptions> = {}): ITCareClient {
  return sdkClient(em, { retry: FAST_RETRY, ...extra });
}

async function requests(method: string, path = INSTANCES): Promise<LogEntry[]> {
  return (await em.control.log()).filter((e) => e.method === method && e.path === path);
}

async function rejection(p: Promise<unknown>): Promise<ITCareError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ITCareError)) throw new Error(`expected an ITCareError, got ${inspect(err)}`);
  return err;
}

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
    const err = await rejection(newClient({ retry: { ...FAST_RETRY, maxAttempts: 3 } }).compute.instances.list());

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
    const err = await rejection(newClient().compute.instances.create(demoInstance('unavail01')));

    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ code: 'ITCARE_SERVER_ERROR', method: 'POST', path: '/compute/instances', httpStatus: 503 });
    expect(err.message).toBe('ITCare POST /compute/instances failed with HTTP 503');
    expect((await requests('POST')).map((e) => e.status)).toEqual([503]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('retries a dry-run POST answered 503 (a dry run changes nothing)', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, status: 503, count: 1 });
    const body = await newClient().post('/compute/instances', { body: demoInstance('dry01'), dryRun: true });

    expect(body).toEqual({ status: 'VALID', message: 'Dry run: nothing was done' });
    expect((await requests('POST')).map((e) => [e.status, e.dryRun])).toEqual([[503, true], [200, true]]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('does not resend a POST whose connection was cut after processing: NetworkError, created once', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, reset: 'after', count: 1 });
    const err = await rejection(newClient().compute.instances.create(demoInstance('cut01')));

    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'ITCARE_NETWORK_ERROR', method: 'POST', path: '/compute/instances' });
    const posts = await requests('POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ status: 202, reset: 'after' });
    expect((await em.control.instances()).map((i) => i.name)).toEqual(['cut01']);
  });

  it('does not resend a POST whose connection was reset either (the client cannot tell before from after)', async () => {
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, reset: 'before', count: 1 });
    const err = await rejection(newClient().compute.instances.create(demoInstance('cut02')));

    expect(err).toBeInstanceOf(NetworkError);
    expect((await requests('POST')).map((e) => [e.status, e.reset])).toEqual([[0, 'before']]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('retries a GET whose connection was reset before processing, and succeeds', async () => {
    await em.control.seedInstance({ name: 'reset01', serviceId: 1001 });
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, reset: 'before', count: 1 });
    const page = await newClient().compute.instances.list();

    expect(page.content.map((i) => i.name)).toEqual(['reset01']);
    expect((await requests('GET')).map((e) => [e.status, e.reset])).toEqual([[0, 'before'], [200, undefined]]);
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

describe('HTTP errors', () => {
  it('maps a 400 to BadRequestError with ITCare\'s fields and a message naming method, path and status', async () => {
    // cpu 3 passes the SDK's schema (1..64) but not ITCare's catalogue (1, 2, 4, 8…).
    const err = await rejection(newClient().compute.instances.create(demoInstance('badcpu01', { cpu: 3 })));

    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({
      code: 'ITCARE_BAD_REQUEST', method: 'POST', path: '/compute/instances', httpStatus: 400,
      errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'cpu',
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
      await rejection(client.compute.instances.create(demoInstance('leak01', { cpu: 3 }))),
      await rejection(client.compute.instances.get(1)),
      await rejection(client.get('/compute/services')),
    ];
    await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, reset: 'after', count: 1 });
    errors.push(await rejection(client.compute.instances.create(demoInstance('leak02'))));
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
});

/* ---------- a tiny TCP forwarder, for the connection-refused test ---------- */

interface TcpProxy { close(): Promise<void> }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function startProxy(listenPort: number, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve({
      close: () => new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
    }));
  });
}
