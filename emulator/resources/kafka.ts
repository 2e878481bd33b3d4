import { kafka } from '../../sdk/resources';
import type { ResourceBehaviour } from '../routes';
import { managedBase, managedFilters, nodeNames } from './managed';

/** Kafka: the managed checks, broker names from nodePrefix and the bootstrap servers. */
export const kafkaBehaviour: ResourceBehaviour<typeof kafka> = {
  descriptor: kafka,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    const base = managedBase(kafka, body, submittedBy);
    const brokers = nodeNames(String(body.nodePrefix).toLowerCase(), 1, Number(body.brokerCount));
    return { ...base, bootstrapServers: brokers.map((b) => `${b}.${String(base.area).toLowerCase()}.cegedim.cloud:9093`).join(',') };
  },
};
