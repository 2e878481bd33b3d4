import Router from '@koa/router';
import { lookups } from '../../sdk/resources';
import { networks, services } from '../catalog';
import { notFound } from '../http';
import { filterItems, springPage } from '../paging';

/**
 * Read-only lookups programs use to find the serviceId and networkId a create needs (INFERRED paths
 * from the shared `lookups` table). Both are Spring Pages with a few comma-list filters.
 */

type Query = Record<string, string | string[]>;

export function lookupRoutes(): Router {
  const router = new Router();

  router.get(lookups.services.path, (ctx) => {
    const list = filterItems([...services], ctx.query as Query, { names: (s) => s.name, keys: (s) => s.key, ids: (s) => s.id });
    ctx.body = springPage(list, ctx.query as Query);
  });
  router.get(`${lookups.services.path}/:id`, (ctx) => {
    const service = services.find((s) => s.id === Number(ctx.params.id));
    if (!service) throw notFound('Service', ctx.params.id);
    ctx.body = service;
  });

  router.get(lookups.networks.path, (ctx) => {
    const list = filterItems([...networks], ctx.query as Query, {
      names: (n) => n.name,
      services: (n) => n.serviceId,
      areas: (n) => n.area,
      regions: (n) => n.region,
    });
    ctx.body = springPage(list, ctx.query as Query);
  });
  router.get(`${lookups.networks.path}/:id`, (ctx) => {
    const network = networks.find((n) => n.id === Number(ctx.params.id));
    if (!network) throw notFound('Network', ctx.params.id);
    ctx.body = network;
  });

  return router;
}
