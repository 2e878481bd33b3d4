/**
 * pulumi-itcare/native: the catalogue's TypeScript classes over the native provider
 * (`pulumi-resource-itcare`, see native/provider.ts) instead of the dynamic one. Same arguments and
 * outputs as `pulumi-itcare`'s classes (both derive from the descriptors); what they add is the
 * native provider's: real type names (`itcare:compute:Instance`), `pulumi import` and the `import`
 * resource option, explicit providers (`new Provider(...)`, `{ provider }`). The plugin must be
 * installed (README: *Pulumi YAML and the native provider*).
 */
import * as pulumi from '@pulumi/pulumi';
import { catalog, type CatalogKey } from '../sdk/resources';
import type { ArgsOf, OutputsOf } from '../provider/resources/define';
import { PACKAGE, tokenOf } from './tokens';

export type NativeResource<K extends CatalogKey> = pulumi.CustomResource & OutputsOf<K>;
type NativeClass<K extends CatalogKey> = new (name: string, args: ArgsOf<K>, opts?: pulumi.CustomResourceOptions) => NativeResource<K>;

/** The class of one catalogue kind: its token, its outputs declared, its secret inputs secret in state. */
export function nativeClass<K extends CatalogKey>(key: K): NativeClass<K> {
  const d = catalog[key];
  const outputs = Object.fromEntries([...Object.keys(d.model.shape).filter((k) => k !== 'id'), 'resourceId', 'powerState'].map((k) => [k, undefined]));
  const secrets = [...((d as { secrets?: readonly string[] }).secrets ?? [])];
  class Resource extends pulumi.CustomResource {
    constructor(name: string, args: ArgsOf<K>, opts?: pulumi.CustomResourceOptions) {
      const props: Record<string, unknown> = { ...outputs, ...args };
      for (const f of secrets) if (props[f] !== undefined) props[f] = pulumi.secret(props[f] as pulumi.Input<string>);
      super(tokenOf(key), name, props, { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), '__declared', ...secrets] });
    }
  }
  return Resource as unknown as NativeClass<K>;
}

/** An ITCare account for the resources given it as `provider`: its own endpoint and credentials. */
export interface ProviderArgs {
  url?: pulumi.Input<string>;
  oidcIssuer?: pulumi.Input<string>;
  clientId?: pulumi.Input<string>;
  clientSecret?: pulumi.Input<string>;
  timeout?: pulumi.Input<string>;
  serverValidation?: pulumi.Input<string>;
}
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const secret = args.clientSecret === undefined ? {} : { clientSecret: pulumi.secret(args.clientSecret) };
    super(PACKAGE, name, { ...args, ...secret }, opts);
  }
}

export const compute = { Instance: nativeClass('compute.Instance'), Snapshot: nativeClass('compute.Snapshot') };
export const databases = {
  PostgreSQL: nativeClass('databases.PostgreSQL'), MariaDB: nativeClass('databases.MariaDB'),
  Redis: nativeClass('databases.Redis'), OpenSearch: nativeClass('databases.OpenSearch'),
};
export const messaging = { Kafka: nativeClass('messaging.Kafka') };
export const networking = { LoadBalancer: nativeClass('networking.LoadBalancer'), LoadBalancerUrl: nativeClass('networking.LoadBalancerUrl') };
export const storage = { Overdrive: nativeClass('storage.Overdrive') };
