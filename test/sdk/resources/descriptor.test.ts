import { z } from 'zod';
import { InvalidArgumentError } from '../../../sdk/errors';
import {
  catalog,
  changeOf,
  childTree,
  collectionPath,
  defineResource,
  loadBalancerUrls,
  probeName,
  resourceTree,
  snapshots,
} from '../../../sdk/resources';

/** The descriptor rules every resource of the catalogue is held to. */
const base = {
  kind: 'Thing',
  module: 'test',
  path: '/things',
  resourceType: 'THING',
  model: z.looseObject({}),
  listQuery: z.object({}),
  operations: { resize: { options: z.strictObject({ size: z.number() }), from: ['ACTIVE'] } },
  uniqueName: true,
  statuses: { creating: 'C', created: 'A', deleting: 'D', failed: 'E' },
};

test('every create field must say what a change of it does', () => {
  const create = z.strictObject({ name: z.string(), size: z.number(), colour: z.string() });
  expect(() => defineResource({ ...base, create, createOnly: ['name'], updatable: { size: 'resize' } })).toThrow(
    /Thing: create fields colour are neither createOnly, updatable, secret nor sentOnly/,
  );
  expect(() => defineResource({ ...base, create, createOnly: ['name'], updatable: {} })).toThrow(
    /Thing: create fields size, colour are neither/,
  );
  const ok = defineResource({ ...base, create, createOnly: ['name'], updatable: { size: 'resize' }, secrets: ['colour'] });
  expect([changeOf(ok, 'name'), changeOf(ok, 'size'), changeOf(ok, 'colour')]).toEqual(['replace', { operation: 'resize' }, 'secret']);
});

test('the catalogue is keyed by module.kind, and the SDK tree holds the same descriptors', () => {
  for (const [key, d] of Object.entries(catalog)) expect(key).toBe(`${d.module}.${d.kind}`);
  const fromTree = [...Object.values(resourceTree), ...Object.values(childTree)].flatMap((c) => Object.values(c));
  expect(new Set(fromTree)).toEqual(new Set(Object.values(catalog)));
});

test('a probe name satisfies the name rule of each resource', () => {
  for (const d of Object.values(catalog)) {
    const rule = (d.create.shape as { name?: z.ZodType }).name;
    if (rule) expect(rule.safeParse(probeName(d)).success).toBe(true);
  }
});

test("a child resource: its path holds the parent id, checked against the parent's id rule", () => {
  expect(collectionPath(loadBalancerUrls, 500061854)).toBe('/networking/loadbalancers/500061854/urls');
  expect(collectionPath(snapshots, '42')).toBe('/compute/instances/42/snapshots');
  for (const bad of [undefined, '../x', '42-snap-1', 1.5]) {
    expect(() => collectionPath(snapshots, bad)).toThrow(InvalidArgumentError);
    expect(() => collectionPath(snapshots, bad)).toThrow(/Snapshot instanceId \(Instance id\)/);
  }
});

test("a parent must be declared consistently: path under the parent's, parent field createOnly; a name field in the body", () => {
  const parent = defineResource({ ...base, create: z.strictObject({ name: z.string() }), createOnly: ['name'], updatable: {} });
  const create = z.strictObject({ thingId: z.number(), label: z.string() });
  const child = {
    ...base,
    kind: 'Part',
    operations: {},
    updatable: {},
    create,
    nameField: 'label',
    parent: { field: 'thingId' as const, of: parent },
  };
  expect(() => defineResource({ ...child, path: '/parts', createOnly: ['thingId', 'label'] })).toThrow(
    /Part: path \/parts must be \/things\/\{thingId\}\/<collection>/,
  );
  expect(() => defineResource({ ...child, path: '/things/{thingId}/parts', createOnly: ['label'], sentOnly: ['thingId'] })).toThrow(
    /parent field thingId must be createOnly/,
  );
  expect(() => defineResource({ ...child, nameField: 'title', path: '/things/{thingId}/parts', createOnly: ['thingId', 'label'] })).toThrow(
    /name field title is not in the create schema/,
  );
  const ok = defineResource({ ...child, path: '/things/{thingId}/parts', createOnly: ['thingId', 'label'] });
  expect(collectionPath(ok, 7)).toBe('/things/7/parts');
});

test("a child of a parent with its own id rule: the parent's rule checks the id in the path", () => {
  const things = defineResource({
    ...base,
    create: z.strictObject({ name: z.string() }),
    createOnly: ['name'],
    updatable: {},
    id: { pattern: /^t-\d+$/, allowed: 'a thing id such as t-1' },
  });
  const parts = defineResource({
    ...base,
    kind: 'Part',
    path: '/things/{thingId}/parts',
    create: z.strictObject({ thingId: z.string(), name: z.string() }),
    createOnly: ['thingId', 'name'],
    updatable: {},
    parent: { field: 'thingId', of: things },
  });
  expect(collectionPath(parts, 't-42')).toBe('/things/t-42/parts');
  expect(() => collectionPath(parts, '42')).toThrow('Invalid Part thingId (Thing id) "42": expected a thing id such as t-1');
});
