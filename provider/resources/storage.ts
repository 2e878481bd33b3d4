import { type ArgsOf, type CatalogResource, resourceClass } from './define';

/** Overdrive file shares (/storage/overdrive), derived from its descriptor; `password` is a secret. */
export const Overdrive = resourceClass('storage.Overdrive');
export type Overdrive = CatalogResource<'storage.Overdrive'>;
export type OverdriveArgs = ArgsOf<'storage.Overdrive'>;
