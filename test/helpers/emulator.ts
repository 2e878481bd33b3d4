import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { z } from 'zod';
import type { FaultSpec as FaultSchema } from '../../emulator/faults';
import type { LogEntry } from '../../emulator/requestLog';
import type { AnswerShapes, BehaviourSpec } from '../../sdk/answerShapes';
import { ITCareClient } from '../../sdk/client';
import type { ClientOptions } from '../../sdk/config';

/**
 * Starts the built emulator (dist/, compiled by `pretest`) as a child process on an ephemeral port
 * and gives tests its URLs, the demo credentials and a typed client for the /_emulator control
 * routes. The emulator never runs inside jest: oidc-provider is ESM, and a real process over real
 * HTTP is what the SDK and the provider will talk to anyway.
 */

/** The emulator's own types: the control API speaks them (JSON over HTTP). */
export type { LogEntry } from '../../emulator/requestLog';
export type FaultSpec = z.input<typeof FaultSchema>;

export type StoredInstance = Record<string, unknown> & { id: number; name: string; status: string; serviceId: number };

export interface EmulatorControl {
  reset(): Promise<void>;
  timing(t: { durationMs: number } | { minMs: number; maxMs: number }): Promise<void>;
  failNext(count: number, message?: string): Promise<void>;
  addFault(fault: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** Lets the requests held by `hold` faults go on; says how many there were. */
  releaseHeld(): Promise<{ released: number }>;
  /** Waits until `hold` faults hold n requests (they are on their way: sent, not yet answered). */
  untilHeld(n: number): Promise<void>;
  /** How dry runs that pass are answered: 200 VALID (default), 200 with no body, 202 {id: 0, status: SUCCESS}, or 204. */
  dryRunAnswer(answer: 'valid' | 'blank' | 'accepted' | 'empty'): Promise<void>;
  setTokenTtl(ttl: { accessTtl?: number; refreshTtl?: number }): Promise<void>;
  /** The last access and refresh tokens the issuer handed out (for leak tests). */
  issuedTokens(): Promise<{ accessTokens: string[]; refreshTokens: string[] }>;
  log(): Promise<LogEntry[]>;
  clearLog(): Promise<void>;
  instances(): Promise<StoredInstance[]>;
  removeInstance(id: number): Promise<void>;
  seedInstance(fields: Partial<StoredInstance> & { name: string; serviceId: number }): Promise<StoredInstance>;
  /** Answer shapes (emulator/answerShapes.ts: ignoreQueryFilters, accepted, inFlightStatuses, …) until the next reset. */
  behaviour(spec: BehaviourSpec): Promise<AnswerShapes>;
  /** Any collection, by the last segment of its path (postgresql, apache-kafka, …). */
  resources(collection: string): Promise<StoredInstance[]>;
  removeResource(collection: string, id: number | string): Promise<void>;
  /** Out-of-band edit of a stored resource's fields (a console user; time passing). */
  editResource(collection: string, id: number | string, fields: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Adds a service or network that the lookups (only) show until the next reset. */
  addLookup(kind: 'services' | 'networks', row: Record<string, unknown>): Promise<Record<string, unknown> & { id: number }>;
}

export interface SpawnedEmulator {
  url: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  port: number;
  control: EmulatorControl;
  stop(): Promise<void>;
}

const CLI = path.resolve(__dirname, '../../dist/emulator/cli.js');

function controlClient(base: string): EmulatorControl {
  async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/_emulator${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`control ${method} ${route} failed: HTTP ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    reset: () => call('POST', '/reset'),
    timing: (t) => call('PUT', '/actions/timing', t),
    failNext: (count, message) => call('POST', '/actions/fail-next', { count, message }),
    addFault: (fault) => call('POST', '/faults', fault),
    clearFaults: () => call('DELETE', '/faults'),
    releaseHeld: () => call('POST', '/faults/release'),
    untilHeld: async (n) => {
      // Polled: the request reaches the emulator on its own schedule. A call that never comes fails
      // here, naming what was awaited, instead of hanging until the test's own timeout.
      for (let waited = 0; (await call<{ held: number }>('GET', '/faults/held')).held < n; waited += 20) {
        if (waited >= 15_000) throw new Error(`the emulator holds fewer than ${n} request(s) after 15 s: the call never reached it`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    dryRunAnswer: (answer) => call('PUT', '/dry-run', { answer }),
    setTokenTtl: (ttl) => call('PUT', '/tokens', ttl),
    issuedTokens: () => call('GET', '/tokens/issued'),
    log: () => call('GET', '/log'),
    clearLog: () => call('DELETE', '/log'),
    instances: () => call('GET', '/resources/instances'),
    removeInstance: (id) => call('DELETE', `/resources/instances/${id}`),
    seedInstance: (fields) => call('POST', '/resources/instances', fields),
    behaviour: (spec) => call('PUT', '/behaviour', spec),
    resources: (collection) => call('GET', `/resources/${collection}`),
    removeResource: (collection, id) => call('DELETE', `/resources/${collection}/${id}`),
    editResource: (collection, id, fields) => call('PATCH', `/resources/${collection}/${id}`, fields),
    addLookup: (kind, row) => call('POST', `/lookups/${kind}`, row),
  };
}

export interface SpawnOptions {
  /**
   * 'ignored' (default): list and query filters are ignored, as a server the public docs allow
   * could do, so every suite holds the clients to checking answers themselves. 'applied': for the
   * tests of the emulator's (and the SDK's) filters themselves.
   */
  queryFilters?: 'ignored' | 'applied';
}

/**
 * Spawns `dist/emulator/cli.js --port 0 --json --action-ms 50 [--ignore-query-filters] ...args` and
 * reads its JSON line.
 */
export async function spawnEmulator(args: string[] = [], opts: SpawnOptions = {}): Promise<SpawnedEmulator> {
  const filters = (opts.queryFilters ?? 'ignored') === 'ignored' ? ['--ignore-query-filters'] : [];
  const child: ChildProcess = spawn(process.execPath, [CLI, '--port', '0', '--json', '--action-ms', '50', ...filters, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const info = await new Promise<{ url: string; issuer: string; clientId: string; clientSecret: string; port: number }>(
    (resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => {
        try {
          resolve(JSON.parse(line));
        } catch (err) {
          reject(err);
        }
      });
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before starting: ${stderr}`)));
    },
  );

  return {
    ...info,
    control: controlClient(`http://127.0.0.1:${info.port}`),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_expires_in?: number;
  token_type: string;
  scope?: string;
}

export const basicAuth = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** Raw token request (no SDK): client_credentials by default, with HTTP Basic client authentication. */
export async function tokenRequest(
  em: Pick<SpawnedEmulator, 'issuer' | 'clientId' | 'clientSecret'>,
  params: Record<string, string> = { grant_type: 'client_credentials', scope: 'openid' },
  secret = em.clientSecret,
) {
  return fetch(`${em.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(em.clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

export async function getToken(em: Pick<SpawnedEmulator, 'issuer' | 'clientId' | 'clientSecret'>): Promise<TokenResponse> {
  const res = await tokenRequest(em);
  if (res.status !== 200) throw new Error(`token request failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenResponse;
}

// biome-ignore lint/suspicious/noExplicitAny: a raw HTTP answer, read field by field by each test
export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: T;
  text: string;
}

/** One raw API call with a bearer token (the SDK is not used: these tests pin the wire protocol). */
export async function apiCall(
  em: Pick<SpawnedEmulator, 'url'>,
  token: string | undefined,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const res = await fetch(`${em.url}${route}`, {
    method,
    headers: {
      accept: 'application/vnd.cegedim-it.v1+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text };
}

/** Polls GET /actions/{id} until it ends, SUCCESS or ERROR (actions take ~50 ms in tests; PENDING is running too). */
export async function waitForAction(em: Pick<SpawnedEmulator, 'url'>, token: string, actionId: number, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await apiCall(em, token, 'GET', `/actions/${actionId}`);
    if (body.status === 'SUCCESS' || body.status === 'ERROR')
      return body as { id: number; status: string; message: string; process: string };
    if (Date.now() > deadline) throw new Error(`action ${actionId} still IN_PROGRESS after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A valid create body for service 1001 (Demo) on network 2001 (EB-QA front). */
export const demoInstance = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  ...extra,
});

/** An SDK client pointed at this emulator with its demo credentials; `extra` overrides options. */
export function sdkClient(
  em: Pick<SpawnedEmulator, 'url' | 'issuer' | 'clientId' | 'clientSecret'>,
  extra: Partial<ClientOptions> = {},
): ITCareClient {
  return new ITCareClient({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret, ...extra });
}

/** A stand-in whose properties read the running emulator, so tests write `em.url` as usual. */
function standIn(current: () => SpawnedEmulator | undefined): SpawnedEmulator {
  return new Proxy({} as SpawnedEmulator, {
    get(_target, key) {
      const em = current();
      if (!em) throw new Error('the emulator starts in beforeAll: use it inside tests and hooks');
      return em[key as keyof SpawnedEmulator];
    },
  });
}

/** One emulator for a test file: started before its tests, reset before each, stopped after all. */
export function useEmulator(args: string[] = [], opts: SpawnOptions = {}): SpawnedEmulator {
  let current: SpawnedEmulator | undefined;
  beforeAll(async () => {
    current = await spawnEmulator(args, opts);
  });
  afterAll(async () => {
    await current?.stop();
  });
  beforeEach(async () => {
    await current!.control.reset();
  });
  return standIn(() => current);
}

/**
 * One emulator for a test file whose provider code runs in this process: its credentials exported as
 * ITCARE_* for the file (exportCredentials), removed and the emulator stopped after all. No reset:
 * each file says what it resets before each test.
 */
export function useProviderEmulator(args: string[] = [], opts: SpawnOptions = {}): SpawnedEmulator {
  let current: SpawnedEmulator | undefined;
  beforeAll(async () => {
    current = await spawnEmulator(args, opts);
    exportCredentials(current);
  });
  afterAll(async () => {
    clearCredentials();
    await current?.stop();
  });
  return standIn(() => current);
}

const CREDENTIAL_ENV = ['ITCARE_URL', 'ITCARE_OIDC_ISSUER', 'ITCARE_CLIENT_ID', 'ITCARE_CLIENT_SECRET'] as const;

/** Points the provider's code running in this process at `em`, as ITCARE_* variables would a user's. */
export function exportCredentials(em: Pick<SpawnedEmulator, 'url' | 'issuer' | 'clientId' | 'clientSecret'>): void {
  Object.assign(process.env, {
    ITCARE_URL: em.url,
    ITCARE_OIDC_ISSUER: em.issuer,
    ITCARE_CLIENT_ID: em.clientId,
    ITCARE_CLIENT_SECRET: em.clientSecret,
  });
}

/** Removes what exportCredentials set (the next test file's provider must not find them). */
export function clearCredentials(): void {
  for (const k of CREDENTIAL_ENV) delete process.env[k];
}

/** The emulator's log entries of one method on one path. */
export async function requestsTo(em: Pick<SpawnedEmulator, 'control'>, method: string, path: string): Promise<LogEntry[]> {
  return (await em.control.log()).filter((e) => e.method === method && e.path === path);
}

/** The API calls that changed something (not reads, not dry runs): a no-op `up` makes none. */
export async function apiMutations(em: Pick<SpawnedEmulator, 'control'>): Promise<LogEntry[]> {
  return (await em.control.log()).filter((l) => l.method !== 'GET' && !l.dryRun && l.path.startsWith('/itcare/'));
}
