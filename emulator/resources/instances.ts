import Router from '@koa/router';
import { formatITCareDate } from '../../sdk/dates';
import { instances } from '../../sdk/resources';
import { allocateIp, findNetwork, findProduct, findRegion, findService, products, regionOfArea, regions, sizingProblem } from '../catalog';
import { apiError, invalidField, notFound } from '../http';
import type { CreateBody, ResourceBehaviour } from '../routes';
import type { Collection, EmulatorStore, StoredResource } from '../store';

/**
 * Compute instances: the catalogue checks ITCare makes on a create (service, network of that service,
 * product, sizing, placement), the representation GET returns, and the /networks and /storage details.
 */

type InstanceCreateBody = CreateBody<typeof instances>;

const allAreas = () => regions.flatMap((r) => r.areas).join(', ');
const allZones = () => regions.flatMap((r) => r.availabilityZones).join(', ');

/**
 * Region, area and AZ from what the body gives, defaulting like ITCare (the region's default area).
 * The region comes from the body, its area, or the network; an availability zone never moves it, so
 * a zone of another region is blamed on availabilityZone (not on the network that disagrees with it).
 */
function placement(body: InstanceCreateBody, networkArea: string) {
  const azRegion = body.availabilityZone ? regions.find((r) => r.availabilityZones.includes(body.availabilityZone!)) : undefined;
  if (body.availabilityZone && !azRegion)
    throw invalidField(
      'availabilityZone',
      `Error on field 'availabilityZone': unknown availability zone ${body.availabilityZone} (availability zones: ${allZones()})`,
    );
  if (body.area && !regionOfArea(body.area))
    throw invalidField('area', `Error on field 'area': unknown area ${body.area} (areas: ${allAreas()})`);
  const regionCode = body.region ?? (body.area ? regionOfArea(body.area)!.code : networkArea.slice(0, 2));
  const region = findRegion(regionCode);
  if (!region)
    throw invalidField(
      'region',
      `Error on field 'region': unknown region ${regionCode} (regions: ${regions.map((r) => `${r.code} ${r.label}`).join(', ')})`,
    );
  const area = body.area ?? region.defaultArea;
  if (!region.areas.includes(area))
    throw invalidField(
      'area',
      `Error on field 'area': area ${area} is not in region ${region.code} (its areas: ${region.areas.join(', ')})`,
    );
  if (azRegion && azRegion.code !== region.code) {
    const from = body.region ? 'the region given' : body.area ? `the region of area ${area}` : "the network's region";
    throw invalidField(
      'availabilityZone',
      `Error on field 'availabilityZone': ${body.availabilityZone} is not in region ${region.code} (${from}); its availability zones: ${region.availabilityZones.join(', ')}`,
    );
  }
  return { region, area, availabilityZone: body.availabilityZone ?? region.availabilityZones[0] };
}

function buildInstance(body: InstanceCreateBody, collection: Collection, submittedBy: string): Omit<StoredResource, 'id' | 'status'> {
  const service = findService(body.serviceId);
  if (!service) throw notFound('Service', body.serviceId, 'serviceId');
  const network = findNetwork(body.networkId);
  if (!network) throw notFound('Network', body.networkId, 'networkId');
  if (network.serviceId !== service.id) {
    throw invalidField('networkId', `Error on field 'networkId': network ${network.id} does not belong to service ${service.id}`);
  }
  const product = findProduct(body.productCode);
  if (!product)
    throw invalidField(
      'productCode',
      `Error on field 'productCode': unknown product ${body.productCode} (products: ${products.map((p) => p.code).join(', ')})`,
    );
  const sizing = sizingProblem(product, body.cpu, body.ram);
  if (sizing) throw invalidField(sizing.field, sizing.message);
  const { region, area, availabilityZone } = placement(body, network.area);
  if (network.area !== area) {
    throw invalidField('networkId', `Error on field 'networkId': network ${network.id} is in area ${network.area}, not ${area}`);
  }
  const used = new Set(collection.all().map((i) => String(i.ipAddress)));
  const ipAddress = allocateIp(network.cidr, used);
  if (!ipAddress) throw apiError(422, 'NO_IP_AVAILABLE', 'networkId', `Network ${network.id} has no free address`);
  const diskSize = body.diskSize ?? product.defaultDiskSize;
  return {
    name: body.name,
    type: product.type,
    family: product.family,
    osVersion: product.label,
    productCode: product.code,
    serviceId: service.id,
    serviceKey: service.key,
    serviceName: service.name,
    networkId: network.id,
    network: { id: network.id, name: network.name, cidr: network.cidr, vlan: network.vlan },
    environment: body.environment ?? 'DEVELOPMENT',
    creationUser: submittedBy,
    creationTime: formatITCareDate(new Date()),
    ipAddress,
    cpu: body.cpu,
    ram: body.ram,
    diskSize,
    totalSizeDisks: diskSize,
    region: region.code,
    area,
    availabilityZone,
    labelRegion: region.label,
    labelDatacenter: `${region.code}4`,
    labelArea: area,
    labelAvailabilityZone: availabilityZone,
    description: body.description ?? null,
    tags: body.tags ?? {},
    changeReference: body.changeReference ?? null,
    path: `/compute/instances/${product.type === 'WINDOWS' ? 'Windows' : 'Linux'}/${product.label.replace(/\s+/g, '')}`,
    internalResourceId: `vm-${Math.floor(Math.random() * 1e6)}`,
    backup: { backupSystem: 'NETWORKER', size: 0, type: 'DAILY', lastDate: null },
    patchParty: { excluded: false, exclusionReason: null, patchGroup: 'STANDARD', patchDate: null, patchTag: null },
    loadbalancers: [],
  };
}

const tagPairs = (i: StoredResource) => Object.entries((i.tags as Record<string, string>) ?? {}).map(([k, v]) => `${k}:${v}`);

export const instanceBehaviour: ResourceBehaviour<typeof instances> = {
  descriptor: instances,
  filters: {
    services: (i) => i.serviceId,
    names: (i) => i.name,
    types: (i) => i.type,
    families: (i) => i.family,
    environments: (i) => i.environment,
    statuses: (i) => i.status,
    tags: tagPairs,
    az: (i) => i.availabilityZone,
    ip: (i) => i.ipAddress,
    vlan: (i) => (i.network as { vlan?: string } | undefined)?.vlan,
  },
  buildModel: buildInstance,
  checkOperation(item, operation, options) {
    if (operation !== 'resize') return;
    const product = findProduct(String(item.productCode));
    const sizing = product && sizingProblem(product, Number(options.cpu), Number(options.ram));
    if (sizing) throw invalidField(sizing.field, sizing.message);
  },
};

/** GET …/{id}/networks and …/storage: details ITCare serves beside the instance itself. */
export function instanceDetailRoutes(store: EmulatorStore): Router {
  const router = new Router();
  const find = (id: string) => {
    const item = store.collection(instances.path).items.get(Number(id));
    if (!item) throw notFound(instances.kind, id);
    return item;
  };
  router.get(`${instances.path}/:id/networks`, (ctx) => {
    const item = find(ctx.params.id);
    const network = findNetwork(Number(item.networkId));
    ctx.body = [
      {
        technicalID: `${network?.vlan ?? '0'}-${item.id}`,
        cidr: network?.cidr ?? null,
        scope: network?.scope ?? 'PRIVATE',
        ipAddress: item.ipAddress,
        dns: [{ alias: item.name, domain: `${String(item.area).toLowerCase()}.cegedim.cloud` }],
      },
    ];
  });
  router.get(`${instances.path}/:id/storage`, (ctx) => {
    const item = find(ctx.params.id);
    const disk = Number(item.diskSize ?? 40);
    const windows = item.type === 'WINDOWS';
    ctx.body = {
      totalSizeDisks: disk,
      totalSizeFileSystems: disk - 2,
      fileSystems: windows
        ? [{ mountingPoint: 'C:\\', type: 'NTFS', sizeOf: disk - 2, free: Math.round((disk - 2) * 0.6) }]
        : [
            { mountingPoint: '/', type: 'ext4', sizeOf: disk - 12, free: Math.round((disk - 12) * 0.7) },
            { mountingPoint: '/var', type: 'ext4', sizeOf: 10, free: 8 },
          ],
    };
  });
  return router;
}
