import * as pulumi from '@pulumi/pulumi';
import type { z } from 'zod';
import type { Instance as InstanceModel, InstanceCreate } from '../../sdk/resources/instance';
import { OWNER_INPUT, ownerMarker } from '../owner';
import { shim } from '../shim';
import { catalog } from '../../sdk/resources';
import { optionInputs, refuseUnenforcedOptions, replaceOrder } from './options';
import { stacksOff } from './stacks';
import type { InputsOf, ProviderArgs } from './inputTypes';
import { type ArgsOf, type CatalogResource, resourceClass } from './define';

/** Arguments of an ITCare compute instance: its create body, powerState, and the provider inputs. */
export type InstanceArgs = Omit<InputsOf<z.input<typeof InstanceCreate>>, 'name'> &
  ProviderArgs & {
    /** Hostname; defaults to the Pulumi resource name. Changing it replaces the instance. */
    name?: pulumi.Input<string>;
    /** Desired power state, applied with the start/stop operations. Unset: left as it is. */
    powerState?: pulumi.Input<'running' | 'stopped'>;
  };

type Model = z.output<typeof InstanceModel>;
type Out<K extends keyof Model> = pulumi.Output<NonNullable<Model[K]>>;

/**
 * An ITCare compute instance (/compute/instances). cpu and ram change in place (resize); name,
 * service, product, network, region, area, availability zone, disk size and environment replace it
 * (the old one is stopped and deleted first, since names are unique per service: deleteBeforeReplace
 * defaults to true, see resources/options.ts replaceOrder).
 */
export class Instance extends pulumi.dynamic.Resource {
  declare readonly resourceId: pulumi.Output<number>;
  declare readonly name: Out<'name'>;
  declare readonly status: Out<'status'>;
  declare readonly powerState: pulumi.Output<'running' | 'stopped' | undefined>;
  declare readonly serviceId: Out<'serviceId'>;
  declare readonly productCode: Out<'productCode'>;
  declare readonly networkId: Out<'networkId'>;
  declare readonly cpu: Out<'cpu'>;
  declare readonly ram: Out<'ram'>;
  declare readonly ipAddress: Out<'ipAddress'>;
  declare readonly type: Out<'type'>;
  declare readonly family: Out<'family'>;
  declare readonly region: Out<'region'>;
  declare readonly area: Out<'area'>;
  declare readonly availabilityZone: Out<'availabilityZone'>;
  declare readonly environment: Out<'environment'>;
  declare readonly creationTime: pulumi.Output<string>;
  declare readonly creationUser: Out<'creationUser'>;

  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    refuseUnenforcedOptions('compute.Instance', name, opts);
    const outputs = {
      resourceId: undefined, status: undefined, ipAddress: undefined, type: undefined, family: undefined,
      creationTime: undefined, creationUser: undefined, region: undefined, area: undefined,
      availabilityZone: undefined, environment: undefined, powerState: undefined,
    };
    // __declared copies create-only inputs under one key: the engine re-marks secrets only on keys
    // that match a secret input, so it is always stored as a secret.
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), '__declared'];
    // The ownership marker (owner.ts): lets the provider recognise its own creation after a crash.
    const owner = ownerMarker(pulumi.getOrganization?.() ?? '', pulumi.getProject(), pulumi.getStack(), 'compute.Instance', name);
    const inputs = { ...outputs, ...args, name: args.name ?? name, [OWNER_INPUT]: owner, ...optionInputs(opts) };
    const restore = stacksOff(); // see stacks.ts: ~80 stack strings per resource otherwise
    try {
      super(shim('compute.Instance'), name, inputs, { ...opts, ...replaceOrder(catalog['compute.Instance'].uniqueName, opts), additionalSecretOutputs: secretOutputs }, 'compute', 'Instance');
    } finally {
      restore();
    }
  }
}

/**
 * A snapshot of an instance (/compute/instances/{id}/snapshots), `instanceId: vm.resourceId`: every
 * input replaces it; outputs label, creator, creationDate, expirationDate, size (GB) and the string
 * `resourceId` (123-snap-42). A refresh after its expiration date drops it from state. The instance
 * is deleted after its snapshots.
 */
export const Snapshot = resourceClass('compute.Snapshot');
export type Snapshot = CatalogResource<'compute.Snapshot'>;
export type SnapshotArgs = ArgsOf<'compute.Snapshot'>;
