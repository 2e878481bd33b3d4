import { z } from 'zod';
import { durationBook, endpointKey } from './actionDurations';
import { type ActionProgress, type WaitForActionOptions, waitForAction } from './actions';
import { TokenProvider } from './auth';
import { type ClientOptions, type ResolvedClientOptions, isLoopback, optionsFromEnv, resolveOptions } from './config';
import { InvalidResponseError } from './errors';
import { PageQuery, isLastPage, pageIdentity, pageOf } from './page';
import { parseInput } from './inputs';
import { apiPath, idSegment } from './paths';
import { SecretRegistry } from './redact';
import { ResourceClient } from './resourceClient';
import { Action, ActionQuery, isRunning } from './resources/action';
import { type AnyResourceDescriptor, childTree, resourceTree } from './resources';
import { lookups } from './resources/lookups';
import { Lookups } from './lookups';
import { type HttpMethod, Transport } from './transport';
import type { ApiRequester, VerbOptions } from './requester';

export type { ApiRequester, VerbOptions } from './requester';

/** The typed resource clients, derived from the descriptor tree. */
type Tree = typeof resourceTree;
type Children = typeof childTree;
/** A parent's accessors of its children: urls(lbId) → the client of that load balancer's URLs. */
type ChildClients<K extends string> = K extends keyof Children
  ? {
      [S in keyof Children[K]]: Children[K][S] extends infer D extends AnyResourceDescriptor
        ? (parentId: number | string) => ResourceClient<D>
        : never;
    }
  : unknown;
export type ResourceClients = {
  [NS in keyof Tree]: {
    [C in keyof Tree[NS]]: Tree[NS][C] extends infer D extends AnyResourceDescriptor
      ? ResourceClient<D> & ChildClients<`${NS & string}.${C & string}`>
      : never;
  };
};

/**
 * One typed client per descriptor of the registry (resources/index.ts): client.compute.instances,
 * client.databases.postgresql.create(...), … (no hand-written member per resource or namespace).
 */
export interface ITCareClient extends ResourceClients {}

/**
 * Typed client of the ITCare API. Generic verbs mirror the Python SDK's ITCareService
 * (get/post/put/patch/delete on a path); typed resource clients are derived from the descriptors.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above types the namespaces the constructor assigns
export class ITCareClient implements ApiRequester {
  readonly options: ResolvedClientOptions;
  readonly auth: TokenProvider;
  private readonly transport: Transport;
  private readonly secrets = new SecretRegistry();
  /** Where this client's actions run, for the durations learned from them (actionDurations.ts). */
  private readonly endpoint: string;

  /** Read-only lookups (getService, getNetwork, getInstance, getProducts), each answer checked here. */
  readonly lookups: Lookups;

  constructor(options: ClientOptions) {
    this.options = resolveOptions(options);
    this.endpoint = endpointKey(this.options.url, this.options.clientId);
    this.auth = new TokenProvider({
      issuer: this.options.issuer,
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      scope: this.options.scope,
      timeoutMs: this.options.timeoutMs,
      maxRetryAfterMs: this.options.retry.maxRetryAfterMs,
      allowInsecure: isLoopback(this.options.issuer),
      secrets: this.secrets,
    });
    this.transport = new Transport(this.options, this.auth, this.secrets);
    for (const [ns, collections] of Object.entries(resourceTree)) {
      const clients = Object.fromEntries(
        Object.entries(collections).map(([name, d]) => [
          name,
          Object.assign(new ResourceClient(d, this), this.childClients(`${ns}.${name}`)),
        ]),
      );
      Object.assign(this, { [ns]: clients });
    }
    this.lookups = new Lookups(this, this.compute.instances);
  }

  /** urls(lbId), snapshots(instanceId), …: one accessor per child collection of a parent. */
  private childClients(parent: string): Record<string, (parentId: number | string) => ResourceClient<AnyResourceDescriptor>> {
    const children: Record<string, AnyResourceDescriptor> =
      (childTree as Record<string, Record<string, AnyResourceDescriptor>>)[parent] ?? {};
    return Object.fromEntries(
      Object.entries(children).map(([segment, d]) => [segment, (parentId: number | string) => new ResourceClient(d, this, parentId)]),
    );
  }

  /** Reads ITCARE_URL, ITCARE_OIDC_ISSUER, ITCARE_CLIENT_ID, ITCARE_CLIENT_SECRET; overrides win. */
  static fromEnv(overrides: Partial<ClientOptions> = {}, env: NodeJS.ProcessEnv = process.env): ITCareClient {
    return new ITCareClient({ ...optionsFromEnv(env), ...overrides } as ClientOptions);
  }

  /** Hides a value from every error message this client builds (e.g. an admin password). */
  addSecret(value: string): void {
    this.secrets.add(value);
  }

  /** `path` stays under the API base: `..`, `.` segments and absolute URLs are refused (InvalidArgumentError). */
  async request(method: HttpMethod, path: string, o: VerbOptions = {}): Promise<unknown> {
    const res = await this.transport.send({
      method,
      path: apiPath(path),
      query: o.query,
      body: o.body,
      dryRun: o.dryRun,
      signal: o.signal,
    });
    return res.data;
  }

  get(path: string, o?: VerbOptions) {
    return this.request('GET', path, o);
  }
  post(path: string, o?: VerbOptions) {
    return this.request('POST', path, o);
  }
  put(path: string, o?: VerbOptions) {
    return this.request('PUT', path, o);
  }
  patch(path: string, o?: VerbOptions) {
    return this.request('PATCH', path, o);
  }
  delete(path: string, o?: VerbOptions) {
    return this.request('DELETE', path, o);
  }

  /** Iterates over every item of a Spring Page list, page 0 first. */
  async *paginate<S extends z.ZodType>(
    path: string,
    query: Record<string, unknown>,
    item: S,
    pageSize = 100,
    signal?: AbortSignal,
  ): AsyncIterable<z.output<S>> {
    parseInput(PageQuery, { size: pageSize }, `page size of GET ${path}`);
    const schema = pageOf(item);
    let previous: string | undefined;
    for (let page = 0; ; page++) {
      const data = await this.get(path, { query: { ...query, page, size: pageSize }, signal });
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new InvalidResponseError(`ITCare GET ${path} did not return a page: ${parsed.error.issues[0].message}`);
      const identity = pageIdentity(parsed.data);
      if (identity === previous) {
        throw new InvalidResponseError(
          `ITCare GET ${path} returned the same page for page=${page - 1} and page=${page}: the server ignores paging`,
          { method: 'GET', path },
        );
      }
      previous = identity;
      yield* parsed.data.content as z.output<S>[];
      if (parsed.data.content.length === 0 || isLastPage(parsed.data, pageSize)) return;
    }
  }

  readonly actions = {
    get: async (id: number, signal?: AbortSignal): Promise<Action> => {
      const data = await this.get(`/actions/${idSegment(id, undefined, 'action id')}`, { signal });
      const r = Action.safeParse(data);
      if (!r.success)
        throw new InvalidResponseError(`ITCare GET /actions/${id} returned an unexpected action: ${r.error.issues[0].message}`);
      return r.data;
    },
    /**
     * The actions of one resource, checked here: the query's filters are only hints (INFERRED), the
     * server may ignore them. Kept: `resourceName` and `resourceType` equal to the ref's (the VERIFIED
     * link), not carrying another resource id (an extra field, when present), status in `statuses`,
     * submitted at or after `since`. Newest (highest id) first.
     */
    forResource: async (ref: ResourceRef, q: { statuses?: string[]; since?: Date } = {}): Promise<Action[]> => {
      const hintId = ref.id !== undefined && /^\d+$/.test(String(ref.id)) ? Number(ref.id) : undefined;
      const listed = await this.actions.list({ resourceName: ref.name, resourceId: hintId, statuses: q.statuses });
      return listed
        .filter(
          (a) =>
            belongsTo(a, ref) &&
            (!q.statuses || q.statuses.includes(a.status)) &&
            (!q.since || (a.submittedAt !== undefined && a.submittedAt !== null && a.submittedAt.getTime() >= q.since.getTime())),
        )
        .sort((a, b) => b.id - a.id);
    },
    /**
     * Actions still running on a resource: what a mutation must wait for before it starts. Running is
     * any status but SUCCESS and ERROR (a server may say PENDING or QUEUED, as the waiter reads them):
     * no status filter is sent, since one naming IN_PROGRESS would hide those on a server that applies it.
     */
    running: async (ref: ResourceRef): Promise<Action[]> => (await this.actions.forResource(ref)).filter(isRunning),
    list: async (query: ActionQuery = {}): Promise<Action[]> => {
      const q = parseInput(ActionQuery, query, 'action query');
      const data = await this.get('/actions', { query: { ...q, statuses: q.statuses?.join(',') } });
      const actions = z.array(Action).parse(data);
      durationBook().observeAll(actions, this.endpoint); // a resource's history teaches how long its kinds of action take
      return actions;
    },
  };

  /** Waits for an async action to end: SUCCESS resolves, ERROR and our deadline reject. */
  waitForAction(actionId: number, opts?: WaitForActionOptions): Promise<Action> {
    return waitForAction((id, signal) => this.actions.get(id, signal), actionId, { endpoint: this.endpoint, ...opts });
  }

  async *services(): AsyncIterable<z.output<typeof lookups.services.model>> {
    yield* this.paginate(lookups.services.path, {}, lookups.services.model);
  }

  async *networks(query: { services?: string; areas?: string } = {}): AsyncIterable<z.output<typeof lookups.networks.model>> {
    yield* this.paginate(lookups.networks.path, query, lookups.networks.model);
  }
}

/** A resource as actions name it: `name` + `type` (action.resourceType); `id` when known. */
export interface ResourceRef {
  id?: number | string;
  name: string;
  type: string;
}

/** True when the action is about `ref`: same name and type, and no other resource id when it carries one. */
function belongsTo(a: Action, ref: ResourceRef): boolean {
  if (a.resourceName !== ref.name || a.resourceType !== ref.type) return false;
  const carried = (a as { resourceId?: unknown }).resourceId;
  return ref.id === undefined || carried === undefined || carried === null || String(carried) === String(ref.id);
}

export type { ActionProgress };
