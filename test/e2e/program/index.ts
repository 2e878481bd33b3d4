/**
 * The end-to-end tests' program: config `instances` is a JSON map of Pulumi resource name to
 * Instance args, so each test changes the desired state with `setConfig` and runs a real `up`.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

const specs = new pulumi.Config().requireObject<Record<string, itcare.InstanceArgs>>('instances');

const out: Record<string, pulumi.Output<unknown>> = {};
for (const [key, args] of Object.entries(specs)) {
  const vm = new itcare.compute.Instance(key, args);
  out[key] = pulumi
    .all([vm.resourceId, vm.name, vm.status, vm.powerState, vm.cpu, vm.ram, vm.ipAddress])
    .apply(([resourceId, name, status, powerState, cpu, ram, ipAddress]) => ({
      resourceId,
      name,
      status,
      powerState,
      cpu,
      ram,
      ipAddress,
    }));
}
export const instances = out;
