/**
 * pulumi-itcare/native: the catalogue's TypeScript classes over the native provider
 * (`pulumi-resource-itcare`, see native/provider.ts) instead of the dynamic one. Same arguments and
 * outputs as `pulumi-itcare`'s classes (both derive from the descriptors); what they add is the
 * native provider's: real type names (`itcare:compute:Instance`), `pulumi import` and the `import`
 * resource option, explicit providers (`new Provider(...)`, `{ provider }`). The plugin must be
 * installed (docs/native.md).
 */
import * as pulumi from '@pulumi/pulumi';
import { catalog, type CatalogKey, type CatalogModule, groupByModule, type KindOf, type ModuleOf } from '../sdk/resources';
import type { ArgsOf, OutputsOf } from '../provider/resources/define';
import { optionInputs, replaceOrder } from '../provider/resources/options';
import { PACKAGE, tokenOf } from './tokens';

export type NativeResource<K extends CatalogKey> = pulumi.CustomResource & OutputsOf<K>;
type NativeClass<K extends CatalogKey> = new (name: string, args: ArgsOf<K>, opts?: pulumi.CustomResourceOptions) => NativeResource<K>;

/**
 * The class of one catalogue kind: its token, its outputs declared, its secret inputs secret in state,
 * and the resource options as pulumi-itcare's classes take them (provider/resources/options.ts):
 * `deleteBeforeReplace` defaults to true for kinds with unique names, since the engine never asks the
 * provider's diff about a targeted replace (`--replace`); `replaceOnChanges` and `ignoreChanges` also
 * travel as inputs, since the engine applies replaceOnChanges to the changed keys a provider reports
 * and `@pulumi/pulumi/provider`'s server reports none.
 */
export function nativeClass<K extends CatalogKey>(key: K): NativeClass<K> {
  const d = catalog[key];
  const outputs = Object.fromEntries(
    [...Object.keys(d.model.shape).filter((k) => k !== 'id'), 'resourceId', 'powerState'].map((k) => [k, undefined]),
  );
  const secrets = [...((d as { secrets?: readonly string[] }).secrets ?? [])];
  class Resource extends pulumi.CustomResource {
    constructor(name: string, args: ArgsOf<K>, opts?: pulumi.CustomResourceOptions) {
      const props: Record<string, unknown> = { ...outputs, ...args, ...optionInputs(opts) };
      for (const f of secrets) if (props[f] !== undefined) props[f] = pulumi.secret(props[f] as pulumi.Input<string>);
      const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), '__declared', ...secrets];
      super(tokenOf(key), name, props, { ...opts, ...replaceOrder(d.uniqueName, opts), additionalSecretOutputs: secretOutputs });
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

/** Every kind of the registry, grouped by module as pulumi-itcare's classes are (provider/resources/classes.ts). */
type NativeModules = { [Mo in CatalogModule]: { [K in CatalogKey as ModuleOf<K> extends Mo ? KindOf<K> : never]: NativeClass<K> } };
const modules = groupByModule(
  Object.fromEntries((Object.keys(catalog) as CatalogKey[]).map((key) => [key, nativeClass(key)])),
) as NativeModules;

export const compute = modules.compute;
export const containers = modules.containers;
export const databases = modules.databases;
export const messaging = modules.messaging;
export const networking = modules.networking;
export const storage = modules.storage;
