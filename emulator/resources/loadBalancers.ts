import { formatITCareDate } from '../../sdk/dates';
import { instances, loadBalancers } from '../../sdk/resources';
import { allocateIp, findNetwork, findRegion, findService, regionOfArea } from '../catalog';
import { apiError, invalidField, notFound } from '../http';
import type { ResourceBehaviour } from '../routes';
import type { EmulatorStore, StoredResource } from '../store';

/**
 * Load balancers: the service, its network and the area as for instances; members must be
 * instances of the same service; the virtual IP comes from the network. update_members and
 * update_healthcheck are the INFERRED operations (README.md); `unknownOperations` refuses them.
 */

/** Why these member ids cannot be members of a load balancer of `serviceId`, or undefined. */
function membersProblem(store: EmulatorStore | undefined, members: unknown, serviceId: number): string | undefined {
  if (!store || !Array.isArray(members)) return undefined;
  const held = store.collection(instances.path).items;
  for (const id of members as number[]) {
    const vm = held.get(Number(id));
    if (!vm) return `Error on field 'members': instance ${id} does not exist`;
    if (vm.serviceId !== serviceId) return `Error on field 'members': instance ${id} belongs to service ${vm.serviceId}, not ${serviceId}`;
  }
  return undefined;
}

export const loadBalancerBehaviour: ResourceBehaviour<typeof loadBalancers> = {
  descriptor: loadBalancers,
  filters: { services: (i) => i.serviceId, statuses: (i) => i.status },
  buildModel(body, collection, submittedBy, store) {
    const service = findService(Number(body.serviceId));
    if (!service) throw notFound('Service', String(body.serviceId), 'serviceId');
    const network = findNetwork(Number(body.networkId));
    if (!network) throw notFound('Network', String(body.networkId), 'networkId');
    if (network.serviceId !== service.id)
      throw invalidField('networkId', `Error on field 'networkId': network ${network.id} does not belong to service ${service.id}`);
    const area = String(body.area);
    const region = regionOfArea(area);
    if (!region) throw invalidField('area', `Error on field 'area': unknown area ${area}`);
    if (body.region !== undefined && findRegion(String(body.region))?.code !== region.code) {
      throw invalidField('region', `Error on field 'region': area ${area} is not in region ${String(body.region)}`);
    }
    if (network.area !== area)
      throw invalidField('area', `Error on field 'area': network ${network.id} is in area ${network.area}, not ${area}`);
    if (body.profileName === 'TCP' && body.redirectToHttps === true) {
      throw invalidField('redirectToHttps', "Error on field 'redirectToHttps': a TCP load balancer cannot redirect to HTTPS");
    }
    const problem = membersProblem(store, body.members, service.id);
    if (problem) throw invalidField('members', problem);
    const vip = allocateIp(network.cidr, new Set(collection.all().map((i) => String(i.vip))));
    if (!vip) throw apiError(422, 'NO_IP_AVAILABLE', 'networkId', `Network ${network.id} has no free address`);
    return {
      ...body,
      serviceId: service.id,
      serviceKey: service.key,
      region: region.code,
      area,
      setUpDNSEnabled: body.setUpDNSEnabled ?? false,
      vip,
      creationUser: submittedBy,
      creationTime: formatITCareDate(new Date()),
    } as Omit<StoredResource, 'id' | 'status'>;
  },
  checkOperation(item, operation, options, store) {
    if (operation !== 'update_members') return;
    const problem = membersProblem(store, options.members, item.serviceId);
    if (problem) throw invalidField('members', problem);
  },
};
