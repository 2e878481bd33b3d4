import { type ArgsOf, type CatalogResource, resourceClass } from './define';

/**
 * Load balancers and their URLs, derived from their descriptors (sdk/resources/loadBalancer.ts,
 * loadBalancerUrl.ts). A URL names its load balancer by `loadBalancerId: lb.resourceId`: that input
 * makes the engine create the load balancer first and delete the URL first, and a replaced load
 * balancer replaces its URLs (shown at preview).
 */

/**
 * A load balancer (/networking/loadbalancers): `members` are instance ids (`[web1.resourceId, …]`);
 * members and healthcheck change in place (update_members, update_healthcheck: INFERRED operations,
 * refused at preview where ITCare does not know them), any other input replaces it.
 */
export const LoadBalancer = resourceClass('networking.LoadBalancer');
export type LoadBalancer = CatalogResource<'networking.LoadBalancer'>;
export type LoadBalancerArgs = ArgsOf<'networking.LoadBalancer'>;

/** A URL of a load balancer (/networking/loadbalancers/{id}/urls): every input replaces it. */
export const LoadBalancerUrl = resourceClass('networking.LoadBalancerUrl');
export type LoadBalancerUrl = CatalogResource<'networking.LoadBalancerUrl'>;
export type LoadBalancerUrlArgs = ArgsOf<'networking.LoadBalancerUrl'>;

