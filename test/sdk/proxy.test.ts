import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { requestsTo, useEmulator } from '../helpers/emulator';

/**
 * Behind an HTTP proxy, as docs/sdk.md says: the SDK's HTTP is Node's fetch, which takes HTTP_PROXY
 * when NODE_USE_ENV_PROXY=1 (read at start-up, hence a child process running the built SDK). Both the
 * identity provider's requests (openid-client) and the API's go through the proxy's CONNECT tunnels;
 * without NODE_USE_ENV_PROXY none do. The proxy is real: it opens the tunnel to the emulator.
 */
jest.setTimeout(60_000);

const run = promisify(execFile);
const em = useEmulator();

interface Proxy {
  url: string;
  tunnels: string[];
  requests: string[];
  close(): Promise<void>;
}

/**
 * A CONNECT proxy that records the host:port of each tunnel it opens, and the request lines that pass
 * through them (the emulator speaks plain HTTP inside the tunnel).
 */
function connectProxy(): Promise<Proxy> {
  const tunnels: string[] = [];
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      client.on('data', (d: Buffer) => {
        for (const m of d.toString('latin1').matchAll(/^(GET|POST|PUT|PATCH|DELETE) (\S+)/gm)) requests.push(`${m[1]} ${m[2]}`);
      });
      upstream.pipe(client).pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        tunnels,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

/** Lists instances with the built SDK in a Node process of its own, under `env`. */
async function listInChild(env: Record<string, string>): Promise<unknown> {
  const script = `
    const { ITCareClient } = require(${JSON.stringify(path.resolve(__dirname, '../../dist/sdk'))});
    const c = new ITCareClient(${JSON.stringify({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret })});
    c.compute.instances.list().then((page) => console.log(JSON.stringify(page.content.map((i) => i.name))),
      (e) => { console.error(String(e)); process.exit(1); });`;
  const { stdout } = await run(process.execPath, ['-e', script], { env: { ...process.env, NO_PROXY: '', no_proxy: '', ...env } });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null');
}

let proxy: Proxy;
beforeEach(async () => {
  proxy = await connectProxy();
});
afterEach(async () => {
  await proxy.close();
});

it('with NODE_USE_ENV_PROXY=1 and HTTP_PROXY, discovery, token and API requests all go through the proxy', async () => {
  await em.control.seedInstance({ name: 'proxied01', serviceId: 1001 });
  const names = await listInChild({ NODE_USE_ENV_PROXY: '1', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });

  expect(names).toEqual(['proxied01']);
  const target = new URL(em.url).host;
  expect(new URL(em.issuer).host).toBe(target); // the emulator is both: one origin, tunnels reused
  expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
  expect(proxy.tunnels.every((t) => t === target)).toBe(true);
  const issuerPath = new URL(em.issuer).pathname;
  expect(proxy.requests).toEqual([
    `GET ${issuerPath}/.well-known/openid-configuration`,
    `POST ${issuerPath}/protocol/openid-connect/token`,
    'GET /itcare/compute/instances',
  ]);
  expect((await requestsTo(em, 'GET', '/itcare/compute/instances')).map((e) => e.status)).toEqual([200]);
});

it("HTTP_PROXY alone is not read by Node's fetch: nothing goes through the proxy", async () => {
  const names = await listInChild({ NODE_USE_ENV_PROXY: '', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
  expect(names).toEqual([]);
  expect(proxy.tunnels).toEqual([]);
  expect((await requestsTo(em, 'GET', '/itcare/compute/instances')).map((e) => e.status)).toEqual([200]);
});
