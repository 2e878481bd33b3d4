/**
 * pulumi-itcare: Pulumi resources for the cegedim.cloud ITCare API.
 *
 *   import * as itcare from 'pulumi-itcare';
 *   new itcare.compute.Instance('web01', { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 });
 *
 * Credentials: `pulumi config set itcare:clientId …`, `pulumi config set --secret itcare:clientSecret …`
 * (or ITCARE_CLIENT_ID / ITCARE_CLIENT_SECRET); `itcare:url` and `itcare:oidcIssuer` for another endpoint.
 *
 * Every class comes from its descriptor (resources/classes.ts): a kind of an existing module needs no
 * line here; a new module needs its one `export const` below.
 */
import { moduleClasses } from './resources/classes';
import type { ArgsOf, CatalogResource } from './resources/define';
import {
  getInstance,
  getInstanceOutput,
  getNetwork,
  getNetworkOutput,
  getProducts,
  getProductsOutput,
  getService,
  getServiceOutput,
} from './lookups';

export const compute = { ...moduleClasses.compute, getInstance, getInstanceOutput, getProducts, getProductsOutput };
export const databases = moduleClasses.databases;
export const messaging = moduleClasses.messaging;
export const networking = { ...moduleClasses.networking, getNetwork, getNetworkOutput };
export const storage = moduleClasses.storage;
export const containers = moduleClasses.containers;

export const Instance = compute.Instance;
export type Instance = CatalogResource<'compute.Instance'>;
// The argument types by their kind's name, as earlier versions exported them; ArgsOf<'module.Kind'> for any kind.
export type InstanceArgs = ArgsOf<'compute.Instance'>;
export type SnapshotArgs = ArgsOf<'compute.Snapshot'>;
export type PostgreSQLArgs = ArgsOf<'databases.PostgreSQL'>;
export type MariaDBArgs = ArgsOf<'databases.MariaDB'>;
export type RedisArgs = ArgsOf<'databases.Redis'>;
export type OpenSearchArgs = ArgsOf<'databases.OpenSearch'>;
export type KafkaArgs = ArgsOf<'messaging.Kafka'>;
export type OverdriveArgs = ArgsOf<'storage.Overdrive'>;
export type LoadBalancerArgs = ArgsOf<'networking.LoadBalancer'>;
export type LoadBalancerUrlArgs = ArgsOf<'networking.LoadBalancerUrl'>;
export type { ArgsOf, OutputsOf, CatalogResource } from './resources/define';
export { getService, getServiceOutput };
export type { InstanceResult, LookupInputs, NetworkResult, Plain, ProductResult, ServiceResult } from './lookups';
export type { InstanceCriteria, NetworkCriteria, ProductCriteria, ServiceCriteria } from '../sdk/lookups';
