/**
 * pulumi-itcare: Pulumi resources for the cegedim.cloud ITCare API.
 *
 *   import * as itcare from 'pulumi-itcare';
 *   new itcare.compute.Instance('web01', { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 });
 *
 * Credentials: `pulumi config set itcare:clientId …`, `pulumi config set --secret itcare:clientSecret …`
 * (or ITCARE_CLIENT_ID / ITCARE_CLIENT_SECRET); `itcare:url` and `itcare:oidcIssuer` for another endpoint.
 */
import { Instance, type InstanceArgs, Snapshot } from './resources/compute';
import { Kafka, MariaDB, OpenSearch, Overdrive, PostgreSQL, Redis } from './resources/managed';
import { LoadBalancer, LoadBalancerUrl } from './resources/networking';
import {
  getInstance, getInstanceOutput, getNetwork, getNetworkOutput, getProducts, getProductsOutput, getService, getServiceOutput,
} from './lookups';

export const compute = { Instance, Snapshot, getInstance, getInstanceOutput, getProducts, getProductsOutput };
export const databases = { PostgreSQL, MariaDB, Redis, OpenSearch };
export const messaging = { Kafka };
export const networking = { LoadBalancer, LoadBalancerUrl, getNetwork, getNetworkOutput };
export const storage = { Overdrive };
export type { InstanceArgs };
export type { KafkaArgs, MariaDBArgs, OpenSearchArgs, OverdriveArgs, PostgreSQLArgs, RedisArgs } from './resources/managed';
export type { LoadBalancerArgs, LoadBalancerUrlArgs } from './resources/networking';
export type { SnapshotArgs } from './resources/compute';
export type { ArgsOf, OutputsOf } from './resources/define';
export { Instance, getService, getServiceOutput };
export type { InstanceResult, LookupInputs, NetworkResult, Plain, ProductResult, ServiceResult } from './lookups';
export type { InstanceCriteria, NetworkCriteria, ProductCriteria, ServiceCriteria } from '../sdk/lookups';
