import { z } from 'zod';
import { catalog, changeOf, defineResource, probeName, resourceTree } from '../../../sdk/resources';

/** The descriptor rules every resource of the catalogue is held to. */
const base = {
  kind: 'Thing', module: 'test', path: '/things', resourceType: 'THING', model: z.looseObject({}), listQuery: z.object({}),
  operations: { resize: { options: z.strictObject({ size: z.number() }), from: ['ACTIVE'] } },
  uniqueName: true, statuses: { creating: 'C', created: 'A', deleting: 'D', failed: 'E' },
};

test('every create field must say what a change of it does', () => {
  const create = z.strictObject({ name: z.string(), size: z.number(), colour: z.string() });
  expect(() => defineResource({ ...base, create, createOnly: ['name'], updatable: { size: 'resize' } })).toThrow(/Thing: create fields colour are neither createOnly, updatable, secret nor sentOnly/);
  const ok = defineResource({ ...base, create, createOnly: ['name'], updatable: { size: 'resize' }, secrets: ['colour'] });
  expect([changeOf(ok, 'name'), changeOf(ok, 'size'), changeOf(ok, 'colour')]).toEqual(['replace', { operation: 'resize' }, 'secret']);
});

test('the catalogue is keyed by module.kind, and the SDK tree holds the same descriptors', () => {
  for (const [key, d] of Object.entries(catalog)) expect(key).toBe(`${d.module}.${d.kind}`);
  const fromTree = Object.values(resourceTree).flatMap((c) => Object.values(c));
  expect(new Set(fromTree)).toEqual(new Set(Object.values(catalog)));
});

test('a probe name satisfies the name rule of each resource', () => {
  for (const d of Object.values(catalog)) expect((d.create.shape as { name: z.ZodType }).name.safeParse(probeName(d)).success).toBe(true);
});
