import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { type AnyResourceDescriptor, type OperationSpec, catalog, createSchema, fillPath, nameFieldOf, setsOf } from '../sdk/resources';
import { answerDryRun, apiError, invalidField, invalidState, isDryRun, notFound, validate } from './http';
import { filterItems, springPage, type FilterReader } from './paging';
import type { ServerBehaviour } from './serverBehaviour';
import type { ActionRecord, Collection, EmulatorStore, StoredResource } from './store';

/**
 * Routes derived from a resource descriptor: list / get / create / operate / delete. What is specific
 * to a resource (catalogue checks, the model built from a create body) comes from its behaviour; the
 * statuses, operations, `from`/`to`/`sets` and `deletableFrom` all come from the shared descriptor, so
 * the emulator enforces exactly the contract the SDK and the provider are written against.
 */

/** A create body once its schema accepted it: the descriptor's own type, never a hand-copied interface. */
export type CreateBody<D extends AnyResourceDescriptor> = z.output<D['create']>;

export interface ResourceBehaviour<D extends AnyResourceDescriptor = AnyResourceDescriptor> {
  descriptor: D;
  /** One reader per key of the descriptor's listQuery. */
  filters: Record<string, FilterReader<StoredResource>>;
  /** Semantic checks of a schema-valid create body, then the model (without id and status). */
  buildModel(
    body: CreateBody<D>,
    collection: Collection,
    submittedBy: string,
    store?: EmulatorStore,
  ): Omit<StoredResource, 'id' | 'status'>;
  /** Extra checks for an operation's options (e.g. resize against the catalogue). */
  checkOperation?(resource: StoredResource, operation: string, options: Record<string, unknown>, store?: EmulatorStore): void;
  /** Effects of a successful operation beyond the descriptor's `sets` (e.g. add_nodes adds to instanceCount). */
  applyOperation?(resource: StoredResource, operation: string, options: Record<string, unknown>): void;
  /** Routes of its own beside the generic ones (a cluster's DELETE …/{id}/nodes/{nodeId}). */
  detailRoutes?(store: EmulatorStore): Router;
  /** The id of a new resource whose ids are not int64s (a snapshot's 123-snap-42). */
  newId?(model: Record<string, unknown>, collection: Collection): string;
}

/** True when the descriptor says this stored resource no longer exists (an expired snapshot). */
function goneFor(d: AnyResourceDescriptor, item: StoredResource): boolean {
  if (!d.gone) return false;
  const parsed = d.model.safeParse(item);
  return parsed.success && d.gone(parsed.data as Record<string, unknown>, new Date());
}

/** Descriptors living under `d` (a load balancer's URLs, an instance's snapshots). */
function childrenOf(d: AnyResourceDescriptor): AnyResourceDescriptor[] {
  return (Object.values(catalog) as AnyResourceDescriptor[]).filter((c) => c.parent?.of === d);
}

const PatchBody = z.looseObject({ operation: z.string({ error: 'operation is required' }), options: z.unknown().optional() });
const DeleteBody = z.looseObject({ changeReference: z.string().optional() }).nullish();

/** Client id from the verified token (bearer.ts) and the caller's request id, for actions. */
function caller(ctx: Context) {
  const requestId = ctx.get('X-Request-Id') || undefined;
  return { submittedBy: String(ctx.state.clientId ?? 'unknown'), requestId };
}

/** The 202 of an accepted mutation, in the server's `accepted` answer shape. */
function accepted(ctx: Context, server: ServerBehaviour, action: ActionRecord): void {
  ctx.body = server.acceptedBody(action);
  ctx.status = 202;
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
  const nameOf = (item: StoredResource) => String(item[nameFieldOf(d)] ?? item.id);
  // A child's collection is under its parent's id: /networking/loadbalancers/:parentId/urls.
  const base = fillPath(d.path, ':parentId');

  /** The parent of a child route, or a 404 naming it (the parent, not the child, is what is missing). */
  const parentOf = (ctx: Context): StoredResource | undefined => {
    if (!d.parent) return undefined;
    const parent = store.collection(d.parent.of.path).items.get(Number(ctx.params.parentId));
    if (!parent) throw notFound(d.parent.of.kind, ctx.params.parentId, d.parent.field);
    return parent;
  };
  const inParent = (item: StoredResource, parent: StoredResource | undefined) => !parent || !d.parent || item[d.parent.field] === parent.id;
  const find = (ctx: Context): StoredResource => {
    const parent = parentOf(ctx);
    const item = items().items.get(d.id ? String(ctx.params.id) : Number(ctx.params.id));
    if (!item || !inParent(item, parent)) throw notFound(d.kind, ctx.params.id);
    return item;
  };
  /** A model as the answer shapes show it (the stored one is never changed by them). */
  const show = (item: StoredResource) => server.present(d, item, store.runningActionOn(d.resourceType, item.id) !== undefined);
  const assertIdle = (item: StoredResource) => {
    const running = store.runningActionOn(d.resourceType, item.id);
    if (running) {
      throw apiError(
        409,
        'ACTION_IN_PROGRESS',
        'id',
        `Action ${running.id} (${running.process}) is still running on ${kind} ${nameOf(item)}`,
      );
    }
  };

  router.get(base, (ctx) => {
    const parent = parentOf(ctx);
    const query = ctx.query as Record<string, string | string[]>;
    const page = springPage(
      filterItems(
        items()
          .all()
          .filter((i) => inParent(i, parent)),
        query,
        behaviour.filters,
      ),
      query,
    );
    ctx.body = { ...page, content: page.content.map(show) };
  });

  router.get(`${base}/:id`, (ctx) => {
    ctx.body = show(find(ctx));
  });

  router.post(base, (ctx) => {
    const parent = parentOf(ctx);
    // A child's parent id is in the path: the body is judged with it (its schema holds the field).
    const sent = parent && d.parent ? { ...(ctx.request.body as object), [d.parent.field]: parent.id } : ctx.request.body;
    const body = validate(createSchema(d), sent) as CreateBody<AnyResourceDescriptor>;
    const who = caller(ctx);
    const model = behaviour.buildModel(body, items(), who.submittedBy, store);
    if (parent) Object.assign(model, { serviceId: parent.serviceId });
    // ITCare never returns passwords: whatever a module builds, a secret field is not kept.
    for (const f of d.secrets ?? []) delete (model as Record<string, unknown>)[f];
    // Tags of its own (serverBehaviour.ts), on resources that have tags; the client's win on a clash.
    if (model.tags && typeof model.tags === 'object') model.tags = { ...server.get('serverTags'), ...(model.tags as object) };
    if (
      d.uniqueName &&
      items()
        .all()
        .some((i) => i.name === model.name && i.serviceId === model.serviceId)
    ) {
      throw apiError(409, 'RESOURCE_ALREADY_EXISTS', 'name', `${d.kind} ${model.name} already exists in service ${model.serviceId}`);
    }
    if (isDryRun(ctx)) return answerDryRun(ctx);
    const item = items().insert({
      ...model,
      status: d.statuses.creating,
      ...(behaviour.newId ? { id: behaviour.newId(model, items()) } : {}),
    });
    accepted(
      ctx,
      server,
      store.startAction({
        ...who,
        resourceName: nameOf(item),
        process: `CREATE_${d.resourceType}`,
        family,
        resourceType: d.resourceType,
        resource: item,
        message: `Creation of ${kind} ${nameOf(item)}`,
        onSuccess: () => {
          item.status = d.statuses.created;
        },
        onError: () => {
          item.status = d.statuses.failed;
        },
      }),
    );
  });

  router.patch(`${base}/:id`, (ctx) => {
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
    behaviour.checkOperation?.(item, operation, options, store);
    if (isDryRun(ctx)) return answerDryRun(ctx);
    accepted(
      ctx,
      server,
      store.startAction({
        ...caller(ctx),
        resourceName: nameOf(item),
        process: `${operation.toUpperCase()}_${d.resourceType}`,
        family,
        resourceType: d.resourceType,
        resource: item,
        message: `Operation ${operation} on ${kind} ${nameOf(item)}`,
        onSuccess: () => {
          if (spec.to) item.status = spec.to;
          for (const [option, field] of Object.entries(setsOf(spec))) if (options[option] !== undefined) item[field] = options[option];
          behaviour.applyOperation?.(item, operation, options);
        },
        onError: () => undefined,
      }),
    );
  });

  router.delete(`${base}/:id`, (ctx) => {
    const item = find(ctx);
    const body = validate(DeleteBody, ctx.request.body);
    assertIdle(item);
    // INFERRED: a parent goes after its children (a load balancer's URLs, an instance's snapshots);
    // an expired snapshot, which ITCare purges on its own, does not hold its instance.
    for (const child of childrenOf(d)) {
      const held = store
        .collection(child.path)
        .all()
        .filter((c) => c[child.parent!.field] === item.id && !goneFor(child, c));
      if (held.length) {
        throw apiError(
          409,
          'RESOURCE_HAS_DEPENDENCIES',
          'id',
          `Cannot delete ${kind} ${nameOf(item)}: it still has ${held.length} ${child.kind} (${held.map((c) => c.id).join(', ')}); delete them first`,
        );
      }
    }
    const allowed = d.deletableFrom;
    if (allowed && !allowed.includes(item.status)) {
      throw invalidState(
        `Cannot delete ${kind} ${nameOf(item)} while it is ${item.status}: stop it first (allowed: ${allowed.join(', ')})`,
      );
    }
    if (isDryRun(ctx)) return answerDryRun(ctx);
    const previous = item.status;
    item.status = d.statuses.deleting;
    accepted(
      ctx,
      server,
      store.startAction({
        ...caller(ctx),
        resourceName: nameOf(item),
        process: `DELETE_${d.resourceType}`,
        family,
        resourceType: d.resourceType,
        resource: item,
        message: `Deletion of ${kind} ${nameOf(item)}`,
        changeReference: body?.changeReference,
        onSuccess: () => {
          items().items.delete(item.id);
        },
        onError: () => {
          item.status = previous;
        },
      }),
    );
  });

  return router;
}
