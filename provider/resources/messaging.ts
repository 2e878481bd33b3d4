import { type ArgsOf, type CatalogResource, resourceClass } from './define';

/** Apache Kafka brokers (/message-brokers/apache-kafka), derived from its descriptor. */
export const Kafka = resourceClass('messaging.Kafka');
export type Kafka = CatalogResource<'messaging.Kafka'>;
export type KafkaArgs = ArgsOf<'messaging.Kafka'>;
