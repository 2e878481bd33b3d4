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
  return {
    async configure(req) {
      require('pulumi-itcare/provider/engine').configure(req);
    },
    async check(olds, news) {
      return require('pulumi-itcare/provider/engine').engine(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return require('pulumi-itcare/provider/engine').engine(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return require('pulumi-itcare/provider/engine').engine(kind).create(inputs);
    },
    async read(id, props) {
      return require('pulumi-itcare/provider/engine').engine(kind).read(id, props);
    },
    async update(id, olds, news) {
      return require('pulumi-itcare/provider/engine').engine(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return require('pulumi-itcare/provider/engine').engine(kind).delete(id, props);
    },
  };
}
