import Router from '@koa/router';
import { z } from 'zod';
import { apiError, DryRunAnswer, validate } from './http';
import { FaultSpec, type Faults } from './faults';
import type { TokenSettings } from './oidcGrant';
import type { RequestLog } from './requestLog';
import type { ResourceBehaviour } from './routes';
import { BehaviourSpec, type ServerBehaviour } from './serverBehaviour';
import type { EmulatorStore } from './store';
import { networks } from './catalog';
import type { LookupRows } from './resources/lookups';

/**
 * /_emulator/*: the test harness's remote control (no auth, never logged, never faulted). It resets
 * state, steers action timing and failures, injects HTTP faults, changes token lifetimes, exposes the
 * request log, and reads / edits resources out of band (for refresh and adoption tests).
 */

export interface ControlDeps {
  store: EmulatorStore;
  log: RequestLog;
  faults: Faults;
  tokens: TokenSettings;
  defaultTokens: TokenSettings;
  /** Tokens the issuer handed out, for leak tests. */
  issued: { accessTokens: string[]; refreshTokens: string[] };
  /** Behaviours keyed by the last segment of their path, e.g. "instances". */
  behaviours: Record<string, ResourceBehaviour>;
  /** How strictly the server honours what the docs do not guarantee. */
  server: ServerBehaviour;
  /** Services and networks added to the lookups until the next reset. */
  lookups: LookupRows;
}

const Timing = z.union([
  z.strictObject({ durationMs: z.number().int().min(0) }),
  z.strictObject({ minMs: z.number().int().min(0), maxMs: z.number().int().min(0) }).refine((t) => t.maxMs >= t.minMs, 'maxMs < minMs'),
]);
const FailNext = z.strictObject({ count: z.number().int().min(0).default(1), message: z.string().optional() });
const TokenTtl = z.strictObject({ accessTtl: z.number().int().min(1).optional(), refreshTtl: z.number().int().min(1).optional() });
/** A seeded resource: anything the model has; status defaults to the descriptor's "created" status. */
const Seed = z.looseObject({
  name: z.string(),
  serviceId: z.number().int(),
  status: z.string().optional(),
  id: z.number().int().optional(),
});

export function controlRoutes(deps: ControlDeps): Router {
  const { store, log, faults, tokens } = deps;
  const router = new Router({ prefix: '/_emulator' });

  const behaviourOf = (name: string) => {
    const b = deps.behaviours[name];
    if (!b) throw apiError(404, 'RESOURCE_NOT_FOUND', 'collection', `No emulated collection ${name}`);
    return b;
  };

  router.post('/reset', (ctx) => {
    store.reset();
    log.clear();
    faults.clear();
    deps.server.reset();
    deps.lookups.reset();
    Object.assign(tokens, deps.defaultTokens);
    ctx.status = 204;
  });

  router.put('/actions/timing', (ctx) => {
    const t = validate(Timing, ctx.request.body);
    store.timing = 'durationMs' in t ? { minMs: t.durationMs, maxMs: t.durationMs } : t;
    ctx.body = store.timing;
  });

  router.post('/actions/fail-next', (ctx) => {
    const { count, message } = validate(FailNext, ctx.request.body ?? {});
    store.setFailNext(count, message);
    ctx.status = 204;
  });

  router.get('/faults', (ctx) => {
    ctx.body = faults.list();
  });
  router.post('/faults', (ctx) => {
    const spec = validate(FaultSpec, ctx.request.body);
    if (spec.path) {
      try {
        new RegExp(spec.path);
      } catch {
        throw apiError(400, 'INVALID_FIELD_VALUE', 'path', 'path is not a valid regular expression');
      }
    }
    faults.add(spec);
    ctx.status = 201;
    ctx.body = spec;
  });
  // The dry-run answer was a fault before it was an answer shape: clearing faults still resets it.
  router.delete('/faults', (ctx) => {
    faults.clear();
    deps.server.resetOnly('dryRun');
    ctx.status = 204;
  });
  router.get('/faults/held', (ctx) => {
    ctx.body = { held: faults.heldCount() };
  });
  router.post('/faults/release', (ctx) => {
    ctx.body = { released: faults.release() };
  });
  router.put('/dry-run', (ctx) => {
    deps.server.set({ dryRun: validate(z.strictObject({ answer: DryRunAnswer }), ctx.request.body).answer });
    ctx.body = { answer: deps.server.get('dryRun') };
  });

  router.get('/behaviour', (ctx) => {
    ctx.body = deps.server.view();
  });
  router.put('/behaviour', (ctx) => {
    deps.server.set(validate(BehaviourSpec, ctx.request.body));
    ctx.body = deps.server.view();
  });

  router.post('/lookups/:kind', (ctx) => {
    ctx.status = 201;
    ctx.body = deps.lookups.add(ctx.params.kind, ctx.request.body);
  });

  router.get('/tokens', (ctx) => {
    ctx.body = tokens;
  });
  router.put('/tokens', (ctx) => {
    Object.assign(tokens, validate(TokenTtl, ctx.request.body));
    ctx.body = tokens;
  });

  // The emulator's own test tokens, so leak tests can grep state and outputs for the real values.
  router.get('/tokens/issued', (ctx) => {
    ctx.body = deps.issued;
  });
  router.get('/log', (ctx) => {
    ctx.body = log.entries;
  });
  router.delete('/log', (ctx) => {
    log.clear();
    ctx.status = 204;
  });

  router.get('/resources/:collection', (ctx) => {
    ctx.body = store.collection(behaviourOf(ctx.params.collection).descriptor.path).all();
  });
  // Ids are int64s, or strings where the descriptor says so (snapshots: 123-snap-42).
  const keyOf = (collection: string, id: string) => (behaviourOf(collection).descriptor.id ? id : Number(id));
  router.delete('/resources/:collection/:id', (ctx) => {
    const items = store.collection(behaviourOf(ctx.params.collection).descriptor.path).items;
    ctx.status = items.delete(keyOf(ctx.params.collection, ctx.params.id)) ? 204 : 404;
  });
  // Out-of-band edit (a console user, time passing: a snapshot's expiration date).
  router.patch('/resources/:collection/:id', (ctx) => {
    const item = store
      .collection(behaviourOf(ctx.params.collection).descriptor.path)
      .items.get(keyOf(ctx.params.collection, ctx.params.id));
    if (!item) throw apiError(404, 'RESOURCE_NOT_FOUND', 'id', `No ${ctx.params.collection} ${ctx.params.id}`);
    ctx.body = Object.assign(item, validate(z.record(z.string(), z.unknown()), ctx.request.body), { id: item.id });
  });
  router.post('/resources/:collection', (ctx) => {
    const behaviour = behaviourOf(ctx.params.collection);
    const seed = validate(Seed, ctx.request.body);
    // Catalogue defaults fill what the seed leaves out, so a test states only what it cares about.
    const network = networks.find((n) => n.serviceId === seed.serviceId);
    const defaults = { productCode: 'deb12', networkId: network?.id ?? 0, cpu: 2, ram: 4 };
    const collection = store.collection(behaviour.descriptor.path);
    const model = behaviour.buildModel({ ...defaults, ...seed }, collection, 'emulator-seed', store);
    ctx.status = 201;
    ctx.body = collection.insert({ ...model, ...seed, status: seed.status ?? behaviour.descriptor.statuses.created });
  });

  return router;
}
