import type { z } from 'zod';
import { InstanceCreate } from '../../../sdk/resources/instance';
import { KafkaCreate } from '../../../sdk/resources/kafka';
import { LoadBalancerCreate, loadBalancers } from '../../../sdk/resources/loadBalancer';
import { LoadBalancerUrlCreate } from '../../../sdk/resources/loadBalancerUrl';
import { MariaDBCreate } from '../../../sdk/resources/mariadb';
import { OpenSearchCreate, opensearch } from '../../../sdk/resources/opensearch';
import { OverdriveCreate } from '../../../sdk/resources/overdrive';
import { PostgreSQLCreate, postgresql } from '../../../sdk/resources/postgresql';
import { RedisCreate } from '../../../sdk/resources/redis';
import { SnapshotCreate } from '../../../sdk/resources/snapshot';

/**
 * The value rules of the create bodies and of the operations' own options, field by field, at their
 * edges: what ITCare documents (or what we inferred, see emulator/README.md) is accepted, one step
 * beyond is refused with the rule's own words. The expectations are written out here, not derived
 * from the schemas, so a changed bound, pattern or message fails a test. `preview` relies on these
 * rules to fail before any mutation.
 */

type Shape = Record<string, z.ZodType>;
interface Rule {
  schema: { shape: Shape };
  field: string;
  ok: unknown[];
  bad: unknown[];
  says?: string;
}

const HOST = 'a host name such as shop.example.com (lower-case letters, digits, hyphens and dots)';
const REGION = 'a region code such as EB or ET';
const AREA = 'an area code such as EB-QA';
const AZ = 'an availability zone such as EB-A';
const SIZING = 'a sizing such as 2cpu4gb (<cpu>cpu<ram>gb)';
const DB_NAME = 'lower-case letters or digits, 5 to 60 characters';
const PASSWORD = "12 to 20 characters with a digit, a lower-case and an upper-case letter and one of !@#&()–{}:;',?/*~$^+=<>";
const label63 = `a${'b'.repeat(61)}c`;

const rules: Array<[string, Rule]> = [
  [
    'instance name',
    {
      schema: InstanceCreate,
      field: 'name',
      ok: ['web', 'w-1', 'a12345678901234'],
      bad: ['ab', 'a123456789012345', '1ab', 'ab-', 'Abc', 'a_b', ' web'],
      says: 'lower-case letters, digits and "-", 3 to 15 characters, starting with a letter',
    },
  ],
  ['instance cpu', { schema: InstanceCreate, field: 'cpu', ok: [1, 64], bad: [0, 65, 1.5] }],
  ['instance ram', { schema: InstanceCreate, field: 'ram', ok: [1, 512], bad: [0, 513] }],
  ['instance diskSize', { schema: InstanceCreate, field: 'diskSize', ok: [20, 2048, undefined], bad: [19, 2049] }],
  ['instance region', { schema: InstanceCreate, field: 'region', ok: ['EB', 'ET'], bad: ['E', 'EBX', 'eb', 'E1'], says: REGION }],
  [
    'instance area',
    { schema: InstanceCreate, field: 'area', ok: ['EB-QA', 'ET-1'], bad: ['EB-', 'EBQA', 'E-QA', 'xEB-QA', 'EB-QA!', 'eb-qa'], says: AREA },
  ],
  [
    'instance availabilityZone',
    { schema: InstanceCreate, field: 'availabilityZone', ok: ['EB-A'], bad: ['EB-AB', 'EB-1', 'E-A', 'EB-a', 'xEB-A'], says: AZ },
  ],
  [
    'instance environment',
    {
      schema: InstanceCreate,
      field: 'environment',
      ok: ['PRODUCTION', 'PRE_PRODUCTION'],
      bad: ['prod', 'PROD1', '', 'prodX'],
      says: 'an environment such as PRODUCTION or DEVELOPMENT',
    },
  ],
  ['instance description', { schema: InstanceCreate, field: 'description', ok: ['x'.repeat(255)], bad: ['x'.repeat(256)] }],
  ['instance productCode', { schema: InstanceCreate, field: 'productCode', ok: ['deb12'], bad: [''] }],
  [
    'load balancer url',
    {
      schema: LoadBalancerCreate,
      field: 'url',
      ok: ['shop', 'shop.example.com', 'a-b.c0', label63, `${'a.'.repeat(126)}b`],
      bad: [
        'Shop.example.com',
        '-shop.example.com',
        'shop-.example.com',
        'shop..example.com',
        `${label63}d`,
        `${'a.'.repeat(126)}bc`,
        'shop.example.com.',
        'sh_op',
        '',
      ],
      says: HOST,
    },
  ],
  ['load balancer domain', { schema: LoadBalancerCreate, field: 'domain', ok: ['cegedim.cloud'], bad: ['cegedim cloud'], says: HOST }],
  [
    'load balancer healthcheck',
    {
      schema: LoadBalancerCreate,
      field: 'healthcheck',
      ok: ['/', '/health', '/a/b?x=1'],
      bad: ['health', '/a b', ' /health', '/health '],
      says: 'a path such as /health',
    },
  ],
  [
    'load balancer persistence',
    { schema: LoadBalancerCreate, field: 'persistence', ok: ['cookie', 'hash', 'source_addr'], bad: ['COOKIE', ''] },
  ],
  ['load balancer portMembers', { schema: LoadBalancerCreate, field: 'portMembers', ok: [1, 65535], bad: [0, 65536] }],
  ['load balancer profileName', { schema: LoadBalancerCreate, field: 'profileName', ok: ['HTTP', 'HTTPS', 'TCP'], bad: ['UDP', 'http'] }],
  ['load balancer members', { schema: LoadBalancerCreate, field: 'members', ok: [[1], [1, 2]], bad: [[], [0], [1.5]] }],
  ['load balancer url name', { schema: LoadBalancerUrlCreate, field: 'name', ok: ['www.shop.example.com'], bad: ['WWW.shop'], says: HOST }],
  ['load balancer url loadBalancerId', { schema: LoadBalancerUrlCreate, field: 'loadBalancerId', ok: [1], bad: [0, -1] }],
  [
    'postgresql name',
    { schema: PostgreSQLCreate, field: 'name', ok: ['db001', 'a'.repeat(60)], bad: ['db01', 'a'.repeat(61), 'Db001', 'db-001', 'cluster'] },
  ],
  [
    'postgresql admPassword',
    {
      schema: PostgreSQLCreate,
      field: 'admPassword',
      ok: ['Abcdefgh1!xy', 'Abcdefgh1!xyAbcdefgh', 'Abcdefgh1–xy', 'Abcdefgh1>xy', 'AB1!abcdefgh'],
      bad: ['Abcdefgh1!x', 'Abcdefgh1!xyAbcdefgh1', 'abcdefgh1!xy', 'ABCDEFGH1!XY', 'Abcdefghi!xy', 'Abcdefgh12xy'],
      says: PASSWORD,
    },
  ],
  [
    'postgresql nodeSizing',
    {
      schema: PostgreSQLCreate,
      field: 'nodeSizing',
      ok: ['2cpu4gb', '16cpu128gb'],
      bad: ['2cpu4', 'cpu4gb', '2cpugb', 'x2cpu4gb', '2cpu4gbx', '2CPU4GB'],
      says: SIZING,
    },
  ],
  ['postgresql diskSize', { schema: PostgreSQLCreate, field: 'diskSize', ok: [40, 1024], bad: [39, 1025] }],
  [
    'postgresql trigram',
    {
      schema: PostgreSQLCreate,
      field: 'trigram',
      ok: ['ABC', 'A1B'],
      bad: ['AB', 'ABCD', 'abc', 'AB-'],
      says: 'three upper-case letters or digits',
    },
  ],
  ['postgresql allowedReplicationLag', { schema: PostgreSQLCreate, field: 'allowedReplicationLag', ok: [1, 10240], bad: [0, 10241] }],
  [
    'postgresql nodePrefix',
    {
      schema: PostgreSQLCreate,
      field: 'nodePrefix',
      ok: ['PGSQL', 'P2345678901Z'],
      bad: ['PGSQ', 'P23456789012Z', '1PGSQL', 'Pgsql'],
      says: '5 to 12 upper-case letters or digits, starting with a letter',
    },
  ],
  ['postgresql topology', { schema: PostgreSQLCreate, field: 'topology', ok: ['standalone', 'HA'], bad: ['ha'] }],
  ['postgresql area', { schema: PostgreSQLCreate, field: 'area', ok: ['EB-QA'], bad: ['EBQA', 'xEB-QA', 'EB-QA!'], says: AREA }],
  ['redis region', { schema: RedisCreate, field: 'region', ok: ['EB'], bad: ['EBB'], says: REGION }],
  [
    'mariadb version',
    {
      schema: MariaDBCreate,
      field: 'version',
      ok: ['10.6', '11.10'],
      bad: ['10', '10.6.1', 'v10.6', '10.x'],
      says: 'a version such as 10.6',
    },
  ],
  ['mariadb diskSize', { schema: MariaDBCreate, field: 'diskSize', ok: [40, 1024], bad: [39, 1025] }],
  ['mariadb instanceCount', { schema: MariaDBCreate, field: 'instanceCount', ok: [1, 3], bad: [0, 4] }],
  ['mariadb topology', { schema: MariaDBCreate, field: 'topology', ok: ['SINGLE', 'CLUSTER'], bad: ['HA'] }],
  ['mariadb area', { schema: MariaDBCreate, field: 'area', ok: ['EB-QA'], bad: ['EB-'], says: AREA }],
  ['mariadb az', { schema: MariaDBCreate, field: 'az', ok: ['EB-A'], bad: ['EB-AA', 'xEB-A'], says: AZ }],
  ['snapshot description', { schema: SnapshotCreate, field: 'description', ok: ['x', 'x'.repeat(255)], bad: ['', 'x'.repeat(256)] }],
  [
    'redis name',
    {
      schema: RedisCreate,
      field: 'name',
      ok: ['CACHE01', 'C01', '001', 'A-B-001', 'CACHE-01', 'ABCDEFGHIJKL123'],
      bad: ['CACHE1', 'CACHE0001', 'cache01', 'ABCDEFGHIJKLM123', 'C', '1', '01', 'CACHE01A'],
      says: 'up to 15 upper-case letters, digits or "-", ending in 2 or 3 digits (e.g. CACHE01)',
    },
  ],
  ['redis diskSize', { schema: RedisCreate, field: 'diskSize', ok: [10, 1024], bad: [9, 1025] }],
  ['redis persistenceMode', { schema: RedisCreate, field: 'persistenceMode', ok: ['PERSISTENT', 'NONE'], bad: ['RDB'] }],
  [
    'kafka nodePrefix',
    {
      schema: KafkaCreate,
      field: 'nodePrefix',
      ok: ['KAFK', 'K23456789012'],
      bad: ['KAF', 'K234567890123'],
      says: '4 to 12 upper-case letters or digits, starting with a letter',
    },
  ],
  ['kafka brokerCount', { schema: KafkaCreate, field: 'brokerCount', ok: [3, 5], bad: [2, 6] }],
  ['kafka diskSize', { schema: KafkaCreate, field: 'diskSize', ok: [40, 4096], bad: [39, 4097] }],
  ['kafka name', { schema: KafkaCreate, field: 'name', ok: ['kafka01'], bad: ['kfk'], says: DB_NAME }],
  ['opensearch instanceCount', { schema: OpenSearchCreate, field: 'instanceCount', ok: [3, 5, 51], bad: [1, 2, 4, 53] }],
  ['opensearch diskSize', { schema: OpenSearchCreate, field: 'diskSize', ok: [100, 8000], bad: [99, 8001] }],
  [
    'opensearch nodePrefix',
    {
      schema: OpenSearchCreate,
      field: 'nodePrefix',
      ok: ['OPEN', `O${'1'.repeat(59)}`],
      bad: ['OPE', `O${'1'.repeat(60)}`],
      says: '4 to 60 upper-case letters or digits, starting with a letter',
    },
  ],
  ['opensearch productCode', { schema: OpenSearchCreate, field: 'productCode', ok: ['opensearch2'], bad: [''] }],
  [
    'overdrive name',
    {
      schema: OverdriveCreate,
      field: 'name',
      ok: ['abc', `a${'b'.repeat(39)}`, 'a-1'],
      bad: ['ab', `a${'b'.repeat(40)}`, '1ab', 'Abc'],
      says: 'lower-case letters, digits and "-", 3 to 40 characters, starting with a letter',
    },
  ],
  ['overdrive sizing', { schema: OverdriveCreate, field: 'sizing', ok: ['XS', 'S', 'M', 'L', 'XL'], bad: ['XXL', 'm'] }],
  ['overdrive password', { schema: OverdriveCreate, field: 'password', ok: ['Abcdefgh1!xy'], bad: ['short'], says: PASSWORD }],
  [
    'overdrive driveSiteUri',
    {
      schema: OverdriveCreate,
      field: 'driveSiteUri',
      ok: ['https://drive.example.com', 'https://drive.example.com/sites/team'],
      bad: [
        'http://drive.example.com',
        'https://',
        'https:///x',
        'https://a b',
        'https://drive.example.com/a b',
        'xhttps://drive.example.com',
      ],
      says: 'an https:// URI',
    },
  ],
  // The options of the operations whose rules are their own (the others reuse the create fields' rules).
  [
    'OpenSearch add_nodes nodesCount',
    { schema: opensearch.operations.add_nodes.options, field: 'nodesCount', ok: [2, 4, 50], bad: [0, 1, 3, 2.5] },
  ],
  [
    'OpenSearch add_nodes diskSize',
    { schema: opensearch.operations.add_nodes.options, field: 'diskSize', ok: [100, 8000], bad: [99, 8001] },
  ],
  [
    'OpenSearch resize_nodes nodes',
    { schema: opensearch.operations.resize_nodes.options, field: 'nodes', ok: [['SRCH01'], ['SRCH01', 'SRCH02']], bad: [[], [1]] },
  ],
  ['PostgreSQL restore sourceId', { schema: postgresql.operations.restore.options, field: 'sourceId', ok: [1], bad: [0, -1, 1.5] }],
  [
    'PostgreSQL restore stop',
    { schema: postgresql.operations.restore.options, field: 'stop', ok: ['BEFORE', 'AFTER'], bad: ['', 'before', 'DURING'] },
  ],
  [
    'PostgreSQL enable_ha tls',
    { schema: postgresql.operations.enable_ha.options, field: 'tls', ok: [true, false, undefined], bad: ['yes'] },
  ],
  [
    'load balancer update_members members',
    { schema: loadBalancers.operations.update_members.options, field: 'members', ok: [[1], [1, 2]], bad: [[], [0]] },
  ],
];

/** What a rule says of a value: its messages, or undefined when it accepts the value. */
const refusal = (rule: z.ZodType, value: unknown) => rule.safeParse(value).error?.issues.map((i) => i.message);

describe.each(rules)('%s', (_name, { schema, field, ok, bad, says }) => {
  const rule = schema.shape[field];

  it.each(ok.map((v) => [v]))('accepts %j', (value) => {
    expect(refusal(rule, value)).toBeUndefined();
  });

  it.each(bad.map((v) => [v]))('refuses %j', (value) => {
    const messages = refusal(rule, value);
    expect(messages).toBeDefined();
    if (says !== undefined) expect(messages).toContain(says);
  });
});

it('a database name is never "cluster" (reserved), and says so', () => {
  expect(refusal(PostgreSQLCreate.shape.name, 'cluster')).toEqual(['"cluster" is reserved']);
});

it('an OpenSearch cluster has an odd number of nodes, and says so', () => {
  expect(refusal(OpenSearchCreate.shape.instanceCount, 4)).toEqual(['an odd number of nodes (3, 5, … 51)']);
});

it('a load balancer has at least one member, and says so', () => {
  expect(refusal(LoadBalancerCreate.shape.members, [])).toEqual(['at least one instance id']);
});

it('OpenSearch adds an even number of nodes, and says so', () => {
  expect(refusal(opensearch.operations.add_nodes.options.shape.nodesCount, 4)).toBeUndefined();
  expect(refusal(opensearch.operations.add_nodes.options.shape.nodesCount, 3)).toEqual(['an even number of nodes: the cluster stays odd']);
});
