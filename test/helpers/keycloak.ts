import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { freePort } from './ports';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A real Keycloak for conformance tests: `scripts/keycloak start <port> <stateDir>` on a free port and
 * a fresh state dir (dev mode, realm "cloud" from scripts/keycloak-realm.json, events on), plus what the
 * tests need to watch it from the outside: a master-realm admin token (admin-cli password grant) and
 * the realm's events through the admin REST API. `stop()` always runs `scripts/keycloak stop`.
 */

const SCRIPT = path.resolve(__dirname, '../../scripts/keycloak');
const REALM = 'cloud';
const REALM_FILE = path.resolve(__dirname, '../../scripts/keycloak-realm.json');

export type KeycloakEventType = 'CLIENT_LOGIN' | 'CLIENT_LOGIN_ERROR' | 'REFRESH_TOKEN' | 'REFRESH_TOKEN_ERROR';

/** One stored event, as GET /admin/realms/{realm}/events returns it (newest first). */
export interface KeycloakEvent {
  id?: string;
  time: number;
  type: string;
  clientId?: string;
  userId?: string;
  sessionId?: string;
  ipAddress?: string;
  error?: string;
  details?: Record<string, string>;
}

export interface EventQuery {
  /** Only this client's events (the API's `client` filter). */
  clientId?: string;
  /**
   * Poll until at least this many events are there (events of a token request may be stored just
   * after its response), then read once more after a short pause so that late extras show up too.
   */
  atLeast?: number;
}

export interface KeycloakClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface StartedKeycloak {
  /** http://127.0.0.1:<port>/auth/realms/cloud */
  issuer: string;
  /** http://127.0.0.1:<port>/auth */
  baseUrl: string;
  /** Server version from the admin API, e.g. "26.7.3". */
  version: string;
  /** Java version the server runs on, e.g. "25.0.3". */
  javaVersion: string;
  /** The realm's confidential client (client_credentials + refresh tokens). */
  clientId: string;
  clientSecret: string;
  stateDir: string;
  /** Seconds from `scripts/keycloak start` to a ready realm. */
  startSeconds: number;
  /** A master-realm admin access token (admin-cli, admin/admin), reused until shortly before it expires. */
  adminToken(): Promise<string>;
  /** The realm's stored events of these types, newest first. */
  events(types: KeycloakEventType[], query?: EventQuery): Promise<KeycloakEvent[]>;
  /**
   * A new confidential client configured like `clientId` (same attributes: service account, refresh
   * tokens for client_credentials), with a random secret: its own events, for tests running side by side.
   */
  cloneClient(newClientId: string): Promise<KeycloakClientCredentials>;
  stop(): Promise<void>;
}

interface RealmFile {
  clients: { clientId: string; secret: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runScript(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // SIGTERM on timeout: `start` traps it and stops the half-started server itself.
    execFile(SCRIPT, args, { timeout: timeoutMs, killSignal: 'SIGTERM', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err)
        reject(
          new Error(
            `scripts/keycloak ${args.join(' ')} failed (${err.killed ? `killed after ${timeoutMs} ms` : `exit ${err.code}`}):\n${stderr}`,
          ),
        );
      else resolve({ stdout, stderr });
    });
  });
}

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface StartKeycloakOptions {
  /**
   * For `scripts/keycloak start`, download included when the distribution is not cached (default
   * 180 s: keep it below the caller's hook timeout, so that a start that hangs is stopped here). The
   * script sees this process's environment (KEYCLOAK_JAVA_HOME, KEYCLOAK_VERSION...).
   */
  timeoutMs?: number;
}

export async function startKeycloak(opts: StartKeycloakOptions = {}): Promise<StartedKeycloak> {
  const realm = JSON.parse(await readFile(REALM_FILE, 'utf8')) as RealmFile;
  const main = realm.clients.find((c) => c.clientId === 'itcare-ci') ?? realm.clients[0];
  const port = await freePort();
  const stateDir = await mkdtemp(path.join(tmpdir(), 'itcare-keycloak-'));
  const baseUrl = `http://127.0.0.1:${port}/auth`;
  const issuer = `${baseUrl}/realms/${REALM}`;

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      try {
        await runScript(['stop', stateDir], 60_000);
        await rm(stateDir, { recursive: true, force: true });
      } catch (err) {
        process.stderr.write(`keycloak: stop failed, state kept in ${stateDir}: ${String(err)}\n`);
      }
    })());

  const t0 = Date.now();
  try {
    await runScript(['start', String(port), stateDir], opts.timeoutMs ?? 180_000);
  } catch (err) {
    const log = await readFile(path.join(stateDir, 'keycloak.log'), 'utf8').catch(() => '');
    await runScript(['stop', stateDir], 60_000).catch(() => undefined);
    throw new Error(`${String(err)}\n--- keycloak.log (tail) ---\n${log.split('\n').slice(-40).join('\n')}\n(state dir ${stateDir})`);
  }
  const startSeconds = (Date.now() - t0) / 1000;

  let admin: { token: string; until: number } | undefined;
  async function adminToken(): Promise<string> {
    if (admin && Date.now() < admin.until) return admin.token;
    const res = await fetch(`${baseUrl}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: 'admin' }).toString(),
    });
    const body = await json<{ access_token: string; expires_in: number }>(res, 'admin token (master realm, admin-cli)');
    admin = { token: body.access_token, until: Date.now() + Math.max(1, body.expires_in - 10) * 1000 };
    return admin.token;
  }

  async function adminGet<T>(route: string): Promise<T> {
    const res = await fetch(`${baseUrl}/admin${route}`, { headers: { authorization: `Bearer ${await adminToken()}` } });
    return json<T>(res, `GET /admin${route}`);
  }

  async function readEvents(types: KeycloakEventType[], clientId?: string): Promise<KeycloakEvent[]> {
    const q = new URLSearchParams(types.map((t): [string, string] => ['type', t]));
    if (clientId) q.set('client', clientId);
    q.set('max', '10000');
    return adminGet<KeycloakEvent[]>(`/realms/${REALM}/events?${q}`);
  }

  async function events(types: KeycloakEventType[], query: EventQuery = {}): Promise<KeycloakEvent[]> {
    let found = await readEvents(types, query.clientId);
    if (query.atLeast === undefined) return found;
    const deadline = Date.now() + 5000;
    while (found.length < query.atLeast && Date.now() < deadline) {
      await sleep(100);
      found = await readEvents(types, query.clientId);
    }
    await sleep(250);
    return readEvents(types, query.clientId);
  }

  async function cloneClient(newClientId: string): Promise<KeycloakClientCredentials> {
    const [template] = await adminGet<Record<string, unknown>[]>(`/realms/${REALM}/clients?clientId=${encodeURIComponent(main.clientId)}`);
    if (!template) throw new Error(`client ${main.clientId} not found in realm ${REALM}`);
    const { id: _id, secret: _secret, protocolMappers, ...rest } = template;
    const clientSecret = `${newClientId}-secret-${randomBytes(12).toString('hex')}`;
    const body = {
      ...rest,
      clientId: newClientId,
      name: `${String(rest.name ?? main.clientId)} (${newClientId})`,
      secret: clientSecret,
      ...(Array.isArray(protocolMappers) ? { protocolMappers: protocolMappers.map(({ id: _mid, ...m }) => m) } : {}),
    };
    const res = await fetch(`${baseUrl}/admin/realms/${REALM}/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await json(res, `create client ${newClientId}`);
    return { clientId: newClientId, clientSecret };
  }

  try {
    const info = await adminGet<{ systemInfo: { version: string; javaVersion: string; javaVendor?: string; javaHome?: string } }>(
      '/serverinfo',
    );
    const { version, javaVersion, javaVendor, javaHome } = info.systemInfo;
    // On stdout, so that the CI log says which Keycloak the conformance tests ran against.
    process.stdout.write(
      `keycloak: Keycloak ${version} on Java ${javaVersion.split('.')[0]} (${javaVersion}, ${javaVendor ?? '?'}, ${javaHome ?? '?'}), ` +
        `ready in ${startSeconds.toFixed(1)} s at ${issuer}\n`,
    );
    return {
      issuer,
      baseUrl,
      version,
      javaVersion,
      clientId: main.clientId,
      clientSecret: main.secret,
      stateDir,
      startSeconds,
      adminToken,
      events,
      cloneClient,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
