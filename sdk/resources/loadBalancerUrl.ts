import { z } from 'zod';
import { itcareDate } from '../dates';
import { defineResource } from './descriptor';
import { hostName, loadBalancers } from './loadBalancer';
import { managedStatuses } from './managed';

/**
 * A URL served by a load balancer (POST/DELETE /networking/loadbalancers/{id}/urls[/{urlId}], VERIFIED
 * with its body). GET of the list and of one URL, the representation and the statuses are INFERRED
 * (emulator/README.md). ITCare has no operation to change a URL: every input replaces it.
 */
export const LoadBalancerUrlCreate = z.strictObject({
  /** The load balancer's id: a program passes `loadBalancer.resourceId`. In the path, not the body. */
  loadBalancerId: z.number().int().positive(),
  /** The URL's host name, e.g. www.shop.example.com. */
  name: hostName,
  setUpDNSEnabled: z.boolean().optional(),
  monitoringEnabled: z.boolean().optional(),
  onCallSupervision: z.boolean().optional(),
});

export const LoadBalancerUrl = z.looseObject({
  id: z.coerce.number().int(),
  name: z.string(),
  status: z.string(),
  loadBalancerId: z.coerce.number().int().nullish(),
  serviceId: z.coerce.number().int().nullish(),
  setUpDNSEnabled: z.boolean().nullish(),
  monitoringEnabled: z.boolean().nullish(),
  onCallSupervision: z.boolean().nullish(),
  creationUser: z.string().nullish(),
  creationTime: itcareDate.nullish(),
});

export const loadBalancerUrls = defineResource({
  kind: 'LoadBalancerUrl',
  module: 'networking',
  path: '/networking/loadbalancers/{loadBalancerId}/urls',
  parent: { field: 'loadBalancerId', of: loadBalancers },
  resourceType: 'LOADBALANCER_URL',
  doc: 'A URL of a load balancer; every input replaces it. Deleted before its load balancer.',
  create: LoadBalancerUrlCreate,
  model: LoadBalancerUrl,
  listQuery: z.object({}),
  createOnly: ['loadBalancerId', 'name', 'setUpDNSEnabled', 'monitoringEnabled', 'onCallSupervision'],
  operations: {},
  updatable: {},
  uniqueName: false,
  statuses: managedStatuses,
});
