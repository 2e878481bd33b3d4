import { instances } from '../../sdk/resources/instance';
import { planOperations, replacedFields } from '../../provider/plan';

const current = { id: 1, name: 'web01', status: 'ACTIVE', cpu: 2, ram: 4, serviceId: 1001, productCode: 'deb12' };

describe('update planning', () => {
  it('plans nothing when the server already matches, whatever the number/string form', () => {
    expect(planOperations(instances, { cpu: '2', ram: 4, powerState: 'running' }, current)).toEqual([]);
  });

  it('resizes with both fields, keeping the unchanged one at its server value', () => {
    expect(planOperations(instances, { cpu: 4 }, current)).toEqual([{ operation: 'resize', options: { cpu: 4, ram: 4 } }]);
    expect(planOperations(instances, { cpu: 4, ram: 8 }, current)).toEqual([{ operation: 'resize', options: { cpu: 4, ram: 8 } }]);
  });

  it('orders the resize before the power change', () => {
    expect(planOperations(instances, { ram: 8, powerState: 'stopped' }, current).map((p) => p.operation)).toEqual(['resize', 'stop']);
    expect(planOperations(instances, { powerState: 'running' }, { ...current, status: 'INACTIVE' })).toEqual([{ operation: 'start', options: {} }]);
  });

  it('leaves the power state alone when it is not set', () => {
    expect(planOperations(instances, {}, { ...current, status: 'INACTIVE' })).toEqual([]);
  });

  it('replaces on create-only fields only, ignoring unset ones', () => {
    const olds = { ...current, area: 'EB-QA' };
    expect(replacedFields(instances, olds, { name: 'web02', cpu: 8 })).toEqual(['name']);
    expect(replacedFields(instances, olds, { productCode: 'rhel9', serviceId: '1001' })).toEqual(['productCode']);
    expect(replacedFields(instances, olds, { cpu: 8 })).toEqual([]);
  });
});
