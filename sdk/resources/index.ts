import { instances } from './instance';
import { postgresql } from './postgresql';
import { mariadb } from './mariadb';
import { redis } from './redis';
import { opensearch } from './opensearch';
import { kafka } from './kafka';
import { overdrive } from './overdrive';
import type { AnyResourceDescriptor } from './descriptor';

export * from './descriptor';
export * from './instance';
export * from './postgresql';
export * from './mariadb';
export * from './redis';
export * from './opensearch';
export * from './kafka';
export * from './overdrive';
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
  storage: { overdrive },
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
} satisfies Record<string, AnyResourceDescriptor>;
export type CatalogKey = keyof typeof catalog;
