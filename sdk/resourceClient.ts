import type { z } from 'zod';
import { InvalidArgumentError, InvalidResponseError } from './errors';
import { type CreateWaitOptions, resolveCreated } from './created';
import { parseInput } from './inputs';
import type { ApiRequester } from './client';
import { pageOf } from './page';
import { INT64_ID, idSegment } from './paths';
import type { PageQuery } from './page';
import { type AcceptedBody, type DryRunResult, readAccepted, readDryRun } from './resources/action';
import type { AnyResourceDescriptor } from './resources/descriptor';

export interface MutationOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** Result of an accepted (202) mutation. `actionId` is absent when ITCare sent an empty body. */
export type Accepted = AcceptedBody;

/**
 * Typed methods for one resource, derived from its descriptor: list, paginate, get, findByName, create,
 * operate (PATCH {operation, options}), delete. Request bodies are parsed with the descriptor's schemas
 * before they leave, responses with its model.
 */
export class ResourceClient<D extends AnyResourceDescriptor> {
  constructor(
    readonly descriptor: D,
    private readonly api: ApiRequester,
  ) {}

  private parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
    const r = schema.safeParse(data);
    if (!r.success) {
      const first = r.error.issues[0];
      throw new InvalidResponseError(
        `ITCare ${what} returned an unexpected ${this.descriptor.kind}: ${first.path.join('.') || '(root)'}: ${first.message}`,
      );
    }
    return r.data;
  }

  /** One page. Filters are the descriptor's listQuery (comma lists, `!` negation). */
  async list(query: z.input<D['listQuery']> & PageQuery = {} as never, signal?: AbortSignal) {
    const q = { ...this.listQuery(query), page: query.page, size: query.size, sort: query.sort };
    const data = await this.api.get(this.descriptor.path, { query: q, signal });
    return this.parse(pageOf(this.descriptor.model as D['model']), data, `GET ${this.descriptor.path}`);
  }

  /** Every matching item, page after page. */
  paginate(query: z.input<D['listQuery']> = {} as never, pageSize = 100): AsyncIterable<z.output<D['model']>> {
    return this.api.paginate(this.descriptor.path, this.listQuery(query), this.descriptor.model as D['model'], pageSize);
  }

  private listQuery(query: unknown): Record<string, unknown> {
    const { page: _p, size: _s, sort: _o, ...filters } = (query ?? {}) as Record<string, unknown>;
    return parseInput(this.descriptor.listQuery, filters, `${this.descriptor.kind} list query`);
  }

  /** The item's path: the id is checked against the descriptor's id rule and encoded (never `../`). */
  itemPath(id: number | string): string {
    return `${this.descriptor.path}/${idSegment(id, this.descriptor.id ?? INT64_ID, `${this.descriptor.kind} id`)}`;
  }

  async get(id: number | string, signal?: AbortSignal): Promise<z.output<D['model']>> {
    const path = this.itemPath(id);
    return this.parse(this.descriptor.model as D['model'], await this.api.get(path, { signal }), `GET ${path}`);
  }

  /** Exact-name lookup (the names filter is a pattern list, so results are filtered again here). */
  async findByName(name: string, serviceId?: number, signal?: AbortSignal): Promise<z.output<D['model']>[]> {
    const query = { names: name, ...(serviceId !== undefined ? { services: String(serviceId) } : {}) };
    const found: z.output<D['model']>[] = [];
    for await (const item of this.api.paginate(this.descriptor.path, query, this.descriptor.model as D['model'], 100, signal)) {
      const it = item as { name?: string; serviceId?: number };
      if (it.name === name && (serviceId === undefined || it.serviceId === serviceId)) found.push(item);
    }
    return found;
  }

  /**
   * POST: 202 + action. The body is validated with the create schema before it is sent. With
   * `dryRun: true`, ITCare only validates: the result is a DryRunResult (any 2xx with the echoed header).
   */
  create(body: z.input<D['create']>, opts: MutationOptions & { dryRun: true }): Promise<DryRunResult>;
  create(body: z.input<D['create']>, opts?: MutationOptions & { dryRun?: false }): Promise<Accepted>;
  create(body: z.input<D['create']>, opts?: MutationOptions): Promise<Accepted | DryRunResult>;
  async create(body: z.input<D['create']>, opts: MutationOptions = {}): Promise<Accepted | DryRunResult> {
    const payload = parseInput(this.descriptor.create, body, `${this.descriptor.kind} create body`);
    const data = await this.api.post(this.descriptor.path, { body: payload, ...opts });
    return opts.dryRun ? readDryRun(data) : readAccepted(data);
  }

  /**
   * Creates and returns the resource once its create has succeeded, whichever way ITCare answered the
   * POST: with the action and the resourceId, with the action only, or with an empty 202 (see
   * created.ts: every answer is checked against the create's name and service before it is trusted).
   */
  async createAndWait(body: z.input<D['create']>, opts: CreateWaitOptions = {}): Promise<z.output<D['model']>> {
    const requestedAt = Date.now();
    const accepted = await this.create(body, { signal: opts.signal });
    const { name, serviceId } = body as { name: string; serviceId: number };
    return resolveCreated<D['model']>(this, this.api, accepted, { name, serviceId }, requestedAt, opts);
  }

  /** PATCH {operation, options}: 202 + action; a DryRunResult with `dryRun: true`. */
  operate<K extends keyof D['operations'] & string>(id: number | string, operation: K, options: z.input<D['operations'][K]['options']>, opts: MutationOptions & { dryRun: true }): Promise<DryRunResult>;
  operate<K extends keyof D['operations'] & string>(id: number | string, operation: K, options: z.input<D['operations'][K]['options']>, opts?: MutationOptions & { dryRun?: false }): Promise<Accepted>;
  operate<K extends keyof D['operations'] & string>(id: number | string, operation: K, options: z.input<D['operations'][K]['options']>, opts?: MutationOptions): Promise<Accepted | DryRunResult>;
  async operate<K extends keyof D['operations'] & string>(
    id: number | string,
    operation: K,
    options: z.input<D['operations'][K]['options']>,
    opts: MutationOptions = {},
  ): Promise<Accepted | DryRunResult> {
    const path = this.itemPath(id);
    const spec = this.descriptor.operations[operation];
    if (!spec) {
      const allowed = Object.keys(this.descriptor.operations).join(', ');
      throw new InvalidArgumentError(`${this.descriptor.kind} has no operation ${JSON.stringify(operation)} (allowed: ${allowed})`, { argument: 'operation' });
    }
    const body = { operation, options: parseInput(spec.options, options ?? {}, `options of ${this.descriptor.kind} operation ${operation}`) };
    const data = await this.api.patch(path, { body, ...opts });
    return opts.dryRun ? readDryRun(data) : readAccepted(data);
  }

  /** DELETE with the optional changeReference body: 202 + action; a DryRunResult with `dryRun: true`. */
  delete(id: number | string, opts: MutationOptions & { changeReference?: string; dryRun: true }): Promise<DryRunResult>;
  delete(id: number | string, opts?: MutationOptions & { changeReference?: string; dryRun?: false }): Promise<Accepted>;
  delete(id: number | string, opts?: MutationOptions & { changeReference?: string }): Promise<Accepted | DryRunResult>;
  async delete(id: number | string, opts: MutationOptions & { changeReference?: string } = {}): Promise<Accepted | DryRunResult> {
    const path = this.itemPath(id);
    const { changeReference, ...rest } = opts;
    const body = changeReference ? { changeReference } : undefined;
    const data = await this.api.delete(path, { body, ...rest });
    return rest.dryRun ? readDryRun(data) : readAccepted(data);
  }
}
