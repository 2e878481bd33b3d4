import { type ArgsOf, type CatalogResource, resourceClass } from './define';

/**
 * Managed databases (/databases/…), each class derived from its descriptor in sdk/resources/.
 * `protect: true` is recommended: a create-only change replaces the database, and its data with it.
 */
export const PostgreSQL = resourceClass('databases.PostgreSQL');
export type PostgreSQL = CatalogResource<'databases.PostgreSQL'>;
export type PostgreSQLArgs = ArgsOf<'databases.PostgreSQL'>;

export const MariaDB = resourceClass('databases.MariaDB');
export type MariaDB = CatalogResource<'databases.MariaDB'>;
export type MariaDBArgs = ArgsOf<'databases.MariaDB'>;

export const Redis = resourceClass('databases.Redis');
export type Redis = CatalogResource<'databases.Redis'>;
export type RedisArgs = ArgsOf<'databases.Redis'>;

export const OpenSearch = resourceClass('databases.OpenSearch');
export type OpenSearch = CatalogResource<'databases.OpenSearch'>;
export type OpenSearchArgs = ArgsOf<'databases.OpenSearch'>;
