import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { type AnyResourceDescriptor, type OperationSpec, createSchema, setsOf } from '../sdk/resources';
import { answerDryRun, ApiError, invalidField, invalidState, isDryRun, notFound, validate } from './http';
import { filterItems, springPage, type FilterReader } from './paging';
import type { ServerBehaviour } from './serverBehaviour';
import type { ActionRecord, Collection, EmulatorStore, StoredResource } from './store';

/**
 * Routes derived from a resource descriptor: list / get / create / operate / delete. What is specific
 * to a resource (catalogue checks, the model built from a create body) comes from its behaviour; the
 * statuses, operations, `from`/`to`/`sets` and `deletableFrom` all come from the shared descriptor, so
 * the emulator enforces exactly the contract the SDK and the provider are written against.
 */

export interface ResourceBehaviour {
  descriptor: AnyResourceDescriptor;
  /** One reader per key of the descriptor's listQuery. */
  filters: Record<string, FilterReader<StoredResource>>;
  /** Semantic checks of a schema-valid create body, then the model (without id and status). */
  buildModel(body: Record<string, unknown>, collection: Collection, submittedBy: string): Omit<StoredResource, 'id' | 'status'>;
  /** Extra checks for an operation's options (e.g. resize against the catalogue). */
  checkOperation?(resource: StoredResource, operation: string, options: Record<string, unknown>): void;
  /** Effects of a successful operation beyond the descriptor's `sets` (e.g. add_nodes adds to instanceCount). */
  applyOperation?(resource: StoredResource, operation: string, options: Record<string, unknown>): void;
}

const PatchBody = z.looseObject({ operation: z.string({ error: 'operation is required' }), options: z.unknown().optional() });
const DeleteBody = z.looseObject({ changeReference: z.string().optional() }).nullish();

/** Client id from the verified token (bearer.ts) and the caller's request id, for actions. */
function caller(ctx: Context) {
  const requestId = ctx.get('X-Request-Id') || undefined;
  return { submittedBy: String(ctx.state.clientId ?? 'unknown'), requestId };
}

function accepted(ctx: Context, action: ActionRecord): void {
  ctx.status = 202;
  ctx.body = { id: action.id, status: action.status, message: action.message, resourceId: action.resourceId };
}

export function resourceRoutes(store: EmulatorStore, behaviour: ResourceBehaviour, server: ServerBehaviour): Router {
  const d = behaviour.descriptor;
  for (const key of Object.keys(d.listQuery.shape)) {
    if (!behaviour.filters[key]) throw new Error(`${d.kind}: no emulator filter for list query ${key}`);
  }
  const kind = d.kind.toLowerCase();
  const family = d.module.toUpperCase();
  const items = () => store.collection(d.path);
  const router = new Router();

  const find = (ctx: Context): StoredResource => {
    const item = items().items.get(Number(ctx.params.id));
    if (!item) throw notFound(d.kind, ctx.params.id);
    return item;
  };
  const assertIdle = (item: StoredResource) => {
    const running = store.runningActionOn(d.resourceType, item.id);
    if (running) {
      throw new ApiError(409, 'ACTION_IN_PROGRESS', 'id', `Action ${running.id} (${running.process}) is still running on ${kind} ${item.name}`);
    }
  };

  router.get(d.path, (ctx) => {
    const query = ctx.query as Record<string, string | string[]>;
    ctx.body = springPage(filterItems(items().all(), query, behaviour.filters), query);
  });

  router.get(`${d.path}/:id`, (ctx) => {
    ctx.body = find(ctx);
  });

  router.post(d.path, (ctx) => {
    const body = validate(createSchema(d), ctx.request.body) as Record<string, unknown>;
    const who = caller(ctx);
    const model = behaviour.buildModel(body, items(), who.submittedBy);
    // ITCare never returns passwords: whatever a module builds, a secret field is not kept.
    for (const f of d.secrets ?? []) delete (model as Record<string, unknown>)[f];
    // Tags of its own (serverBehaviour.ts), on resources that have tags; the client's win on a clash.
    if (model.tags && typeof model.tags === 'object') model.tags = { ...server.serverTags, ...(model.tags as object) };
    if (d.uniqueName && items().all().some((i) => i.name === model.name && i.serviceId === model.serviceId)) {
      throw new ApiError(409, 'RESOURCE_ALREADY_EXISTS', 'name', `${d.kind} ${model.name} already exists in service ${model.serviceId}`);
    }
    if (isDryRun(ctx)) return answerDryRun(ctx);
    const item = items().insert({ ...model, status: d.statuses.creating });
    accepted(ctx, store.startAction({
      ...who,
      process: `CREATE_${d.resourceType}`,
      family,
      resourceType: d.resourceType,
      resource: item,
      message: `Creation of ${kind} ${item.name}`,
      onSuccess: () => { item.status = d.statuses.created; },
      onError: () => { item.status = d.statuses.failed; },
    }));
  });

  router.patch(`${d.path}/:id`, (ctx) => {
    const item = find(ctx);
    const { operation, options: rawOptions } = validate(PatchBody, ctx.request.body ?? {});
    const ops = d.operations as Record<string, OperationSpec>;
    const spec = server.knows(operation) ? ops[operation] : undefined;
    if (!spec) {
      const known = Object.keys(ops).filter((o) => server.knows(o));
      throw invalidField('operation', `Error on field 'operation': unknown operation ${operation}, allowed: ${known.join(', ')}`);
    }
    const options = validate(spec.options, rawOptions ?? {}) as Record<string, unknown>;
    assertIdle(item);
    if (!spec.from.includes(item.status)) {
      throw invalidState(`Operation ${operation} is not allowed while ${kind} is ${item.status}`);
    }
    behaviour.checkOperation?.(item, operation, options);
    if (isDryRun(ctx)) return answerDryRun(ctx);
    accepted(ctx, store.startAction({
      ...caller(ctx),
      process: `${operation.toUpperCase()}_${d.resourceType}`,
      family,
      resourceType: d.resourceType,
      resource: item,
      message: `Operation ${operation} on ${kind} ${item.name}`,
      onSuccess: () => {
        if (spec.to) item.status = spec.to;
        for (const [option, field] of Object.entries(setsOf(spec))) if (options[option] !== undefined) item[field] = options[option];
        behaviour.applyOperation?.(item, operation, options);
      },
      onError: () => undefined,
    }));
  });

  router.delete(`${d.path}/:id`, (ctx) => {
    const item = find(ctx);
    const body = validate(DeleteBody, ctx.request.body);
    assertIdle(item);
    const allowed = d.deletableFrom;
    if (allowed && !allowed.includes(item.status)) {
      throw invalidState(`Cannot delete ${kind} ${item.name} while it is ${item.status}: stop it first (allowed: ${allowed.join(', ')})`);
    }
    if (isDryRun(ctx)) return answerDryRun(ctx);
    const previous = item.status;
    item.status = d.statuses.deleting;
    accepted(ctx, store.startAction({
      ...caller(ctx),
      process: `DELETE_${d.resourceType}`,
      family,
      resourceType: d.resourceType,
      resource: item,
      message: `Deletion of ${kind} ${item.name}`,
      changeReference: body?.changeReference,
      onSuccess: () => { items().items.delete(item.id); },
      onError: () => { item.status = previous; },
    }));
  });

  return router;
}
