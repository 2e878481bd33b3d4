/**
 * A web tier on ITCare: two web servers behind an HTTP load balancer answering on two URLs, and a
 * snapshot of the first server before it goes live.
 *
 * No numeric id in the program: the service is found by its key and the network by its name, with
 * lookups that run in the program at preview and up (see docs/resources.md, Lookups), and the
 * product by the sizing it must accept. Change `networkName` or `serviceKey` in the stack config to
 * move the tier; a lookup that finds nothing, or several, fails the preview naming what it saw.
 *
 * Children name their parents by `resourceId` outputs (a URL its load balancer, the snapshot its
 * instance, the load balancer its members): Pulumi creates parents first and, on destroy, deletes the
 * URLs before the load balancer, the load balancer before its members and the snapshot before its
 * instance, as ITCare requires.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

const config = new pulumi.Config();
const area = config.require('area');
const domain = config.require('domain');

const service = itcare.getServiceOutput({ key: config.require('serviceKey') });
const network = itcare.networking.getNetworkOutput({ name: config.require('networkName'), serviceId: service.id, area });
// The first Debian product that accepts the web servers' sizing (what their dry run will accept).
const productCode = itcare.compute.getProductsOutput({ family: 'DEBIAN', cpu: 2, ram: 4 }).apply((products) => products[0].code);

const webs = ['web01', 'web02'].map(
  (name) =>
    new itcare.compute.Instance(name, {
      serviceId: service.id,
      networkId: network.id,
      area,
      productCode,
      cpu: 2,
      ram: 4,
      powerState: 'running',
      tags: { app: 'shop', tier: 'web' },
    }),
);

const lb = new itcare.networking.LoadBalancer('shop-lb', {
  url: `shop.${domain}`,
  serviceId: service.id,
  networkId: network.id,
  area,
  domain,
  healthcheck: '/health',
  persistence: 'cookie',
  portMembers: 8080,
  profileName: 'HTTP',
  redirectToHttps: false,
  members: webs.map((w) => w.resourceId),
});

const urls = ['www', 'api'].map(
  (host) =>
    new itcare.networking.LoadBalancerUrl(`shop-${host}`, {
      loadBalancerId: lb.resourceId,
      name: `${host}.shop.${domain}`,
      monitoringEnabled: true,
    }),
);

const snapshot = new itcare.compute.Snapshot('web01-before-go-live', {
  instanceId: webs[0].resourceId,
  description: 'web01 before go-live',
});

export const serviceId = service.id;
export const networkId = network.id;
export const webIps = webs.map((w) => w.ipAddress);
export const memberIds = lb.members;
export const lbVip = lb.vip;
export const urlNames = urls.map((u) => u.name);
export const snapshotId = snapshot.resourceId;
export const snapshotExpires = snapshot.expirationDate;
