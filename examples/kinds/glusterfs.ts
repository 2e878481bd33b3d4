/**
 * storage.GlusterFS: a volume in one availability zone of an area. Every input replaces it (and its
 * data): protect it.
 */
import type * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

export function glusterfsExample(config: pulumi.Config) {
  return new itcare.storage.GlusterFS(
    'shared-files',
    {
      serviceId: config.requireNumber('serviceId'),
      networkId: config.requireNumber('networkId'),
      area: config.require('area'),
      az: config.require('az'),
      productCode: 'glusterfs11',
      platform: 'vm',
      diskSize: 500,
    },
    { protect: true },
  );
}
