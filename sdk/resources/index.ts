import { instances } from './instance';
import type { AnyResourceDescriptor } from './descriptor';

export * from './descriptor';
export * from './instance';
export * from './action';
export * from './lookups';

/** Every resource the SDK, the provider and the emulator know, keyed by `module.kind`. */
export const catalog = { 'compute.Instance': instances } satisfies Record<string, AnyResourceDescriptor>;
export type CatalogKey = keyof typeof catalog;
