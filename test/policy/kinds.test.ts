import { catalog, type AnyResourceDescriptor } from '../../sdk/resources';
import { haSpecOf, kindOf, sizingOf, snapshotOf } from '../../policy/kinds';

/** What the rules read of each kind comes from its descriptor, for both token styles. */
const kinds = Object.entries(catalog) as [string, AnyResourceDescriptor][];

describe('kindOf', () => {
  it.each(kinds)('%s: the dynamic and the native token name the same descriptor', (key, d) => {
    expect(kindOf(`pulumi-nodejs:dynamic/${d.module}:${d.kind}`)).toEqual({ key, d });
    expect(kindOf(`itcare:${d.module}:${d.kind}`)).toEqual({ key, d });
  });

  it("anything else is not ITCare's", () => {
    for (const t of [
      'aws:s3:Bucket',
      'pulumi:pulumi:Stack',
      'pulumi-nodejs:dynamic:Resource',
      'itcare:compute:Nothing',
      'itcare:index:Provider',
    ])
      expect(kindOf(t)).toBeUndefined();
  });
});

describe('haSpecOf', () => {
  it('the kinds with a topology or a node count, and their HA values', () => {
    const specs = Object.fromEntries(
      kinds.flatMap(([key, d]) => {
        const s = haSpecOf(d);
        return s ? [[key, s.field]] : [];
      }),
    );
    expect(specs).toEqual({
      'databases.PostgreSQL': 'topology',
      'databases.MariaDB': 'topology',
      'databases.Redis': 'instanceCount',
      'databases.OpenSearch': 'instanceCount',
      'messaging.Kafka': 'brokerCount',
      'databases.SQLServer': 'topology',
      'messaging.RabbitMQ': 'brokerCount',
      'containers.Kubernetes': 'topology',
    });
    const pg = haSpecOf(catalog['databases.PostgreSQL'])!;
    expect([pg.isHa('HA'), pg.isHa('standalone'), pg.isHa(undefined)]).toEqual([true, false, false]);
    expect(haSpecOf(catalog['databases.MariaDB'])!.isHa('CLUSTER')).toBe(true);
    expect(haSpecOf(catalog['databases.Redis'])!.isHa(1)).toBe(false);
    const [sql, rabbit, k8s] = (['databases.SQLServer', 'messaging.RabbitMQ', 'containers.Kubernetes'] as const).map(
      (k) => haSpecOf(catalog[k])!,
    );
    expect([
      sql.isHa('ALWAYS_ON'),
      sql.isHa('standalone'),
      rabbit.isHa(3),
      rabbit.isHa(1),
      k8s.isHa('HIGH_AVAILABILITY'),
      k8s.isHa('STANDARD'),
    ]).toEqual([true, false, true, false, true, false]);
  });
});

describe('sizingOf', () => {
  it('reads cpu and ram from their fields or from a nodeSizing, and the disk', () => {
    expect(sizingOf(catalog['compute.Instance'], { cpu: 8, ram: 32, diskSize: 100 })).toEqual({
      cpu: { value: 8, field: 'cpu' },
      ram: { value: 32, field: 'ram' },
      diskSize: { value: 100, field: 'diskSize' },
    });
    expect(sizingOf(catalog['databases.PostgreSQL'], { nodeSizing: '4cpu16gb', cpu: 99 })).toEqual({
      cpu: { value: 4, field: 'nodeSizing' },
      ram: { value: 16, field: 'nodeSizing' },
    });
  });
});

describe('snapshotOf', () => {
  it('the kinds ITCare types SNAPSHOT are snapshots of their parent; other children (a URL of a load balancer) are not', () => {
    const of = Object.fromEntries(
      kinds.flatMap(([key, d]) => {
        const p = snapshotOf(d);
        return p ? [[key, { field: p.field, of: `${p.of.module}.${p.of.kind}` }]] : [];
      }),
    );
    expect(of).toEqual({ 'compute.Snapshot': { field: 'instanceId', of: 'compute.Instance' } });
    expect(kinds.some(([, d]) => d.parent && !snapshotOf(d))).toBe(true);
  });
});
