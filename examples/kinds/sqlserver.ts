/**
 * databases.SQLServer: an Always On cluster (2 active nodes on the primary site, 1 passive on the
 * secondary); nodeSizing resizes in place. admPassword from secret config stays a secret in state.
 */
import type * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

export function sqlserverExample(config: pulumi.Config) {
  return new itcare.databases.SQLServer(
    'erp-sql',
    {
      name: 'erpsql',
      serviceId: config.requireNumber('serviceId'),
      networkId: config.requireNumber('networkId'),
      area: config.require('area'),
      productCode: 'sqlserver2022ent',
      nodeSizing: '4cpu16gb',
      diskSize: 200,
      topology: 'ALWAYS_ON',
      admPassword: config.requireSecret('sqlPassword'),
    },
    { protect: true },
  );
}
