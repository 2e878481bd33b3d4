import { rabbitmq } from '../../sdk/resources';
import { regionOfArea, regions } from '../catalog';
import { invalidField } from '../http';
import type { ResourceBehaviour } from '../routes';
import { managedBase, managedFilters, nodeNames } from './managed';

/**
 * RabbitMQ: the managed checks; a cluster's brokers spread round-robin over the area's availability
 * zones, and a cluster needs a region of 3 zones (INFERRED reading of "across the area's zones").
 * enable_tls turns TLS on. Products INFERRED (README.md).
 */
export const rabbitmqProducts: Record<string, string> = { rabbitmq313: 'RabbitMQ 3.13', rabbitmq312: 'RabbitMQ 3.12' };

export const rabbitmqBehaviour: ResourceBehaviour<typeof rabbitmq> = {
  descriptor: rabbitmq,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    const base = managedBase(rabbitmq, body, submittedBy, rabbitmqProducts);
    const zones = (regionOfArea(String(base.area)) ?? regions[0]).availabilityZones;
    if (body.brokerCount > 1 && zones.length < 3) {
      throw invalidField(
        'brokerCount',
        `Error on field 'brokerCount': a cluster spreads over 3 availability zones, area ${String(base.area)} has ${zones.length} (${zones.join(', ')})`,
      );
    }
    const nodes = nodeNames(body.vmPrefix, 1, body.brokerCount);
    const scheme = body.tls ? 'amqps' : 'amqp';
    return {
      ...base,
      tls: body.tls ?? false,
      nodes,
      nodeZones: nodes.map((_, i) => zones[i % zones.length]),
      endpoint: `${scheme}://${body.vmPrefix}.${String(base.area).toLowerCase()}.cegedim.cloud:${body.tls ? 5671 : 5672}`,
    };
  },
  applyOperation(item, operation) {
    if (operation !== 'enable_tls') return;
    item.tls = true;
    item.endpoint = String(item.endpoint)
      .replace(/^amqp:/, 'amqps:')
      .replace(/:5672$/, ':5671');
  },
};
