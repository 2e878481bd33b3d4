import { importKinds, isChildKind, selectKinds } from '../../importer/kinds';
import { catalog, type AnyResourceDescriptor } from '../../sdk/resources';

/** The kinds come from the catalogue's descriptors: every one is importable, by any of its names. */
describe('importKinds', () => {
  it('has every kind of the catalogue, in its order, but those under a parent or not named by a name', () => {
    const { kinds, skipped } = importKinds();
    const left = ['networking.LoadBalancer', 'networking.LoadBalancerUrl', 'compute.Snapshot'];
    expect(kinds.map((k) => k.key)).toEqual(Object.keys(catalog).filter((k) => !left.includes(k)));
    expect(skipped.map((s) => s.key).sort()).toEqual([...left].sort());
    expect(skipped.find((s) => s.key === 'networking.LoadBalancer')?.reason).toMatch(/named by its url/);
    expect(kinds.find((k) => k.key === 'compute.Instance')?.aliases).toEqual(['compute.instance', 'instance', 'instances']);
  });

  it('recognises a kind listed under a parent path (issue 10), to skip it', () => {
    const base = catalog['compute.Instance'] as AnyResourceDescriptor;
    expect(isChildKind(base)).toBe(false);
    expect(isChildKind({ ...base, path: '/loadbalancers/{parentId}/urls' })).toBe(true);
    expect(isChildKind(catalog['compute.Snapshot'] as AnyResourceDescriptor)).toBe(true);
  });
});

describe('selectKinds', () => {
  it('selects by kind, collection or catalogue key, in any case; all when absent', () => {
    expect(selectKinds('instance,PostgreSQL').map((k) => k.key)).toEqual(['compute.Instance', 'databases.PostgreSQL']);
    expect(selectKinds('messaging.kafka, instances').map((k) => k.key)).toEqual(['compute.Instance', 'messaging.Kafka']);
    expect(selectKinds(undefined)).toHaveLength(importKinds().kinds.length);
  });

  it('refuses an unknown name, listing what is accepted', () => {
    expect(() => selectKinds('instance,postgres')).toThrow(
      /--kinds: unknown kind "postgres"; accepted: instance \(compute\.Instance\), postgresql \(databases\.PostgreSQL\)/,
    );
  });
});
