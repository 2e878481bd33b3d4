import { z } from 'zod';

/**
 * Read-only lookups (INFERRED paths: /compute/services, /networking/networks). Programs use them to
 * find the serviceId and networkId that creates need.
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

export const lookups = {
  services: { path: '/compute/services', model: Service },
  networks: { path: '/networking/networks', model: Network },
} as const;
