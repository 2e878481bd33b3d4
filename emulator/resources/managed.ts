import { formatITCareDate } from '../../sdk/dates';
import type { AnyResourceDescriptor } from '../../sdk/resources';
import { findNetwork, findRegion, findService, regionOfArea, regions } from '../catalog';
import { invalidField, notFound } from '../http';
import { MANAGED_PRODUCTS, nodeSizingProblem } from '../managedCatalog';
import type { FilterReader } from '../paging';
import type { StoredResource } from '../store';

/**
 * What every managed-service module (postgresql.ts, redis.ts, …) checks and builds the same way:
 * the service, the network of that service, the product of the resource type, the node sizing, the
 * placement (region / area / az, defaulting like instances), and the common representation.
 */

type Body = Record<string, unknown>;

export const managedFilters: Record<string, FilterReader<StoredResource>> = {
  services: (i) => i.serviceId,
  names: (i) => i.name,
  statuses: (i) => i.status,
};

function placement(body: Body, defaultRegion: string) {
  const az = body.az as string | undefined;
  const azRegion = az ? regions.find((r) => r.availabilityZones.includes(az)) : undefined;
  if (az && !azRegion) throw invalidField('az', `Error on field 'az': unknown availability zone ${az}`);
  const area = body.area as string | undefined;
  if (area && !regionOfArea(area)) throw invalidField('area', `Error on field 'area': unknown area ${area}`);
  const code = (body.region as string | undefined) ?? (area ? regionOfArea(area)!.code : (azRegion?.code ?? defaultRegion));
  const region = findRegion(code);
  if (!region) throw invalidField('region', `Error on field 'region': unknown region ${code}`);
  if (area && !region.areas.includes(area))
    throw invalidField('area', `Error on field 'area': area ${area} is not in region ${region.code}`);
  if (azRegion && azRegion.code !== region.code) throw invalidField('az', `Error on field 'az': ${az} is not in region ${region.code}`);
  return { region: region.code, area: area ?? region.defaultArea, az: az ?? region.availabilityZones[0], labelRegion: region.label };
}

/**
 * The checks and fields shared by every managed resource. `body` is schema-valid already; secret
 * fields are never copied (the generic routes drop them too). `offered`: the kind's products, where
 * its behaviour keeps them (else managedCatalog.ts's list for its resourceType).
 */
export function managedBase(
  d: AnyResourceDescriptor,
  body: Body,
  submittedBy: string,
  offered?: Record<string, string>,
): Omit<StoredResource, 'id' | 'status'> {
  const service = findService(Number(body.serviceId));
  if (!service) throw notFound('Service', String(body.serviceId), 'serviceId');
  let defaultRegion = 'EB';
  if (body.networkId !== undefined) {
    const network = findNetwork(Number(body.networkId));
    if (!network) throw notFound('Network', String(body.networkId), 'networkId');
    if (network.serviceId !== service.id)
      throw invalidField('networkId', `Error on field 'networkId': network ${network.id} does not belong to service ${service.id}`);
    defaultRegion = network.region;
  }
  const products = offered ?? MANAGED_PRODUCTS[d.resourceType];
  if (products && body.productCode !== undefined && !(String(body.productCode) in products)) {
    throw invalidField(
      'productCode',
      `Error on field 'productCode': unknown ${d.kind} product ${String(body.productCode)}, allowed: ${Object.keys(products).join(', ')}`,
    );
  }
  if (body.nodeSizing !== undefined) {
    const problem = nodeSizingProblem('nodeSizing', body.nodeSizing);
    if (problem) throw invalidField('nodeSizing', problem);
  }
  const copied = Object.fromEntries(Object.entries(body).filter(([k]) => !(d.secrets ?? []).includes(k) && k !== 'changeReference'));
  return {
    ...copied,
    name: String(body.name),
    serviceId: service.id,
    serviceKey: service.key,
    serviceName: service.name,
    ...placement(body, defaultRegion),
    environment: 'DEVELOPMENT',
    creationUser: submittedBy,
    creationTime: formatITCareDate(new Date()),
  };
}

/** resize{sizing} against the catalogue, for the modules whose resize takes a sizing. */
export function checkSizingOption(_operation: string, options: Body, key = 'sizing'): void {
  if (options[key] === undefined) return;
  const problem = nodeSizingProblem(key, options[key]);
  if (problem) throw invalidField(key, problem);
}

/** Node names of a cluster: PREFIX01, PREFIX02, … */
export const nodeNames = (prefix: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);
