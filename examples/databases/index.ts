/**
 * One application on ITCare: an application server, its PostgreSQL HA cluster, a Redis cache and an
 * Overdrive share. The databases are `protect: true`: a create-only change (a disk size, a product)
 * replaces a database and its data, and protect makes Pulumi refuse that (and a destroy) until it is
 * lifted on purpose.
 *
 * Passwords come from secret config (`pulumi config set --secret dbPassword …`); they stay secrets in
 * state, and ITCare never returns them. ITCare has no operation that changes a password: see docs/resources.md.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

const config = new pulumi.Config();
const serviceId = config.requireNumber('serviceId');
const networkId = config.requireNumber('networkId');
const area = config.require('area');
// The tests turn protection off to destroy the stack; keep the default (true) for real databases.
const protect = config.getBoolean('protect') ?? true;

const app = new itcare.compute.Instance('shopapp01', {
  serviceId,
  networkId,
  area,
  productCode: 'deb12',
  cpu: 2,
  ram: 4,
  tags: { app: 'shop' },
});

const db = new itcare.databases.PostgreSQL(
  'shopdb',
  {
    name: 'shopdb01',
    serviceId,
    networkId,
    area,
    productCode: 'deb12pg16',
    nodeSizing: '2cpu4gb',
    diskSize: 80,
    topology: 'HA',
    nodePrefix: 'SHOPPG',
    tls: true,
    trigram: 'SHP',
    admPassword: config.requireSecret('dbPassword'),
  },
  { protect },
);

const cache = new itcare.databases.Redis(
  'shopcache',
  {
    name: 'SHOPCACHE01',
    serviceId,
    networkId,
    area,
    productCode: 'redis72',
    nodeSizing: '2cpu4gb',
    diskSize: 10,
    instanceCount: 3,
    persistenceMode: 'PERSISTENT',
    admPassword: config.requireSecret('cachePassword'),
  },
  { protect },
);

const share = new itcare.storage.Overdrive('shopfiles', {
  name: 'shop-files',
  serviceId,
  region: area.slice(0, 2),
  sizing: 'S',
  password: config.requireSecret('sharePassword'),
  driveSiteUri: 'https://drive.cegedim.cloud/shop',
});

export const appIp = app.ipAddress;
export const dbEndpoint = db.endpoint;
export const dbTopology = db.topology;
export const cacheTopology = cache.topology;
export const shareQuotaGb = share.quotaGb;
