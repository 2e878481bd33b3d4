import type * as dynamic from '@pulumi/pulumi/dynamic';
import type { CatalogKey } from '../sdk/resources';

/**
 * The provider object that Pulumi serializes into `__provider` of every resource (SST rpc style).
 * Its methods capture only `kind`, a string, and `require` the implementation from the installed
 * package at call time: the serialized text is tiny, stable across versions and free of secrets
 * (credentials arrive through configure() or the environment, inside the provider process).
 * Keep this file stable: destroy and refresh run the shim stored in state, not the current one.
 */
export function shim(kind: CatalogKey): dynamic.ResourceProvider {
  // Resolved from the program's directory by the dynamic provider process, like the user's own imports.
  const load = () => {
    try {
      return require('pulumi-itcare/provider/engine');
    } catch (err) {
      throw new Error(
        `pulumi-itcare: cannot load the provider implementation (${(err as Error).message}). ` +
          'Install pulumi-itcare in the Pulumi program\'s project (npm install pulumi-itcare): the provider stored in state loads it from there.',
      );
    }
  };
  return {
    async configure(req) {
      load().configure(req);
    },
    async check(olds, news) {
      return load().engine(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return load().engine(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return load().engine(kind).create(inputs);
    },
    async read(id, props) {
      return load().engine(kind).read(id, props);
    },
    async update(id, olds, news) {
      return load().engine(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return load().engine(kind).delete(id, props);
    },
  };
}
