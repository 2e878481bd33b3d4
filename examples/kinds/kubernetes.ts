/**
 * containers.Kubernetes: an HA cluster (RKE2 / Kubernetes 1.32) with two worker pools. Raise a pool's
 * nodesNb, or add a pool, and `pulumi up` adds the nodes in place; a smaller or removed pool is refused
 * at preview (ITCare deletes nodes one at a time, and never ingress or last nodes), never replaced.
 */
import type * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

export function kubernetesExample(config: pulumi.Config) {
  return new itcare.containers.Kubernetes(
    'platform',
    {
      name: 'platform01',
      serviceId: config.requireNumber('serviceId'),
      networkId: config.requireNumber('networkId'),
      area: config.require('area'),
      productCode: 'rke2-1.32',
      topology: 'HIGH_AVAILABILITY',
      nodePools: [
        { nodesNb: 3, nodeSizing: '4cpu16gb', az: 'EB-A' },
        { nodesNb: 3, nodeSizing: '4cpu16gb', az: 'EB-B' },
      ],
    },
    { protect: true },
  );
}
