import { defineResource } from '../../sdk/resources/descriptor';
import { instances } from '../../sdk/resources/instance';

/**
 * A resource descriptor that contradicts itself is refused when it is declared, not at first use. The
 * types already forbid these mistakes; the casts stand for a descriptor built without them.
 */

it('refuses a create-only field that the create schema does not have', () => {
  expect(() => defineResource({ ...instances, createOnly: [...instances.createOnly, 'colour'] as never })).toThrow('Instance: field colour is not in the create schema');
});

it('refuses an updatable field whose operation does not exist', () => {
  expect(() => defineResource({ ...instances, updatable: { ...instances.updatable, cpu: 'grow' } as never })).toThrow('Instance: updatable cpu names unknown operation grow');
});

it('accepts the shipped descriptor as it is', () => {
  expect(defineResource(instances)).toBe(instances);
});
