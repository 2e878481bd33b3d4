import { z } from 'zod';
import type { ApiRequester } from '../sdk/requester';
import { ResourceClient } from '../sdk/resourceClient';
import { catalog, type CatalogKey } from '../sdk/resources';
import { type AnyResourceDescriptor, nameFieldOf } from '../sdk/resources/descriptor';
import { ProviderInputs, type Props } from './inputs';
import { Outputs } from './outputs';
import { OwnerMarking } from './owner';
import { Planner } from './plan';
import { Refusals } from './refusals';
import { session } from './session';
import { Validation } from './validate';

/**
 * One ITCare resource kind as the provider handles it, bound once to its descriptor: its name, its
 * input schema and create body, its client, and the collaborators that hold the rest of what the
 * descriptor decides (the ownership marker, planned operations, refusals, outputs). Everything in
 * provider/ that depends on the kind reaches it through this object, never through a descriptor
 * handed to a free function: a create's inputs go from engine.ts through one of these to the SDK.
 * It holds no state of a provider process (that is session.ts): one per descriptor, built on first use.
 */
export class ResourceKind {
  /** `module.kind`, e.g. compute.Instance: how messages name the kind. */
  readonly qualified: string;
  readonly owner: OwnerMarking;
  readonly plan: Planner;
  readonly refusals: Refusals;
  readonly outputs: Outputs;
  /** Check and diff's validation; what it remembers is the process's session (session.ts). */
  readonly validation: Validation;
  private schema: z.ZodObject | undefined;

  private constructor(readonly d: AnyResourceDescriptor) {
    this.qualified = `${d.module}.${d.kind}`;
    this.owner = new OwnerMarking(d);
    this.plan = new Planner(d);
    this.refusals = new Refusals(this);
    this.outputs = new Outputs(this);
    this.validation = new Validation(this, session);
  }

  private static readonly built = new WeakMap<AnyResourceDescriptor, ResourceKind>();

  /** The kind of a descriptor, the same object every time. */
  static of(d: AnyResourceDescriptor): ResourceKind {
    let kind = ResourceKind.built.get(d);
    if (!kind) {
      kind = new ResourceKind(d);
      ResourceKind.built.set(d, kind);
    }
    return kind;
  }

  /** The kind named by a catalogue key (compute.Instance); undefined for a key the catalogue does not hold. */
  static named(key: CatalogKey): ResourceKind | undefined {
    const d: AnyResourceDescriptor | undefined = catalog[key];
    return d ? ResourceKind.of(d) : undefined;
  }

  /** The resource's name as actions and lookups know it: its nameField (a load balancer's url, a snapshot's description). */
  nameOf(props: Props): string {
    return String(props[nameFieldOf(this.d)] ?? props.name ?? '?');
  }

  /** `module.kind name`: how messages name one resource. */
  label(props: Props): string {
    return `${this.qualified} ${this.nameOf(props)}`;
  }

  /** The resource client of these props: a child's is under the parent id its inputs name (loadBalancerId). */
  clientFor(api: ApiRequester, props: Props): ResourceClient<AnyResourceDescriptor> {
    const d = this.d;
    return new ResourceClient(d, api, d.parent ? (props[d.parent.field] as number | string | undefined) : undefined);
  }

  /** The full input schema of a resource: its create body, its power state and the provider inputs. */
  inputSchema(): z.ZodObject {
    const d = this.d;
    const power = d.power ? { [d.power.field]: z.enum(['running', 'stopped']).optional() } : {};
    // changeReference may already be a create field: the create schema's definition wins.
    this.schema ??= z.strictObject({ ...ProviderInputs.shape, ...power, ...d.create.shape });
    return this.schema;
  }

  /** Fields of the inputs that go into the POST body. */
  createBody(inputs: Props): Props {
    const body: Props = {};
    for (const k of Object.keys(this.d.create.shape)) if (inputs[k] !== undefined) body[k] = inputs[k];
    return body;
  }
}
