import { z } from 'zod';

/**
 * Read-only lookups: what a program needs to know before it creates anything (the serviceId, the
 * networkId, the products and sizings a dry run accepts). Their paths, filters and answer shapes are
 * all INFERRED (the public docs do not show them): every answer is checked client-side (sdk/lookups.ts)
 * and the emulator can ignore the filters (`ignoreQueryFilters`).
 */
export const Service = z.looseObject({
  id: z.coerce.number().int(),
  name: z.string(),
  key: z.string().nullish(),
  cloudId: z.coerce.number().int().nullish(),
  cloudName: z.string().nullish(),
});
export type Service = z.output<typeof Service>;

export const Network = z.looseObject({
  id: z.coerce.number().int(),
  name: z.string(),
  cidr: z.string().nullish(),
  vlan: z.string().nullish(),
  region: z.string().nullish(),
  area: z.string().nullish(),
  serviceId: z.coerce.number().int().nullish(),
});
export type Network = z.output<typeof Network>;

/**
 * An OS product of the instance catalogue (INFERRED route `/compute/products`): its code for
 * `productCode`, and the sizings a create with it accepts. `cpus` / `rams` may be absent from an
 * answer: a product whose options are not listed is never taken to accept a sizing.
 */
export const Product = z.looseObject({
  code: z.string(),
  label: z.string().nullish(),
  type: z.string().nullish(),
  family: z.string().nullish(),
  /** vCPU counts a create or a resize accepts. */
  cpus: z.array(z.number()).nullish(),
  /** Memory sizes (GB) a create or a resize accepts, the product's minimum included. */
  rams: z.array(z.number()).nullish(),
  /** System disk (GB) when the create body has none. */
  defaultDiskSize: z.number().nullish(),
});
export type Product = z.output<typeof Product>;

export const lookups = {
  services: { path: '/compute/services', model: Service },
  networks: { path: '/networking/networks', model: Network },
  products: { path: '/compute/products', model: Product },
} as const;
