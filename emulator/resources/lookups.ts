import Router from '@koa/router';
import { z } from 'zod';
import { lookups } from '../../sdk/resources';
import { ALLOWED_CPU, ALLOWED_RAM_GB, type NetworkSeed, type ServiceSeed, networks, products, services } from '../catalog';
import { apiError, notFound, validate } from '../http';
import { filterItems, springPage } from '../paging';

/**
 * Read-only lookups programs use to find the serviceId and networkId a create needs, and the products
 * with the sizings a create accepts (INFERRED paths from the shared `lookups` table). All are Spring
 * Pages with a few comma-list filters; `ignoreQueryFilters` drops those filters like any GET's.
 */

type Query = Record<string, string | string[]>;

/** A product as `GET /compute/products` shows it: the sizings a create with it accepts (catalog.ts rules). */
export const productView = () =>
  products.map((p) => ({
    code: p.code,
    label: p.label,
    type: p.type,
    family: p.family,
    cpus: [...ALLOWED_CPU],
    rams: ALLOWED_RAM_GB.filter((r) => r >= p.minRam),
    defaultDiskSize: p.defaultDiskSize,
  }));

const ServiceRow = z.strictObject({
  id: z.number().int().positive().optional(),
  name: z.string().min(1),
  key: z.string().min(1),
  cloudId: z.number().int().default(11),
  cloudName: z.string().default('Demo cloud'),
});
const NetworkRow = z.strictObject({
  id: z.number().int().positive().optional(),
  name: z.string().min(1),
  serviceId: z.number().int().positive(),
  area: z.string().default('EB-QA'),
  region: z.string().default('EB'),
  cidr: z.string().default('10.99.0.0/24'),
  vlan: z.string().default('9900'),
  scope: z.string().default('PRIVATE'),
});

/**
 * Rows a test adds to the lookups until the next reset (`POST /_emulator/lookups/{services|networks}`),
 * to hold clients to two services of one name or two networks of one name in different services.
 * They are seen by the lookup routes only: creates still check against catalog.ts.
 */
export class LookupRows {
  services: ServiceSeed[] = [];
  networks: NetworkSeed[] = [];

  allServices(): ServiceSeed[] {
    return [...services, ...this.services];
  }
  allNetworks(): NetworkSeed[] {
    return [...networks, ...this.networks];
  }

  add(kind: string, body: unknown): ServiceSeed | NetworkSeed {
    if (kind === 'services') {
      const row = validate(ServiceRow, body);
      const added = { ...row, id: row.id ?? 1100 + this.services.length };
      this.services.push(added);
      return added;
    }
    if (kind === 'networks') {
      const row = validate(NetworkRow, body);
      const added = { ...row, id: row.id ?? 2100 + this.networks.length };
      this.networks.push(added);
      return added;
    }
    throw apiError(404, 'RESOURCE_NOT_FOUND', 'kind', `No lookup ${kind} (services, networks)`);
  }

  reset(): void {
    this.services = [];
    this.networks = [];
  }
}

export function lookupRoutes(rows: LookupRows = new LookupRows()): Router {
  const router = new Router();

  router.get(lookups.services.path, (ctx) => {
    const list = filterItems(rows.allServices(), ctx.query as Query, { names: (s) => s.name, keys: (s) => s.key, ids: (s) => s.id });
    ctx.body = springPage(list, ctx.query as Query);
  });
  router.get(`${lookups.services.path}/:id`, (ctx) => {
    const service = rows.allServices().find((s) => s.id === Number(ctx.params.id));
    if (!service) throw notFound('Service', ctx.params.id);
    ctx.body = service;
  });

  router.get(lookups.networks.path, (ctx) => {
    const list = filterItems(rows.allNetworks(), ctx.query as Query, {
      names: (n) => n.name,
      services: (n) => n.serviceId,
      areas: (n) => n.area,
      regions: (n) => n.region,
    });
    ctx.body = springPage(list, ctx.query as Query);
  });
  router.get(`${lookups.networks.path}/:id`, (ctx) => {
    const network = rows.allNetworks().find((n) => n.id === Number(ctx.params.id));
    if (!network) throw notFound('Network', ctx.params.id);
    ctx.body = network;
  });

  router.get(lookups.products.path, (ctx) => {
    const list = filterItems(productView(), ctx.query as Query, { codes: (p) => p.code, types: (p) => p.type, families: (p) => p.family });
    ctx.body = springPage(list, ctx.query as Query);
  });

  return router;
}
