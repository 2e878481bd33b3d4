import type { z } from 'zod';
import { InvalidArgumentError, InvalidResponseError } from './errors';
import { type CreateWaitOptions, resolveCreated } from './created';
import { parseInput } from './inputs';
import type { ApiRequester } from './requester';
import { PageQuery, pageOf } from './page';
import { INT64_ID, idSegment } from './paths';
import { type AcceptedBody, type DryRunResult, readAccepted, readDryRun } from './resources/action';
import { collectionPath, createSchema, nameFieldOf } from './resources/descriptor';
import type { AnyResourceDescriptor, ResourceDescriptor } from './resources/descriptor';

export interface MutationOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** The parent's field of a child resource (loadBalancerId), else never. */
// biome-ignore lint/suspicious/noExplicitAny: a type-level match on a descriptor of any schemas
export type ParentField<D> = D extends ResourceDescriptor<any, any, any, any, infer PF> ? PF : never;
/** A create body: a child's parent id is in its client's path (urls(lbId)), not in the body. */
export type CreateInput<D extends AnyResourceDescriptor> = Omit<z.input<D['create']>, ParentField<D>>;

/** Result of an accepted (202) mutation. `actionId` is absent when ITCare sent an empty body. */
export type Accepted = AcceptedBody;

/**
 * Typed methods for one resource, derived from its descriptor: list, paginate, get, findByName, create,
 * operate (PATCH {operation, options}), delete. Request bodies are parsed with the descriptor's schemas
 * before they leave, responses with its model.
 */
export class ResourceClient<D extends AnyResourceDescriptor> {
  /** The collection's path: a child's holds its parent's id (checked against the parent's id rule). */
  readonly path: string;

  constructor(
    readonly descriptor: D,
    private readonly api: ApiRequester,
    /** The parent's id, for a resource under a parent (client.networking.loadbalancers.urls(lbId)). */
    readonly parentId?: number | string,
  ) {
    this.path = collectionPath(descriptor, parentId);
  }

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
    // Paging is checked here too (size 1..1000, page ≥ 0, one sort key): a bad value is the caller's
    // error, named before a request, not a 400 from the server or a silently clamped page.
    const { page, size, sort } = parseInput(
      PageQuery,
      { page: query.page, size: query.size, sort: query.sort },
      `${this.descriptor.kind} list paging`,
    );
    const q = { ...this.listQuery(query), page, size, sort };
    const data = await this.api.get(this.path, { query: q, signal });
    return this.parse(pageOf(this.descriptor.model as D['model']), data, `GET ${this.path}`);
  }

  /** Every matching item, page after page. */
  paginate(query: z.input<D['listQuery']> = {} as never, pageSize = 100): AsyncIterable<z.output<D['model']>> {
    return this.api.paginate(this.path, this.listQuery(query), this.descriptor.model as D['model'], pageSize);
  }

  private listQuery(query: unknown): Record<string, unknown> {
    const { page: _p, size: _s, sort: _o, ...filters } = (query ?? {}) as Record<string, unknown>;
    return parseInput(this.descriptor.listQuery, filters, `${this.descriptor.kind} list query`);
  }

  /** The item's path: the id is checked against the descriptor's id rule and encoded (never `../`). */
  itemPath(id: number | string): string {
    return `${this.path}/${idSegment(id, this.descriptor.id ?? INT64_ID, `${this.descriptor.kind} id`)}`;
  }

  async get(id: number | string, signal?: AbortSignal): Promise<z.output<D['model']>> {
    const path = this.itemPath(id);
    return this.parse(this.descriptor.model as D['model'], await this.api.get(path, { signal }), `GET ${path}`);
  }

  /** Exact-name lookup (the names filter is a pattern list, so results are filtered again here). */
  async findByName(name: string, serviceId?: number, signal?: AbortSignal): Promise<z.output<D['model']>[]> {
    // The name field (nameField: a URL's name, a snapshot's description) is compared here; the names
    // filter is only sent where the field is `name`, and a child's list is already its parent's.
    const field = nameFieldOf(this.descriptor);
    const child = this.descriptor.parent !== undefined;
    const query = {
      ...(field === 'name' ? { names: name } : {}),
      ...(serviceId !== undefined && !child ? { services: String(serviceId) } : {}),
    };
    const found: z.output<D['model']>[] = [];
    for await (const item of this.api.paginate(this.path, query, this.descriptor.model as D['model'], 100, signal)) {
      const it = item as Record<string, unknown>;
      if (it[field] === name && (serviceId === undefined || child || it.serviceId === serviceId)) found.push(item);
    }
    return found;
  }

  /**
   * POST: 202 + action. The body is validated with the create schema before it is sent. With
   * `dryRun: true`, ITCare only validates: the result is a DryRunResult (any 2xx with the echoed header).
   */
  create(body: CreateInput<D>, opts: MutationOptions & { dryRun: true }): Promise<DryRunResult>;
  create(body: CreateInput<D>, opts?: MutationOptions & { dryRun?: false }): Promise<Accepted>;
  create(body: CreateInput<D>, opts?: MutationOptions): Promise<Accepted | DryRunResult>;
  async create(body: CreateInput<D>, opts: MutationOptions = {}): Promise<Accepted | DryRunResult> {
    const payload = parseInput(createSchema(this.descriptor), this.withParent(body), `${this.descriptor.kind} create body`) as Record<
      string,
      unknown
    >;
    if (this.descriptor.parent) delete payload[this.descriptor.parent.field]; // it is in the path
    const data = await this.api.post(this.path, { body: payload, ...opts });
    if (opts.dryRun) return readDryRun(data);
    // The 202's resourceId is INFERRED: one that is not an id of this resource reads as absent (found by name).
    const accepted = readAccepted(data);
    const valid = accepted.resourceId === undefined || (this.descriptor.id ?? INT64_ID).pattern.test(String(accepted.resourceId));
    return valid ? accepted : { ...accepted, resourceId: undefined };
  }

  /**
   * Creates and returns the resource once its create has succeeded, whichever way ITCare answered the
   * POST: with the action and the resourceId, with the action only, or with an empty 202 (see
   * created.ts: every answer is checked against the create's name and service before it is trusted).
   */
  async createAndWait(body: CreateInput<D>, opts: CreateWaitOptions = {}): Promise<z.output<D['model']>> {
    const requestedAt = Date.now();
    const accepted = await this.create(body, { signal: opts.signal });
    const fields = body as Record<string, unknown>;
    const name = String(fields[nameFieldOf(this.descriptor)]);
    return resolveCreated<D['model']>(
      this,
      this.api,
      accepted,
      { name, serviceId: fields.serviceId as number | undefined },
      requestedAt,
      opts,
    );
  }

  /** A child's create body with its parent's id, which must agree with the client's when given. */
  private withParent(body: unknown): Record<string, unknown> {
    const fields = { ...(body as Record<string, unknown>) };
    const parent = this.descriptor.parent;
    if (!parent) return fields;
    if (fields[parent.field] !== undefined && String(fields[parent.field]) !== String(this.parentId)) {
      throw new InvalidArgumentError(
        `${this.descriptor.kind} create body: ${parent.field} ${JSON.stringify(fields[parent.field])} differs from the client's ${parent.of.kind} ${String(this.parentId)}`,
        { argument: parent.field },
      );
    }
    return {
      ...fields,
      [parent.field]: typeof this.parentId === 'string' && /^\d+$/.test(this.parentId) ? Number(this.parentId) : this.parentId,
    };
  }

  /** PATCH {operation, options}: 202 + action; a DryRunResult with `dryRun: true`. */
  operate<K extends keyof D['operations'] & string>(
    id: number | string,
    operation: K,
    options: z.input<D['operations'][K]['options']>,
    opts: MutationOptions & { dryRun: true },
  ): Promise<DryRunResult>;
  operate<K extends keyof D['operations'] & string>(
    id: number | string,
    operation: K,
    options: z.input<D['operations'][K]['options']>,
    opts?: MutationOptions & { dryRun?: false },
  ): Promise<Accepted>;
  operate<K extends keyof D['operations'] & string>(
    id: number | string,
    operation: K,
    options: z.input<D['operations'][K]['options']>,
    opts?: MutationOptions,
  ): Promise<Accepted | DryRunResult>;
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
      throw new InvalidArgumentError(`${this.descriptor.kind} has no operation ${JSON.stringify(operation)} (allowed: ${allowed})`, {
        argument: 'operation',
      });
    }
    const body = {
      operation,
      options: parseInput(spec.options, options ?? {}, `options of ${this.descriptor.kind} operation ${operation}`),
    };
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
