import type * as pulumi from '@pulumi/pulumi';
import { catalog, type CatalogKey, type CatalogModule, groupByModule, type KindOf, type ModuleOf } from '../../sdk/resources';
import { type ArgsOf, type CatalogResource, resourceClass } from './define';

/**
 * Every Pulumi class, one per kind of the registry (sdk/resources/index.ts), each made once by
 * resourceClass (compute.Instance included: no hand-written class). The modules of provider/index.ts
 * (itcare.compute.Instance) and the fleet map (fleet/declare.ts) are views of this one Record.
 * `protect: true` is recommended for databases and shares: a create-only change replaces the
 * resource, and its data with it.
 */
export type ResourceClass<K extends CatalogKey> = new (
  name: string,
  args: ArgsOf<K>,
  opts?: pulumi.CustomResourceOptions,
) => CatalogResource<K>;

/** Catalogue key → class. */
export const resourceClasses = Object.fromEntries(
  (Object.keys(catalog) as CatalogKey[]).map((key) => [key, resourceClass(key)]),
) as unknown as { [K in CatalogKey]: ResourceClass<K> };

/** Module → kind → class: itcare.databases.PostgreSQL. */
export type ModuleClasses = {
  [Mo in CatalogModule]: { [K in CatalogKey as ModuleOf<K> extends Mo ? KindOf<K> : never]: ResourceClass<K> };
};

export const moduleClasses = groupByModule(resourceClasses) as ModuleClasses;
