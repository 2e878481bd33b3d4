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
import { rabbitmq } from './rabbitmq';
import { glusterfs } from './glusterfs';
import { sqlserver } from './sqlserver';
import { kubernetes } from './kubernetes';
import { catalogOf, childTreeOf, type ModuleOf, resourceTreeOf } from './registry';

export * from './descriptor';
export * from './pathTemplate';
export { groupByModule, type KindOf, type ModuleOf } from './registry';
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
export * from './rabbitmq';
export * from './glusterfs';
export * from './sqlserver';
export * from './kubernetes';
export * from './action';
export * from './lookups';

/**
 * THE list of resources, once, in catalogue order (docs/reference.md, the e2e matrix and the importer
 * follow it). Everything else is derived from it: the catalogue keyed by `module.kind`, the SDK's
 * typed clients, the provider's classes and modules, the fleet map, the importer's kinds; the
 * emulator's behaviours and the test samples are Records keyed by the catalogue (a kind left out
 * there is a compile error). `npm run new-resource` adds a line here.
 */
export const registry = [
  instances,
  postgresql,
  mariadb,
  redis,
  opensearch,
  kafka,
  overdrive,
  loadBalancers,
  loadBalancerUrls,
  snapshots,
  rabbitmq,
  glusterfs,
  sqlserver,
  kubernetes,
] as const;

/** Every resource the SDK, the provider and the emulator know, keyed by `module.kind`. */
export const catalog = catalogOf(registry);
export type CatalogKey = keyof typeof catalog;
export type CatalogModule = ModuleOf<CatalogKey>;

/**
 * Every top-level resource: SDK namespace → collection → descriptor (client.databases.postgresql).
 * The collection is the path's last segment, or the kind in lower case where that segment is
 * hyphenated (/message-brokers/apache-kafka → client.messaging.kafka): see pathTemplate.ts.
 */
export const resourceTree = resourceTreeOf(registry);

/**
 * Resources under a parent, by the parent's place in resourceTree: collection → descriptor. The SDK
 * derives client.networking.loadbalancers.urls(lbId) from it; the collection is the path's last segment.
 */
export const childTree = childTreeOf(registry);
