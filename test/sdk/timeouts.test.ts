import net from 'node:net';
import { fastClient, itcareRejection } from '../helpers/sdk';
import { AuthenticationError, RequestTimeoutError } from '../../sdk';
import { demoInstance, useEmulator } from '../helpers/emulator';

/**
 * A hung endpoint fails fast: an API or an identity provider that accepts connections and never
 * answers fails the call after one request timeout (timeoutMs / ITCARE_TIMEOUT / itcare:timeout) with
 * an ITCARE_TIMEOUT error naming the endpoint and the timeout, and the hung request is not resent.
 */

const em = useEmulator();
const TIMEOUT_MS = 300;

interface HungServer {
  url: string;
  requests: () => number;
  close(): Promise<void>;
}

/** Accepts connections, reads requests, never answers. */
function hungServer(): Promise<HungServer> {
  const sockets = new Set<net.Socket>();
  let requests = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => {
      requests += (d.toString().match(/^(GET|POST|PUT|PATCH|DELETE) /gm) ?? []).length;
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        requests: () => requests,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

let hung: HungServer;
beforeEach(async () => {
  hung = await hungServer();
});
afterEach(async () => {
  await hung.close();
});

describe('a hung API', () => {
  it.each([
    [
      'a dry-run POST (what preview sends)',
      'POST',
      (c: ReturnType<typeof fastClient>) => c.post('/compute/instances', { body: demoInstance('hung01'), dryRun: true }),
    ],
    ['a GET', 'GET', (c: ReturnType<typeof fastClient>) => c.compute.instances.list()],
  ])('%s fails after one timeout with ITCARE_TIMEOUT naming method, path and timeout; not resent', async (_what, method, call) => {
    const client = fastClient(em, { url: `${hung.url}/itcare`, timeoutMs: TIMEOUT_MS });
    await client.auth.getToken(); // the issuer is the emulator: only the API hangs
    const err = await itcareRejection(call(client));

    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err).toMatchObject({ code: 'ITCARE_TIMEOUT', method, path: '/compute/instances', timeoutMs: TIMEOUT_MS });
    expect(err.message).toBe(
      `ITCare ${method} /compute/instances did not answer within 300 ms (the request timeout: timeoutMs, ITCARE_TIMEOUT or itcare:timeout)`,
    );
    expect(hung.requests()).toBe(1);
  });
});

describe('a hung identity provider', () => {
  it('discovery fails after one timeout, naming the issuer URL and the timeout', async () => {
    const issuer = `${hung.url}/auth/realms/cloud`;
    const client = fastClient(em, { issuer, timeoutMs: TIMEOUT_MS });
    const err = await itcareRejection(client.compute.instances.list());

    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe(
      `ITCare authentication failed during OIDC discovery at ${issuer}: GET ${issuer}/.well-known/openid-configuration did not answer within 300 ms (the request timeout: timeoutMs, ITCARE_TIMEOUT or itcare:timeout)`,
    );
    expect(err.cause).toBeInstanceOf(RequestTimeoutError);
    expect(err.cause).toMatchObject({ code: 'ITCARE_TIMEOUT', timeoutMs: TIMEOUT_MS });
    expect(hung.requests()).toBe(1);
    expect(client.auth.stats.discoveries).toBe(1);
  });

  it('a hung refresh fails after one timeout, naming the token endpoint; no client_credentials grant follows', async () => {
    // 2 s: the first grant must not time out on a loaded machine; the refresh is held 10 s.
    const client = fastClient(em, { timeoutMs: 2000 });
    client.auth.invalidate(await client.auth.getToken()); // the next call refreshes
    await em.control.addFault({ method: 'POST', path: 'openid-connect/token$', latencyMs: 10_000, count: 1 });
    const err = await itcareRejection(client.compute.instances.list());

    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe(
      `ITCare authentication failed during the refresh_token grant: POST ${em.issuer}/protocol/openid-connect/token did not answer within 2 s (the request timeout: timeoutMs, ITCARE_TIMEOUT or itcare:timeout)`,
    );
    expect(err.cause).toBeInstanceOf(RequestTimeoutError);
    expect(client.auth.stats).toMatchObject({ clientCredentialsGrants: 1, refreshGrants: 1, failedRefreshes: 1 });
  });

  it('a hung token endpoint fails after one timeout, naming it; the grant is not resent', async () => {
    await em.control.addFault({ method: 'POST', path: 'openid-connect/token$', latencyMs: 3000 });
    const client = fastClient(em, { timeoutMs: TIMEOUT_MS });
    const err = await itcareRejection(client.compute.instances.list());

    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe(
      `ITCare authentication failed during the client_credentials grant: POST ${em.issuer}/protocol/openid-connect/token did not answer within 300 ms (the request timeout: timeoutMs, ITCARE_TIMEOUT or itcare:timeout)`,
    );
    expect(err.cause).toBeInstanceOf(RequestTimeoutError);
    expect(client.auth.stats).toMatchObject({ discoveries: 1, clientCredentialsGrants: 1 });
  });
});
