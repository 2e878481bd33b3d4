import * as pulumi from '@pulumi/pulumi';
import type { z } from 'zod';
import { catalog, type CatalogKey } from '../../sdk/resources';
import { OWNER_INPUT, ownerMarker } from '../owner';
import { shim } from '../shim';
import { optionInputs, refuseUnenforcedOptions, replaceOrder } from './options';
import { stacksOff } from './stacks';
import type { InputsOf, ProviderArgs } from './inputTypes';

type D<K extends CatalogKey> = (typeof catalog)[K];
type CreateIn<K extends CatalogKey> = z.input<D<K>['create']>;
type Model<K extends CatalogKey> = z.output<D<K>['model']>;
/** The declared fields of a loose model, without its index signature (which would hide their types). */
type Known<T> = { [P in keyof T as string extends P ? never : number extends P ? never : P]: T[P] };

/**
 * Arguments of a catalogue resource: its create body (a `name` defaults to the Pulumi name), powerState
 * where the resource has one, provider inputs.
 */
export type ArgsOf<K extends CatalogKey> = ('name' extends keyof CreateIn<K>
  ? Omit<InputsOf<CreateIn<K>>, 'name'> & {
      /** Defaults to the Pulumi resource name. Changing it replaces the resource. */
      name?: pulumi.Input<string>;
    }
  : InputsOf<CreateIn<K>>) &
  ProviderArgs & {
    /** Desired power state (resources with start/stop operations), applied with them. Unset: left as it is. */
    powerState?: pulumi.Input<'running' | 'stopped'>;
  };

/** Outputs: every model field (ITCare's view; never a password), resourceId and powerState. */
export type OutputsOf<K extends CatalogKey> = {
  // Dates are stored in ITCare's string form (outputs.ts).
  readonly [F in Exclude<keyof Known<Model<K>>, 'id'>]: pulumi.Output<
    NonNullable<Model<K>[F]> extends Date ? string : NonNullable<Model<K>[F]>
  >;
} & {
  /** ITCare's id: an int64, or the descriptor's string form (a snapshot's 123-snap-42). */
  readonly resourceId: pulumi.Output<Model<K> extends { id: string } ? string : number>;
  readonly powerState: pulumi.Output<'running' | 'stopped' | undefined>;
};

export type CatalogResource<K extends CatalogKey> = pulumi.dynamic.Resource & OutputsOf<K>;

/**
 * A Pulumi resource class derived from a descriptor: no hand-written class per resource. Secret
 * inputs (admPassword, password) are wrapped in pulumi.secret and listed in additionalSecretOutputs,
 * so state holds them as ciphertext, inputs and outputs, even when the program passed a plain string.
 */
export function resourceClass<K extends CatalogKey>(key: K) {
  const d = catalog[key];
  const outputs = Object.fromEntries(
    [...Object.keys(d.model.shape).filter((k) => k !== 'id'), 'resourceId', 'powerState'].map((k) => [k, undefined]),
  );
  const secrets = [...(d.secrets ?? [])] as string[];
  class Resource extends pulumi.dynamic.Resource {
    constructor(name: string, args: ArgsOf<K>, opts?: pulumi.CustomResourceOptions) {
      refuseUnenforcedOptions(key, name, opts);
      // __declared copies create-only inputs under one key: the engine re-marks secrets only on keys
      // that match a secret input, so it is always stored as a secret.
      const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), '__declared', ...secrets];
      // The ownership marker (owner.ts): used where the create body can carry tags.
      const owner = ownerMarker(pulumi.getOrganization?.() ?? '', pulumi.getProject(), pulumi.getStack(), key, name);
      // A resource without a `name` field (a load balancer, a snapshot) is named by its own inputs.
      const named = 'name' in d.create.shape ? { name: (args as { name?: unknown }).name ?? name } : {};
      const props: Record<string, unknown> = { ...outputs, ...args, ...named, [OWNER_INPUT]: owner, ...optionInputs(opts) };
      // additionalSecretOutputs covers the outputs only: a plain string would stay plain in the
      // state's inputs (the engine keeps check's inputs as given). Wrapped here, it is ciphertext in both.
      for (const f of secrets) if (props[f] !== undefined) props[f] = pulumi.secret(props[f] as pulumi.Input<string>);
      const restore = stacksOff(); // see stacks.ts: ~80 stack strings per resource otherwise
      try {
        super(
          shim(key),
          name,
          props,
          { ...opts, ...replaceOrder(d.uniqueName, opts), additionalSecretOutputs: secretOutputs },
          d.module,
          d.kind,
        );
      } finally {
        restore();
      }
    }
  }
  return Resource as unknown as new (
    name: string,
    args: ArgsOf<K>,
    opts?: pulumi.CustomResourceOptions,
  ) => CatalogResource<K>;
}
