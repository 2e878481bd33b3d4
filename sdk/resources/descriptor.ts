import { z } from 'zod';
import type { IdRule } from '../paths';

/**
 * A resource of the ITCare API, declared once as data. The SDK's typed methods, the Pulumi
 * provider's check/diff/update planning and the emulator's routes are all derived from it
 * (like octokit's endpoint table), so adding a resource is adding one descriptor.
 */
export interface OperationSpec<O extends z.ZodType = z.ZodType> {
  /** Schema of PATCH `{operation, options}`'s `options`. */
  options: O;
  /** Statuses in which ITCare accepts the operation (409 otherwise). */
  from: readonly string[];
  /** Status the resource ends in once the action succeeds (unchanged when absent). */
  to?: string;
  /** Model fields the operation's options overwrite on success (e.g. resize: cpu, ram). */
  sets?: readonly string[];
}

export interface PowerSpec {
  /** Input field, e.g. powerState: 'running' | 'stopped'. */
  field: string;
  running: { operation: string; status: string };
  stopped: { operation: string; status: string };
}

export interface ResourceDescriptor<
  C extends z.ZodObject = z.ZodObject,
  M extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  Ops extends Record<string, OperationSpec> = Record<string, OperationSpec>,
> {
  /** Pulumi type name and SDK name, e.g. Instance. */
  kind: string;
  /** Pulumi module and SDK namespace, e.g. compute. */
  module: string;
  /** Collection path under the API base, e.g. /compute/instances. */
  path: string;
  /** What an id of this resource looks like; an int64 (INT64_ID) when absent. */
  id?: IdRule;
  /** Value of action.resourceType for this resource: an action links to its resource by name + type. */
  resourceType: string;
  /** POST body. */
  create: C;
  /** GET representation (loose: unknown fields are kept). */
  model: M;
  /** List filters (comma lists, `!` negation). */
  listQuery: Q;
  /** Fields that cannot change in place: a change replaces the resource. */
  createOnly: readonly (keyof z.input<C> & string)[];
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
}

export function defineResource<
  C extends z.ZodObject,
  M extends z.ZodObject,
  Q extends z.ZodObject,
  Ops extends Record<string, OperationSpec>,
>(d: ResourceDescriptor<C, M, Q, Ops>): ResourceDescriptor<C, M, Q, Ops> {
  for (const f of d.createOnly) {
    if (!(f in d.create.shape)) throw new Error(`${d.kind}: createOnly field ${f} is not in the create schema`);
  }
  for (const [f, op] of Object.entries(d.updatable)) {
    if (!(op as string in d.operations)) throw new Error(`${d.kind}: updatable ${f} names unknown operation ${op}`);
  }
  return d;
}

/** A comma list filter: `names=res01,!res02` (a leading `!` negates). */
export const commaList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v.join(',') : v));

/** Any descriptor, for code that is generic over resources (provider engine, emulator store). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResourceDescriptor = ResourceDescriptor<z.ZodObject<any>, z.ZodObject<any>, z.ZodObject<any>, any>;
