import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa, { type Context, type Next } from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { bearerAuth } from './bearer';
import { controlRoutes } from './control';
import { Faults } from './faults';
import { DRY_RUN_HEADER, errorBodies, isDryRun } from './http';
import { createIssuer, DEMO_CLIENT, type ClientConfig } from './oidc';
import type { TokenSettings } from './oidcGrant';
import { RequestLog } from './requestLog';
import { actionRoutes } from './resources/actions';
import { instanceBehaviour, instanceDetailRoutes } from './resources/instances';
import { LookupRows, lookupRoutes } from './resources/lookups';
import { kafkaBehaviour } from './resources/kafka';
import { loadBalancerBehaviour } from './resources/loadBalancers';
import { loadBalancerUrlBehaviour } from './resources/loadBalancerUrls';
import { snapshotBehaviour } from './resources/snapshots';
import { mariadbBehaviour } from './resources/mariadb';
import { opensearchBehaviour } from './resources/opensearch';
import { overdriveBehaviour } from './resources/overdrive';
import { postgresqlBehaviour } from './resources/postgresql';
import { redisBehaviour } from './resources/redis';
import { type CatalogKey, type catalog, parsePath } from '../sdk/resources';
import { rabbitmqBehaviour } from './resources/rabbitmq';
import { glusterfsBehaviour } from './resources/glusterfs';
import { sqlserverBehaviour } from './resources/sqlserver';
import { kubernetesBehaviour } from './resources/kubernetes';
import { resourceRoutes, type ResourceBehaviour } from './routes';
import { type BehaviourSpec, ServerBehaviour } from './serverBehaviour';
import { EmulatorStore } from './store';

/**
 * A local ITCare: the API under /itcare and an embedded Keycloak look-alike under
 * /auth/realms/cloud, on one port. The port is bound first (0 = ephemeral) so the issuer URL the
 * tokens carry is the real one.
 */

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Default duration of async actions (ms). */
  actionMs?: number;
  /** Extra OAuth clients besides the demo client. */
  clients?: ClientConfig[];
  /** Also accept bearer tokens from this external issuer (e.g. a real Keycloak). */
  trustIssuer?: string;
  accessTtl?: number;
  refreshTtl?: number;
  /** List and query endpoints ignore their filters (see serverBehaviour.ts); default false. */
  ignoreQueryFilters?: boolean;
  /** PATCH operations refused as unknown (400), e.g. ['update_metadata']. */
  unknownOperations?: string[];
  /** Start-up answer shapes (answerShapes.ts), e.g. {accepted: 'empty', inFlightStatuses: 'unknown'}. */
  shapes?: BehaviourSpec;
}

export interface RunningEmulator {
  url: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  port: number;
  close(): Promise<void>;
}

export const API_PREFIX = '/itcare';
export const REALM_PATH = '/auth/realms/cloud';
const CONTROL_PREFIX = '/_emulator';

/**
 * Every resource of the catalogue, its behaviour: keyed by the catalogue key, so a kind of the
 * registry without one (or with another kind's descriptor) is a compile error.
 */
const BEHAVIOURS: { [K in CatalogKey]: ResourceBehaviour<(typeof catalog)[K]> } = {
  'compute.Instance': instanceBehaviour,
  'databases.PostgreSQL': postgresqlBehaviour,
  'databases.MariaDB': mariadbBehaviour,
  'databases.Redis': redisBehaviour,
  'databases.OpenSearch': opensearchBehaviour,
  'messaging.Kafka': kafkaBehaviour,
  'storage.Overdrive': overdriveBehaviour,
  'networking.LoadBalancer': loadBalancerBehaviour,
  'networking.LoadBalancerUrl': loadBalancerUrlBehaviour,
  'compute.Snapshot': snapshotBehaviour,
  'messaging.RabbitMQ': rabbitmqBehaviour,
  'storage.GlusterFS': glusterfsBehaviour,
  'databases.SQLServer': sqlserverBehaviour,
  'containers.Kubernetes': kubernetesBehaviour,
};

/** The same, by collection (the path's last segment: instances, apache-kafka): how /_emulator names them. */
const BY_COLLECTION: Record<string, ResourceBehaviour> = Object.fromEntries(
  (Object.values(BEHAVIOURS) as ResourceBehaviour[]).map((b) => [parsePath(b.descriptor.path).collection, b]),
);

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

const json = () =>
  bodyParser({
    enableTypes: ['json'],
    parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
    // lodash-merged by index into the defaults: keep application/json first; "+json" covers the vendor type.
    extendTypes: { json: ['application/json', '+json'] },
  });

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer();
  const port = await listen(server, opts.port ?? 0, host);
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `${base}${API_PREFIX}`;
  const issuerUrl = `${base}${REALM_PATH}`;

  const defaultTokens: TokenSettings = { accessTtl: opts.accessTtl ?? 1200, refreshTtl: opts.refreshTtl ?? 7200 };
  const tokens: TokenSettings = { ...defaultTokens };
  const clients = [DEMO_CLIENT, ...(opts.clients ?? [])];
  const issuer = await createIssuer(issuerUrl, url, clients, tokens);
  const store = new EmulatorStore(opts.actionMs ?? 1500);
  const log = new RequestLog();
  const faults = new Faults();
  const lookupRows = new LookupRows();
  const behaviour = new ServerBehaviour({
    ...opts.shapes,
    ...(opts.ignoreQueryFilters !== undefined ? { ignoreQueryFilters: opts.ignoreQueryFilters } : {}),
    ...(opts.unknownOperations !== undefined ? { unknownOperations: opts.unknownOperations } : {}),
  });

  const api = new Router({ prefix: API_PREFIX });
  api.get('/health', (ctx) => {
    ctx.body = { status: 'UP' };
  });
  api.use(async (ctx: Context, next: Next) => (ctx.path === `${API_PREFIX}/health` ? next() : requireBearer(ctx, next)));
  const requireBearer = bearerAuth({ issuer: issuerUrl, audience: url, publicJwks: issuer.publicJwks, trustIssuer: opts.trustIssuer });
  for (const resource of Object.values(BY_COLLECTION)) {
    api.use(resourceRoutes(store, resource, behaviour).routes());
    if (resource.detailRoutes) api.use(resource.detailRoutes(store).routes());
  }
  api.use(instanceDetailRoutes(store).routes(), actionRoutes(store, behaviour).routes(), lookupRoutes(lookupRows).routes());

  const control = controlRoutes({
    store,
    log,
    faults,
    tokens,
    defaultTokens,
    behaviours: BY_COLLECTION,
    server: behaviour,
    issued: issuer.issued,
    lookups: lookupRows,
  });
  const controlParser = json();
  const controlRouter = control.routes();
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.path !== CONTROL_PREFIX && !ctx.path.startsWith(`${CONTROL_PREFIX}/`)) return next();
    // Handled here, before the request log and the faults: control calls are neither logged nor faulted.
    return controlParser(ctx, () => errorBodies(ctx, () => controlRouter(ctx as Parameters<typeof controlRouter>[0], next)));
  });
  app.use(log.middleware((req) => issuer.grantTypeOf(req)));
  app.use(async (ctx, next) => {
    // The header comes back on every answer to a dry run, errors included.
    if (isDryRun(ctx)) ctx.set(DRY_RUN_HEADER, 'true');
    await next();
  });
  app.use(faults.middleware());
  app.use(behaviour.middleware());
  app.use(issuer.middleware);
  app.use(errorBodies);
  app.use(json());
  app.use(api.routes());
  app.use(api.allowedMethods());
  server.on('request', app.callback());

  return {
    url,
    issuer: issuerUrl,
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
