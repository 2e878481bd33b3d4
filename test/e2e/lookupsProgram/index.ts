/**
 * The lookups test's program: the service by key, the network by name in that service, a product by
 * family and sizing, all before anything exists; one instance created with what they found; then the
 * instance found again by name once it exists (a lookup fed by its resourceId: unknown at preview, run at up).
 * Config: serviceKey, networkName, area, family.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

const config = new pulumi.Config();
const area = config.require('area');
const service = itcare.getServiceOutput({ key: config.require('serviceKey') });
const network = itcare.networking.getNetworkOutput({ name: config.require('networkName'), serviceId: service.id, area });
const products = itcare.compute.getProductsOutput({ family: config.require('family'), cpu: 2, ram: 4 });

const vm = new itcare.compute.Instance('look01', {
  serviceId: service.id,
  networkId: network.id,
  area,
  productCode: products.apply((p) => p[0].code),
  cpu: 2,
  ram: 4,
});
// Fed by resourceId, which only exists once the instance does: at preview the lookup waits (its result
// is unknown). Fed by vm.name alone, known at preview from the inputs, it would run before the create.
const again = itcare.compute.getInstanceOutput({
  name: pulumi.all([vm.resourceId, vm.name]).apply(([, name]) => name),
  serviceId: vm.serviceId,
});

export const serviceId = service.id;
export const networkId = network.id;
export const productCodes = products.apply((p) => p.map((x) => x.code));
export const sandboxId = itcare.getService({ name: 'Sandbox' }).then((s) => s.id); // the Promise form
export const found = pulumi.all([again.id, again.ipAddress, again.status]).apply(([id, ip, status]) => ({ id, ip, status }));
