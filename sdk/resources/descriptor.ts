import { z } from 'zod';
import { INT64_ID, type IdRule, idSegment } from '../paths';
import { fillPath, parsePath } from './pathTemplate';

/**
 * A resource of the ITCare API, declared once as data. The SDK's typed methods, the Pulumi
 * provider's check/diff/update planning, the emulator's routes and docs/reference.md are all derived
 * from it (like octokit's endpoint table), so adding a resource is adding one descriptor.
 */

type Fields = Record<string, unknown>;

export interface OperationSpec<O extends z.ZodType = z.ZodType> {
  /** Schema of PATCH `{operation, options}`'s `options`. */
  options: O;
  /** Statuses in which ITCare accepts the operation (409 otherwise). */
  from: readonly string[];
  /** Status the resource ends in once the action succeeds (unchanged when absent). */
  to?: string;
  /**
   * Model fields the operation's options overwrite on success: a list when option and model field
   * share their name (resize: cpu, ram), else option → model field (resize{sizing} sets nodeSizing).
   */
  sets?: readonly string[] | Readonly<Record<string, string>>;
  /**
   * The options from the desired inputs and the server's current model, when they are not simply
   * the input fields of the same name (add_nodes{nodesCount} is the difference of two instanceCounts).
   */
  optionsFrom?: (desired: Fields, current: Fields) => Fields;
  /**
   * Why this operation cannot bring `current` to `desired` (e.g. a cluster that would shrink), or
   * undefined. The provider refuses such a change at preview with this text, never replaces silently.
   */
  refuses?: (desired: Fields, current: Fields) => string | undefined;
  /** One line for docs/reference.md. */
  doc?: string;
}

export interface PowerSpec {
  /** Input field, e.g. powerState: 'running' | 'stopped'. */
  field: string;
  running: { operation: string; status: string };
  stopped: { operation: string; status: string };
}

/**
 * A resource that lives under another one (/networking/loadbalancers/{id}/urls): its collection path
 * holds the parent's id, taken from the `field` input. That input is a create field of the child
 * (createOnly: a new parent is a new child, shown at preview) that the SDK moves from the POST body
 * into the path; a Pulumi program passes the parent's `resourceId` output, so the engine deletes the
 * child before its parent.
 */
export interface ParentSpec<F extends string = string> {
  field: F;
  /** The parent's descriptor: its path and id rule build the child's collection path. */
  of: AnyResourceDescriptor;
}

export interface ResourceDescriptor<
  C extends z.ZodObject = z.ZodObject,
  M extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>,
  PF extends string = never,
  K extends string = string,
  Mo extends string = string,
  P extends string = string,
> {
  /** Pulumi type name and SDK name, e.g. Instance. With `module`, the catalogue key (compute.Instance). */
  kind: K;
  /** Pulumi module and SDK namespace, e.g. compute. */
  module: Mo;
  /**
   * Collection path under the API base, e.g. /compute/instances; under a parent, a template naming
   * the parent's field: /networking/loadbalancers/{loadBalancerId}/urls (see collectionPath).
   */
  path: P;
  /** The parent this resource lives under, when its path has one. */
  parent?: ParentSpec<PF>;
  /**
   * The field that names the resource, in the create body and in the model: what actions call
   * `resourceName` and what a lost create answer is searched by. `name` when absent.
   */
  nameField?: string;
  /**
   * True when ITCare still shows a resource that no longer exists for a program (an expired
   * snapshot): a refresh drops it from state like a 404. Checked client-side against the model.
   */
  gone?: (model: Fields, now: Date) => boolean;
  /** What an id of this resource looks like; an int64 (INT64_ID) when absent. */
  id?: IdRule;
  /** Value of action.resourceType for this resource: an action links to its resource by name + type. */
  resourceType: string;
  /** POST body. */
  create: C;
  /**
   * Rules across fields of the create body (e.g. HA needs nodePrefix): kept apart from `create` so
   * its shape stays extendable; every parse of a create body applies them (createSchema()).
   */
  rules?: (body: Fields, ctx: z.RefinementCtx) => void;
  /** GET representation (loose: unknown fields are kept). */
  model: M;
  /** List filters (comma lists, `!` negation). */
  listQuery: Q;
  /** Fields that cannot change in place: a change replaces the resource (shown at preview). */
  createOnly: readonly (keyof z.input<C> & string)[];
  /**
   * Secret create fields (admPassword, password): a Pulumi secret in state, registered for
   * redaction, never in a GET answer. A change with no operation behind it is refused at preview
   * (ITCare cannot apply it, and replacing a database to change a password would lose its data).
   */
  secrets?: readonly (keyof z.input<C> & string)[];
  /** Create fields sent once and never compared (e.g. changeReference). */
  sentOnly?: readonly (keyof z.input<C> & string)[];
  /** PATCH operations. */
  operations: Ops;
  /** Fields that an operation changes in place, and which operation does it. */
  updatable: Readonly<Partial<Record<keyof z.input<C> & string, keyof Ops & string>>>;
  /** Power state handled through start/stop operations, when the resource has one. */
  power?: PowerSpec;
  /** DELETE is refused unless the resource is in one of these statuses (e.g. INACTIVE: stop first). */
  deletableFrom?: readonly string[];
  /** Names are unique per service: a replacement must delete before it creates. */
  uniqueName: boolean;
  /** Status sequence: creating, created, deleting, and `failed` (a create whose action ended in ERROR). */
  statuses: { creating: string; created: string; deleting: string; failed: string };
  /** One line for docs/reference.md and the Pulumi resource's doc comment. */
  doc?: string;
}

export function defineResource<
  C extends z.ZodObject,
  M extends z.ZodObject,
  Q extends z.ZodObject,
  Ops extends Record<string, OperationSpec>,
  PF extends string = never,
  const K extends string = string,
  const Mo extends string = string,
  const P extends string = string,
>(d: ResourceDescriptor<C, M, Q, Ops, PF, K, Mo, P>): ResourceDescriptor<C, M, Q, Ops, PF, K, Mo, P> {
  const shape = d.create.shape as Record<string, unknown>;
  const template = parsePath(d.path);
  if (d.parent || template.parent) {
    const prefix = `${d.parent?.of.path ?? template.parent?.path}/{${d.parent?.field ?? template.parent?.field}}/`;
    if (!d.parent || template.parent?.path !== d.parent.of.path || template.parent.field !== d.parent.field)
      throw new Error(`${d.kind}: path ${d.path} must be ${prefix}<collection>`);
    if (!d.createOnly.includes(d.parent.field as never))
      throw new Error(`${d.kind}: parent field ${d.parent.field} must be createOnly (a new parent is a new ${d.kind})`);
  }
  if (!((d.nameField ?? 'name') in shape)) throw new Error(`${d.kind}: name field ${d.nameField ?? 'name'} is not in the create schema`);
  for (const f of [...d.createOnly, ...(d.secrets ?? []), ...(d.sentOnly ?? [])]) {
    if (!(f in shape)) throw new Error(`${d.kind}: field ${f} is not in the create schema`);
  }
  for (const [f, op] of Object.entries(d.updatable)) {
    if (!((op as string) in d.operations)) throw new Error(`${d.kind}: updatable ${f} names unknown operation ${op}`);
  }
  // Every create field says what a change of it does: replace, an operation, refused (secret) or nothing.
  const classified = new Set<string>([...d.createOnly, ...Object.keys(d.updatable), ...(d.secrets ?? []), ...(d.sentOnly ?? [])]);
  const loose = Object.keys(shape).filter((f) => !classified.has(f));
  if (loose.length) throw new Error(`${d.kind}: create fields ${loose.join(', ')} are neither createOnly, updatable, secret nor sentOnly`);
  return d;
}

/**
 * The collection's path under the API base: the descriptor's path, with the parent's id (checked
 * against the parent's id rule, one encoded segment) in place of `{field}` for a child resource.
 */
export function collectionPath(d: AnyResourceDescriptor, parentId?: unknown): string {
  if (!d.parent) return d.path;
  const segment = idSegment(parentId, d.parent.of.id ?? INT64_ID, `${d.kind} ${d.parent.field} (${d.parent.of.kind} id)`);
  return fillPath(d.path, segment);
}

/** The field naming a resource (see nameField). */
export function nameFieldOf(d: AnyResourceDescriptor): string {
  return d.nameField ?? 'name';
}

/** The create body's schema with the descriptor's cross-field rules: what the SDK and the emulator parse. */
export function createSchema(d: AnyResourceDescriptor): z.ZodType {
  return d.rules ? d.create.superRefine(d.rules as (b: unknown, ctx: z.RefinementCtx) => void) : d.create;
}

/** What a change of `field` does, for the provider's diff and the reference table. */
export function changeOf(d: AnyResourceDescriptor, field: string): 'replace' | 'secret' | 'none' | { operation: string } {
  if (d.createOnly.includes(field)) return 'replace';
  const op = (d.updatable as Record<string, string | undefined>)[field];
  if (op) return { operation: op };
  if (d.secrets?.includes(field)) return 'secret';
  return 'none';
}

/**
 * A name nobody holds that the resource's own name rule accepts (each kind has its own: lower-case
 * hostnames, Redis's upper-case names ending in digits, SQL Server's 11 characters, …), for a dry run
 * that must not collide.
 */
export function probeName(d: AnyResourceDescriptor): string {
  const n = Date.now();
  const candidates = [
    `probe${n.toString(36)}`.slice(0, 15),
    `PROBE-${String(n % 1000).padStart(3, '0')}`,
    `probe${n}`.slice(0, 60),
    `pr${n.toString(36)}`.slice(0, 10),
  ];
  const rule = (d.create.shape as Record<string, z.ZodType | undefined>).name;
  return candidates.find((c) => !rule || rule.safeParse(c).success) ?? candidates[0];
}

/** Option key → model field an operation overwrites on success. */
export function setsOf(spec: OperationSpec): Record<string, string> {
  if (!spec.sets) return {};
  if (Array.isArray(spec.sets)) return Object.fromEntries((spec.sets as string[]).map((f) => [f, f]));
  return { ...(spec.sets as Record<string, string>) };
}

/** A comma list filter: `names=res01,!res02` (a leading `!` negates). */
export const commaList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v.join(',') : v));

/** Any descriptor, for code that is generic over resources (provider engine, emulator store). */
// biome-ignore-start lint/suspicious/noExplicitAny: any schemas, for code generic over every resource
export type AnyResourceDescriptor = ResourceDescriptor<
  z.ZodObject<any>,
  z.ZodObject<any>,
  z.ZodObject<any>,
  any,
  any,
  string,
  string,
  string
>;
// biome-ignore-end lint/suspicious/noExplicitAny: the type above

/** The catalogue key of a descriptor: `module.kind`, the one name of a resource. */
export type KeyOf<D> = D extends { module: infer Mo extends string; kind: infer K extends string } ? `${Mo}.${K}` : never;
export const keyOf = (d: AnyResourceDescriptor): string => `${d.module}.${d.kind}`;
