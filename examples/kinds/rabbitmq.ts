/**
 * messaging.RabbitMQ: a cluster of three brokers over the area's availability zones, with TLS. TLS can
 * also be turned on later in place (enable_tls), never off; admPassword comes from secret config and
 * stays a secret in state (ITCare never returns it, and has no operation to change it).
 */
import type * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

export function rabbitmqExample(config: pulumi.Config) {
  return new itcare.messaging.RabbitMQ(
    'events',
    {
      name: 'events01',
      serviceId: config.requireNumber('serviceId'),
      networkId: config.requireNumber('networkId'),
      area: config.require('area'),
      productCode: 'rabbitmq313',
      vmPrefix: 'evtrmq',
      nodeSizing: '2cpu4gb',
      brokerCount: 3,
      diskSize: 50,
      tls: true,
      admPassword: config.requireSecret('brokerPassword'),
    },
    { protect: true },
  );
}
