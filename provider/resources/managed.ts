import { type ArgsOf, type CatalogResource, resourceClass } from './define';

/**
 * The managed services of the catalogue, each Pulumi class derived from its descriptor in
 * sdk/resources/ (inputs, outputs and secrets come from there: no hand-written class per resource).
 * `protect: true` is recommended for databases and shares: a create-only change replaces the
 * resource, and its data with it.
 */

/** Managed PostgreSQL (/databases/postgresql): resize, standalone → HA in place; admPassword secret. */
export const PostgreSQL = resourceClass('databases.PostgreSQL');
export type PostgreSQL = CatalogResource<'databases.PostgreSQL'>;
export type PostgreSQLArgs = ArgsOf<'databases.PostgreSQL'>;

/** Managed MariaDB (/databases/mariadb): resize in place; admPassword secret. */
export const MariaDB = resourceClass('databases.MariaDB');
export type MariaDB = CatalogResource<'databases.MariaDB'>;
export type MariaDBArgs = ArgsOf<'databases.MariaDB'>;

/** Managed Redis (/databases/redis): resize in place; admPassword secret. */
export const Redis = resourceClass('databases.Redis');
export type Redis = CatalogResource<'databases.Redis'>;
export type RedisArgs = ArgsOf<'databases.Redis'>;

/** Managed OpenSearch (/databases/opensearch): grows in place (add_nodes), never shrinks. */
export const OpenSearch = resourceClass('databases.OpenSearch');
export type OpenSearch = CatalogResource<'databases.OpenSearch'>;
export type OpenSearchArgs = ArgsOf<'databases.OpenSearch'>;

/** Apache Kafka brokers (/message-brokers/apache-kafka): start / stop only. */
export const Kafka = resourceClass('messaging.Kafka');
export type Kafka = CatalogResource<'messaging.Kafka'>;
export type KafkaArgs = ArgsOf<'messaging.Kafka'>;

/** Overdrive file share (/storage/overdrive): start / stop only; password secret. */
export const Overdrive = resourceClass('storage.Overdrive');
export type Overdrive = CatalogResource<'storage.Overdrive'>;
export type OverdriveArgs = ArgsOf<'storage.Overdrive'>;
