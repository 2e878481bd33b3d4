import http from 'node:http';
import type net from 'node:net';
import { inspect } from 'node:util';
import { AbortedError, type ITCareClient, NetworkError, RequestTimeoutError } from '../../sdk';
import { demoInstance, useEmulator } from '../helpers/emulator';
import { fastClient, itcareRejection } from '../helpers/sdk';
import { parseBody, requestUrl } from '../../sdk/transport';

/**
 * What the transport (Node's fetch) puts on the wire and how it reads answers back, over real HTTP: a
 * recording server stands for the API (the emulator stays the issuer), so the test sees the exact
 * request line, headers and body. Then the errors of failed requests against the emulator, inspected
 * as deeply as Node can print them: no token, client secret or password in any of them.
 */

const em = useEmulator();

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Recorder {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** Records each request; answers with `answer(req)`: status, content type and raw body. */
function recorder(answer: (s: Seen) => [number, string, string]): Promise<Recorder> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      const [status, type, text] = answer(s);
      // Echoed as ITCare does, so a dry run's answer is taken.
      const echo = req.headers['itcare-dryrun'] ? { 'ITCare-DryRun': 'true' } : {};
      res.writeHead(status, { ...echo, ...(type ? { 'Content-Type': type } : {}) }).end(text);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/itcare/`,
        seen,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

describe('on the wire', () => {
  let api: Recorder;
  afterEach(async () => {
    await api?.close();
  });

  it('sends the method, the joined path, the query (arrays repeated, nothing for undefined), the headers and a JSON body', async () => {
    api = await recorder(() => [200, 'application/json', '{"status":"VALID"}']);
    const client = fastClient(em, { url: api.url, userAgent: 'wire-test/1.0' });
    const body = await client.post('/compute/instances', {
      body: { name: 'wire01', cpu: 2 },
      dryRun: true,
      query: { areas: ['EB', 'ET'], page: 0, skipped: undefined, since: new Date('2026-01-02T03:04:05Z') },
    });

    expect(body).toEqual({ status: 'VALID' });
    expect(api.seen).toHaveLength(1);
    const [req] = api.seen;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/itcare/compute/instances?areas=EB&areas=ET&page=0&since=2026-01-02T03%3A04%3A05.000Z');
    expect(req.headers).toMatchObject({
      'user-agent': 'wire-test/1.0',
      'content-type': 'application/json',
      'itcare-dryrun': 'true',
      accept: 'application/vnd.cegedim-it.v1+json, application/json;q=0.9',
      authorization: expect.stringMatching(/^Bearer \S+$/),
    });
    expect(JSON.parse(req.body)).toEqual({ name: 'wire01', cpu: 2 });
  }, 30_000);

  it('reads JSON whatever the Content-Type says, an empty body as nothing, and other text as it is', async () => {
    const answers: Record<string, [number, string, string]> = {
      '/itcare/json': [200, 'application/json', '{"a":1}'],
      '/itcare/mislabelled': [200, 'text/plain', '{"b":2}'],
      '/itcare/empty': [200, 'application/json', ''],
      '/itcare/nocontent': [204, '', ''],
      '/itcare/html': [200, 'text/html', '<html>maintenance</html>'],
    };
    api = await recorder((s) => answers[s.url]);
    const client: ITCareClient = fastClient(em, { url: api.url });
    expect(await client.get('/json')).toEqual({ a: 1 });
    expect(await client.get('/mislabelled')).toEqual({ b: 2 });
    expect(await client.get('/empty')).toBeUndefined();
    expect(await client.delete('/nocontent')).toBeUndefined();
    expect(await client.get('/html')).toBe('<html>maintenance</html>');
    expect(api.seen.find((s) => s.method === 'GET')?.headers['content-type']).toBeUndefined();
  }, 30_000);
});

describe('requestUrl and parseBody', () => {
  it('one slash between base and path whatever each has; an object value as JSON, null and undefined left out', () => {
    for (const [base, p] of [
      ['http://h/itcare', 'x'],
      ['http://h/itcare/', '/x'],
      ['http://h/itcare//', '//x'],
    ]) {
      expect(requestUrl(base, p).href).toBe('http://h/itcare/x');
    }
    expect(requestUrl('http://h/a', '/b', { f: { k: 1 }, n: null, u: undefined, list: [1, null, 'z'], t: true }).search).toBe(
      `?f=${encodeURIComponent('{"k":1}')}&list=1&list=z&t=true`,
    );
  });

  it('JSON when it parses, else the text itself, nothing for an empty body', () => {
    expect([parseBody('{"a":[1]}'), parseBody('42'), parseBody('<p>x</p>'), parseBody('')]).toEqual([
      { a: [1] },
      42,
      '<p>x</p>',
      undefined,
    ]);
  });
});

describe('no secret in the error of a failed request, however deeply inspected', () => {
  const INSTANCES = '/itcare/compute/instances';
  const PASSWORD = 'Adm1n-Pa55word-of-web01';

  /** Every way Node prints an error: inspect with hidden fields and getters, JSON, message, stack, cause. */
  function printed(err: Error): string[] {
    return [
      inspect(err, { depth: Infinity, showHidden: true, getters: true }),
      JSON.stringify(err),
      err.message,
      String(err.stack),
      inspect(err.cause, { depth: Infinity, showHidden: true }),
    ];
  }

  it.each([
    ['a connection reset (NetworkError)', { reset: 'before' as const }, {}, NetworkError],
    ['a request timeout (RequestTimeoutError)', { latencyMs: 3000 }, { timeoutMs: 300 }, RequestTimeoutError],
    ['an abort (AbortedError)', { latencyMs: 3000 }, { abortAfterMs: 200 }, AbortedError],
  ])(
    '%s',
    async (_what, fault, opts: { timeoutMs?: number; abortAfterMs?: number }, errorClass) => {
      const client = fastClient(em, { timeoutMs: opts.timeoutMs });
      const token = await client.auth.getToken();
      await em.control.addFault({ method: 'POST', path: `^${INSTANCES}$`, count: 1, ...fault });
      const signal = opts.abortAfterMs ? AbortSignal.timeout(opts.abortAfterMs) : undefined;
      const err = await itcareRejection(
        client.post('/compute/instances', { body: { ...demoInstance('leak01'), admPassword: PASSWORD }, signal }),
      );

      expect(err).toBeInstanceOf(errorClass);
      expect(err).toMatchObject({ method: 'POST', path: '/compute/instances' });
      for (const text of printed(err)) {
        for (const secret of [token, em.clientSecret, PASSWORD, 'Bearer', 'authorization'])
          expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
      }
    },
    30_000,
  );
});
