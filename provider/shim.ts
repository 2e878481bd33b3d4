import type * as dynamic from '@pulumi/pulumi/dynamic';
import type { CatalogKey } from '../sdk/resources';
import * as methods from './dynamic';

/**
 * The provider object that Pulumi serializes into `__provider` of every resource: the methods of
 * provider/dynamic.ts (captured as `require("pulumi-itcare/provider/dynamic")`) and the kind. One
 * object per kind, shared by all its resources: Pulumi serializes a provider object once (its
 * cache is keyed by the object), not once per resource. Every resource class gets this by calling
 * `shim(kind)`; no secret is ever captured (credentials reach the provider process through
 * configure() or the environment).
 */
const byKind = new Map<string, dynamic.ResourceProvider>();

export function shim(kind: CatalogKey): dynamic.ResourceProvider {
  let provider = byKind.get(kind);
  if (!provider) {
    // A plain writable property: the serializer writes it as `{kind: "…"}`.
    const own = Object.create(methods) as dynamic.ResourceProvider & { kind: string };
    own.kind = kind;
    provider = own;
    byKind.set(kind, own);
  }
  return provider;
}
