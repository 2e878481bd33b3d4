import { changeOf, defineResource, setsOf, type OperationSpec } from '../../sdk/resources/descriptor';
import { instances } from '../../sdk/resources/instance';

/**
 * A resource descriptor that contradicts itself is refused when it is declared, not at first use. The
 * types already forbid these mistakes; the casts stand for a descriptor built without them.
 */

it('refuses a create-only field that the create schema does not have', () => {
  expect(() => defineResource({ ...instances, createOnly: [...instances.createOnly, 'colour'] as never })).toThrow(
    'Instance: field colour is not in the create schema',
  );
});

it('refuses an updatable field whose operation does not exist', () => {
  expect(() => defineResource({ ...instances, updatable: { ...instances.updatable, cpu: 'grow' } as never })).toThrow(
    'Instance: updatable cpu names unknown operation grow',
  );
});

it('accepts the shipped descriptor as it is', () => {
  expect(defineResource(instances)).toBe(instances);
});

describe('setsOf and changeOf', () => {
  it("setsOf maps an operation's option keys to the fields it overwrites: none, a list (same names) or a map", () => {
    expect(setsOf({} as OperationSpec)).toEqual({});
    expect(setsOf({ sets: ['cpu', 'ram'] } as unknown as OperationSpec)).toEqual({ cpu: 'cpu', ram: 'ram' });
    expect(setsOf({ sets: { size: 'diskSize' } } as unknown as OperationSpec)).toEqual({ size: 'diskSize' });
  });

  it('changeOf says "none" for a field no operation, replacement nor secret rule covers', () => {
    expect(changeOf(instances, 'timeouts')).toBe('none');
    expect(changeOf(instances, 'productCode')).toBe('replace');
  });
});
