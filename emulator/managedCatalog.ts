/**
 * The catalogue of the managed services (databases, Kafka, Overdrive): products, versions and node
 * sizings a dry run checks. All INFERRED (ITCare does not publish these lists); see README.md.
 * Like the OS catalogue, these rules live only here: a client learns them by asking the server.
 */

/** Node sizings offered to managed services, `<cpu>cpu<ram>gb`. */
export const NODE_SIZINGS = ['2cpu4gb', '2cpu8gb', '4cpu8gb', '4cpu16gb', '8cpu32gb', '16cpu64gb'] as const;

/** Products per resource type, with the label ITCare shows. */
export const MANAGED_PRODUCTS: Record<string, Record<string, string>> = {
  POSTGRESQL: { deb12pg16: 'PostgreSQL 16 on Debian 12', deb12pg15: 'PostgreSQL 15 on Debian 12' },
  REDIS: { redis72: 'Redis 7.2', redis62: 'Redis 6.2' },
  OPENSEARCH: { opensearch2: 'OpenSearch 2' },
  KAFKA: { kafka_3_9_0: 'Apache Kafka 3.9.0', kafka_3_7_1: 'Apache Kafka 3.7.1' },
};

export const MARIADB_VERSIONS = ['10.6', '10.11', '11.4'] as const;

/** Overdrive sizing → quota in GB. */
export const OVERDRIVE_QUOTA_GB: Record<string, number> = { XS: 100, S: 500, M: 1000, L: 5000, XL: 10000 };

/** Why a sizing is not offered, in ITCare's words, or undefined. */
export function nodeSizingProblem(field: string, sizing: unknown): string | undefined {
  if ((NODE_SIZINGS as readonly string[]).includes(String(sizing))) return undefined;
  return `Error on field '${field}': sizing ${String(sizing)} is not offered, allowed values are ${NODE_SIZINGS.join(', ')}`;
}
