import Router from '@koa/router';
import { notFound } from '../http';
import { matchesCommaList } from '../paging';
import type { ServerBehaviour } from '../serverBehaviour';
import type { ActionRecord, EmulatorStore } from '../store';

/**
 * GET /actions/{id} and GET /actions: ITCare's async tracking objects. The list is a plain array
 * (VERIFIED), not a Page. `resourceId` and `serviceId` are kept on the record although the public
 * action object has no resource id: they are extra fields a tolerant client ignores.
 */

const FILTERS: Record<string, (a: ActionRecord) => unknown> = {
  resourceName: (a) => a.resourceName,
  resourceId: (a) => a.resourceId,
  serviceId: (a) => a.serviceId,
  statuses: (a) => a.status,
  requestId: (a) => a.requestId,
};

export function actionRoutes(store: EmulatorStore, server: ServerBehaviour): Router {
  const router = new Router();

  router.get('/actions', (ctx) => {
    let list = [...store.actions.values()];
    for (const [key, read] of Object.entries(FILTERS)) {
      const raw = ctx.query[key];
      const value = Array.isArray(raw) ? raw.join(',') : raw;
      // A status filter reads the status as the answer shows it (PENDING, with unknown in-flight statuses).
      if (value) list = list.filter((a) => matchesCommaList(read(server.presentAction(a)), value));
    }
    // Newest first, as an activity feed reads.
    ctx.body = list.sort((a, b) => b.id - a.id).map((a) => server.presentAction(a));
  });

  router.get('/actions/:id', (ctx) => {
    const action = store.actions.get(Number(ctx.params.id));
    if (!action) throw notFound('Action', ctx.params.id);
    ctx.body = server.presentAction(action);
  });

  return router;
}
