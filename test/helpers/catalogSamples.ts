import type { CatalogKey } from '../../sdk/resources';

/**
 * One valid resource per descriptor of the catalogue, with a change each makes in place and one that
 * replaces it. Tests iterate over `catalog` and look their sample up here, so a descriptor added
 * without a sample fails them (sampleOf throws).
 */
export const PG_PASSWORD = 'Pg7!Catalogue#2026';
export const REDIS_PASSWORD = 'Rd7!CacheSecret#26';
export const MARIA_PASSWORD = 'Mr7!MariaSecret#26';
export const SHARE_PASSWORD = 'Od7!ShareSecret#26';
export const RABBIT_PASSWORD = 'Rb7!BrokerSecret#26';
export const SQL_PASSWORD = 'Sq7!ServerSecret#26';
export const PASSWORDS = [PG_PASSWORD, REDIS_PASSWORD, MARIA_PASSWORD, SHARE_PASSWORD, RABBIT_PASSWORD, SQL_PASSWORD];

export interface Sample {
  /** Inputs of a valid create (name included). */
  args: Record<string, unknown>;
  /** A change made in place by an operation, and the model fields expected after it. */
  inPlace?: { change: Record<string, unknown>; expect: Record<string, unknown>; operation: string };
  /** A change of a create-only field (a replace). */
  replace: Record<string, unknown>;
  /** The secret input, when the resource has one. */
  secret?: string;
}

const net = { serviceId: 1001, networkId: 2001, area: 'EB-QA' };

export const samples: Record<CatalogKey, Sample> = {
  'compute.Instance': {
    args: { name: 'catvm01', ...net, productCode: 'deb12', cpu: 2, ram: 4 },
    inPlace: { change: { cpu: 4 }, expect: { cpu: 4 }, operation: 'resize' },
    replace: { productCode: 'rhel9' },
  },
  'databases.PostgreSQL': {
    args: { name: 'catpg01', ...net, productCode: 'deb12pg16', nodeSizing: '2cpu4gb', diskSize: 40, admPassword: PG_PASSWORD },
    inPlace: { change: { nodeSizing: '4cpu8gb' }, expect: { nodeSizing: '4cpu8gb' }, operation: 'resize' },
    replace: { diskSize: 80 },
    secret: PG_PASSWORD,
  },
  'databases.MariaDB': {
    args: { name: 'catmaria01', ...net, version: '10.6', nodeSizing: '2cpu4gb', diskSize: 40, admPassword: MARIA_PASSWORD },
    inPlace: { change: { nodeSizing: '4cpu16gb' }, expect: { nodeSizing: '4cpu16gb' }, operation: 'resize' },
    replace: { diskSize: 60 },
    secret: MARIA_PASSWORD,
  },
  'databases.Redis': {
    args: {
      name: 'CACHE01',
      ...net,
      productCode: 'redis72',
      nodeSizing: '2cpu4gb',
      diskSize: 10,
      admPassword: REDIS_PASSWORD,
      instanceCount: 1,
    },
    inPlace: { change: { nodeSizing: '2cpu8gb' }, expect: { nodeSizing: '2cpu8gb' }, operation: 'resize' },
    replace: { persistenceMode: 'NONE' },
    secret: REDIS_PASSWORD,
  },
  'databases.OpenSearch': {
    args: {
      name: 'catsearch01',
      ...net,
      productCode: 'opensearch2',
      nodeSizing: '4cpu16gb',
      diskSize: 100,
      instanceCount: 3,
      nodePrefix: 'SRCH',
    },
    inPlace: { change: { instanceCount: 5 }, expect: { instanceCount: 5 }, operation: 'add_nodes' },
    replace: { diskSize: 200 },
  },
  'messaging.Kafka': {
    args: { name: 'catkafka01', ...net, productCode: 'kafka_3_9_0', nodePrefix: 'KAFK', brokerCount: 3, nodeSizing: '2cpu4gb' },
    replace: { brokerCount: 5 },
  },
  'storage.Overdrive': {
    args: {
      name: 'cat-share01',
      serviceId: 1001,
      region: 'EB',
      sizing: 'S',
      password: SHARE_PASSWORD,
      driveSiteUri: 'https://drive.cegedim.cloud/catshare01',
    },
    replace: { sizing: 'M' },
    secret: SHARE_PASSWORD,
  },
  // Children and members name another sample's resource with { $ref: <catalog key> }: the program
  // passes that resource's resourceId output, as a user's program would.
  'networking.LoadBalancer': {
    args: {
      url: 'shop.cegedim.cloud',
      ...net,
      domain: 'cegedim.cloud',
      healthcheck: '/health',
      persistence: 'cookie',
      portMembers: 8080,
      profileName: 'HTTP',
      redirectToHttps: false,
      members: [{ $ref: 'compute.Instance' }],
    },
    inPlace: { change: { healthcheck: '/ready' }, expect: { healthcheck: '/ready' }, operation: 'update_healthcheck' },
    replace: { portMembers: 8443 },
  },
  // No replace of their own: each is replaced because its parent is (the parent id input changes).
  'networking.LoadBalancerUrl': {
    args: { loadBalancerId: { $ref: 'networking.LoadBalancer' }, name: 'www.shop.cegedim.cloud', monitoringEnabled: true },
    replace: {},
  },
  'compute.Snapshot': {
    args: { instanceId: { $ref: 'compute.Instance' }, description: 'before the catalogue test' },
    replace: {},
  },
  'messaging.RabbitMQ': {
    args: {
      name: 'catrabbit01',
      ...net,
      productCode: 'rabbitmq313',
      vmPrefix: 'catrmq',
      nodeSizing: '2cpu4gb',
      brokerCount: 1,
      diskSize: 20,
      admPassword: RABBIT_PASSWORD,
    },
    inPlace: { change: { tls: true }, expect: { tls: true }, operation: 'enable_tls' },
    replace: { diskSize: 40 },
    secret: RABBIT_PASSWORD,
  },
  'storage.GlusterFS': {
    args: { name: 'catfiles01', ...net, az: 'EB-A', productCode: 'glusterfs11', platform: 'vm', diskSize: 100 },
    replace: { diskSize: 200 },
  },
  'databases.SQLServer': {
    args: { name: 'catsql', ...net, productCode: 'sqlserver2022std', nodeSizing: '2cpu8gb', diskSize: 40, admPassword: SQL_PASSWORD },
    inPlace: { change: { nodeSizing: '4cpu16gb' }, expect: { nodeSizing: '4cpu16gb' }, operation: 'resize' },
    replace: { diskSize: 80 },
    secret: SQL_PASSWORD,
  },
  'containers.Kubernetes': {
    args: {
      name: 'catk8s01',
      ...net,
      productCode: 'rke2-1.32',
      topology: 'STANDARD',
      nodePools: [{ nodesNb: 2, nodeSizing: '4cpu16gb', az: 'EB-A' }],
    },
    inPlace: {
      change: { nodePools: [{ nodesNb: 3, nodeSizing: '4cpu16gb', az: 'EB-A' }] },
      expect: { nodePools: [{ nodesNb: 3, nodeSizing: '4cpu16gb', az: 'EB-A' }] },
      operation: 'create_nodes',
    },
    replace: { topology: 'HIGH_AVAILABILITY' },
  },
};

export function sampleOf(key: string): Sample {
  const s = (samples as Record<string, Sample>)[key];
  if (!s) throw new Error(`no test sample for ${key}: add one to test/helpers/catalogSamples.ts`);
  return s;
}
