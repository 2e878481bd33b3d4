import { instances } from './instance';
import { postgresql } from './postgresql';
import { mariadb } from './mariadb';
import { redis } from './redis';
import { opensearch } from './opensearch';
import { kafka } from './kafka';
import { overdrive } from './overdrive';
import { loadBalancers } from './loadBalancer';
import { loadBalancerUrls } from './loadBalancerUrl';
import { snapshots } from './snapshot';
import type { AnyResourceDescriptor } from './descriptor';

export * from './descriptor';
export * from './instance';
export * from './postgresql';
export * from './mariadb';
export * from './redis';
export * from './opensearch';
export * from './kafka';
export * from './overdrive';
export * from './loadBalancer';
export * from './loadBalancerUrl';
export * from './snapshot';
export * from './action';
export * from './lookups';

/**
 * Every resource, once: SDK namespace → collection → descriptor. The SDK's typed clients
 * (client.databases.postgresql), the provider's resources and the emulator's routes derive from it.
 */
export const resourceTree = {
  compute: { instances },
  databases: { postgresql, mariadb, redis, opensearch },
  messaging: { kafka },
  networking: { loadbalancers: loadBalancers },
  storage: { overdrive },
} as const;

/**
 * Resources under a parent, by the parent's place in resourceTree: collection → descriptor. The SDK
 * derives client.networking.loadbalancers.urls(lbId) from it; each descriptor's path says the same.
 */
export const childTree = {
  'compute.instances': { snapshots },
  'networking.loadbalancers': { urls: loadBalancerUrls },
} as const;

/** Every resource the SDK, the provider and the emulator know, keyed by `module.kind`. */
export const catalog = {
  'compute.Instance': instances,
  'databases.PostgreSQL': postgresql,
  'databases.MariaDB': mariadb,
  'databases.Redis': redis,
  'databases.OpenSearch': opensearch,
  'messaging.Kafka': kafka,
  'storage.Overdrive': overdrive,
  'networking.LoadBalancer': loadBalancers,
  'networking.LoadBalancerUrl': loadBalancerUrls,
  'compute.Snapshot': snapshots,
} satisfies Record<string, AnyResourceDescriptor>;
export type CatalogKey = keyof typeof catalog;
