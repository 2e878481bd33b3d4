import { z } from 'zod';
import type { ApiRequester } from './requester';
import { InvalidResponseError, LookupAmbiguousError, LookupNotFoundError, NotFoundError } from './errors';
import { parseInput } from './inputs';
import { idSegment } from './paths';
import type { ResourceClient } from './resourceClient';
import type { instances as instanceDescriptor } from './resources/instance';
import { type Network, type Product, type Service, lookups } from './resources/lookups';

/**
 * Read-only lookups: find the one service, network or instance a program means, or the products a
 * dry run accepts, by what people know them by (a key, a name) instead of numeric ids.
 *
 * The query filters are INFERRED hints: ITCare may apply them loosely (patterns, prefixes) or not at
 * all, so every item is checked here against every criterion (exact name, service, area, id) before
 * it counts. Exactly one match is an answer; none or several is a LookupError naming the lookup, the
 * criteria and the candidates.
 */

const name = z.string().min(1);
const id = z.number().int().positive();

export const ServiceCriteria = z
  .strictObject({ key: name.optional(), name: name.optional() })
  .refine((c) => c.key !== undefined || c.name !== undefined, 'give the service key or name');
export const NetworkCriteria = z
  .strictObject({ id: id.optional(), name: name.optional(), serviceId: id.optional(), area: name.optional() })
  .refine((c) => c.id !== undefined || c.name !== undefined, 'give the network name or id');
export const InstanceCriteria = z.strictObject({ name, serviceId: id });
export const ProductCriteria = z.strictObject({
  code: name.optional(),
  /** LINUX, WINDOWS, … (compared without case, as ITCare's enums). */
  type: name.optional(),
  /** DEBIAN, RHEL, WINDOWS, … */
  family: name.optional(),
  /** Keep only products that accept this many vCPU. */
  cpu: id.optional(),
  /** Keep only products that accept this much memory (GB). */
  ram: id.optional(),
});
export type ServiceCriteria = z.input<typeof ServiceCriteria>;
export type NetworkCriteria = z.input<typeof NetworkCriteria>;
export type InstanceCriteria = z.input<typeof InstanceCriteria>;
export type ProductCriteria = z.input<typeof ProductCriteria>;
type Instance = z.output<(typeof instanceDescriptor)['model']>;

/** At most this many candidates are named in an error: a hint, not a catalogue dump. */
const LISTED = 15;

const said = (criteria: Record<string, unknown>) =>
  Object.entries(criteria)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(', ') || 'no criteria';
const same = (a: string | null | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();
const serviceLabel = (s: Service) => `${s.id} ${JSON.stringify(s.name)}${s.key ? ` (key ${s.key})` : ''}`;
const networkLabel = (n: Network) => `${n.id} ${JSON.stringify(n.name)} (service ${n.serviceId ?? '?'}${n.area ? `, ${n.area}` : ''})`;
const instanceLabel = (i: Instance) => `${i.id} ${i.name} (service ${i.serviceId}, ${i.status})`;
const productLabel = (p: Product) =>
  `${p.code} (${[p.type, p.family].filter(Boolean).join('/') || 'no type'}; cpu ${p.cpus?.join('/') ?? 'not listed'}; ram ${p.rams?.join('/') ?? 'not listed'} GB)`;

function listed(labels: string[]): string {
  const shown = labels.slice(0, LISTED).join(', ');
  return labels.length > LISTED ? `${shown}, … and ${labels.length - LISTED} more` : shown || 'none';
}

export class Lookups {
  constructor(
    private readonly api: ApiRequester,
    private readonly instances: ResourceClient<typeof instanceDescriptor>,
  ) {}

  /** Every item of a lookup list, the filters sent as hints. */
  private async all<S extends z.ZodType>(
    path: string,
    query: Record<string, unknown>,
    model: S,
    signal?: AbortSignal,
  ): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    for await (const item of this.api.paginate(path, query, model, 100, signal)) out.push(item);
    return out;
  }

  /** The one match, or a LookupError saying what was asked and what ITCare has. */
  private async one<T>(
    lookup: string,
    kind: string,
    criteria: Record<string, unknown>,
    matches: T[],
    label: (t: T) => string,
    nearby: () => Promise<string[]>,
    narrow: string,
  ): Promise<T> {
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      const candidates = matches.map(label);
      throw new LookupAmbiguousError(
        `${lookup} found ${matches.length} ${kind}s with ${said(criteria)}: ${listed(candidates)}; ${narrow}`,
        { lookup, criteria, candidates },
      );
    }
    const candidates = await nearby().catch(() => [] as string[]); // the hint is optional: "none" is the answer
    throw new LookupNotFoundError(`${lookup} found no ${kind} with ${said(criteria)}; ${kind}s you can see: ${listed(candidates)}`, {
      lookup,
      criteria,
      candidates,
    });
  }

  /** The service with this key and/or name (exact). */
  async getService(criteria: ServiceCriteria, signal?: AbortSignal): Promise<Service> {
    const c = parseInput(ServiceCriteria, criteria, 'getService criteria');
    const { path, model } = lookups.services;
    const query = { ...(c.key ? { keys: c.key } : {}), ...(c.name ? { names: c.name } : {}) };
    const matches = (await this.all(path, query, model, signal)).filter(
      (s) => (c.key === undefined || s.key === c.key) && (c.name === undefined || s.name === c.name),
    );
    return this.one(
      'getService',
      'service',
      c,
      matches,
      serviceLabel,
      async () => (await this.all(path, {}, model, signal)).map(serviceLabel),
      c.key === undefined ? 'ask by key' : 'give the name too',
    );
  }

  /** The network with this id and/or exact name, in this service and area when given. */
  async getNetwork(criteria: NetworkCriteria, signal?: AbortSignal): Promise<Network> {
    const c = parseInput(NetworkCriteria, criteria, 'getNetwork criteria');
    const { path, model } = lookups.networks;
    const fits = (n: Network) =>
      (c.id === undefined || n.id === c.id) &&
      (c.name === undefined || n.name === c.name) &&
      (c.serviceId === undefined || n.serviceId === c.serviceId) &&
      (c.area === undefined || same(n.area, c.area));
    const seen =
      c.id !== undefined
        ? await this.networkById(c.id, signal)
        : await this.all(
            path,
            {
              names: c.name,
              ...(c.serviceId ? { services: String(c.serviceId) } : {}),
              ...(c.area ? { areas: c.area } : {}),
            },
            model,
            signal,
          );
    const nearby = async () => {
      const pool = await this.all(path, c.serviceId ? { services: String(c.serviceId) } : {}, model, signal);
      // Asked by id: the network itself first (it explains which criterion it failed), then its service's.
      const first = c.id !== undefined ? seen : [];
      return [...first, ...pool.filter((n) => c.serviceId === undefined || n.serviceId === c.serviceId)]
        .map(networkLabel)
        .filter((l, i, a) => a.indexOf(l) === i);
    };
    return this.one('getNetwork', 'network', c, seen.filter(fits), networkLabel, nearby, 'add serviceId or area, or ask by id');
  }

  /** GET /networking/networks/{id}: [] when ITCare has no such network; the answer must be that network. */
  private async networkById(networkId: number, signal?: AbortSignal): Promise<Network[]> {
    const path = `${lookups.networks.path}/${idSegment(networkId, undefined, 'network id')}`;
    let data: unknown;
    try {
      data = await this.api.get(path, { signal });
    } catch (err) {
      if (err instanceof NotFoundError) return [];
      throw err;
    }
    const r = lookups.networks.model.safeParse(data);
    if (!r.success)
      throw new InvalidResponseError(`ITCare GET ${path} returned an unexpected network: ${r.error.issues[0].message}`, {
        method: 'GET',
        path,
      });
    if (r.data.id !== networkId)
      throw new InvalidResponseError(`ITCare GET ${path} returned network ${r.data.id}, not ${networkId}`, { method: 'GET', path });
    return [r.data];
  }

  /** The instance with this exact name in this service (ITCare names are unique per service). */
  async getInstance(criteria: InstanceCriteria, signal?: AbortSignal): Promise<Instance> {
    const c = parseInput(InstanceCriteria, criteria, 'getInstance criteria');
    const matches = await this.instances.findByName(c.name, c.serviceId, signal);
    const nearby = async () => {
      const out: string[] = [];
      for await (const i of this.instances.paginate({ services: String(c.serviceId) }))
        if (i.serviceId === c.serviceId) out.push(instanceLabel(i));
      return out;
    };
    return this.one(
      'getInstance',
      'instance',
      c,
      matches,
      instanceLabel,
      nearby,
      'ITCare names are unique per service: delete or rename the duplicates',
    );
  }

  /**
   * The products a create accepts, with the sizings each accepts (INFERRED route). Nothing matching
   * the criteria is a LookupNotFoundError listing every product: a program asks for products to use one.
   */
  async getProducts(criteria: ProductCriteria = {}, signal?: AbortSignal): Promise<Product[]> {
    const c = parseInput(ProductCriteria, criteria, 'getProducts criteria');
    const { path, model } = lookups.products;
    const query = {
      ...(c.code ? { codes: c.code } : {}),
      ...(c.type ? { types: c.type } : {}),
      ...(c.family ? { families: c.family } : {}),
    };
    const fits = (p: Product) =>
      (c.code === undefined || p.code === c.code) &&
      (c.type === undefined || same(p.type, c.type)) &&
      (c.family === undefined || same(p.family, c.family)) &&
      // Options not listed are not taken to include the sizing: the program would fail its dry run later.
      (c.cpu === undefined || (p.cpus ?? []).includes(c.cpu)) &&
      (c.ram === undefined || (p.rams ?? []).includes(c.ram));
    const matches = (await this.all(path, query, model, signal)).filter(fits);
    // None throws, naming every product; several is the answer.
    if (matches.length === 0)
      await this.one(
        'getProducts',
        'product',
        c,
        matches,
        productLabel,
        async () => (await this.all(path, {}, model, signal)).map(productLabel),
        '',
      );
    return matches;
  }
}
