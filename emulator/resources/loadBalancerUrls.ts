import { formatITCareDate } from '../../sdk/dates';
import { loadBalancerUrls } from '../../sdk/resources';
import type { ResourceBehaviour } from '../routes';
import type { StoredResource } from '../store';

/**
 * URLs of a load balancer (/networking/loadbalancers/{id}/urls). The generic routes answer 404
 * naming the load balancer when it does not exist, and refuse to delete a load balancer that still
 * has URLs (409, INFERRED). Flags default to false (INFERRED).
 */
export const loadBalancerUrlBehaviour: ResourceBehaviour<typeof loadBalancerUrls> = {
  descriptor: loadBalancerUrls,
  filters: {},
  buildModel(body, _collection, submittedBy) {
    return {
      name: String(body.name),
      loadBalancerId: body.loadBalancerId,
      setUpDNSEnabled: body.setUpDNSEnabled ?? false,
      monitoringEnabled: body.monitoringEnabled ?? false,
      onCallSupervision: body.onCallSupervision ?? false,
      creationUser: submittedBy,
      creationTime: formatITCareDate(new Date()),
    } as Omit<StoredResource, 'id' | 'status'>;
  },
};
