import { catalog, type AnyResourceDescriptor } from '../../sdk/resources';
import { DECLARED_INPUTS, buildOutputs, declaredKeys, inputsFromOutputs } from '../../provider/outputs';

/**
 * What a refresh stores as inputs: only the fields the program declared, with ITCare's values. A server
 * field stored as an input (availabilityZone) would show as removed in every later `preview --diff`.
 */
const d = catalog['compute.Instance'] as AnyResourceDescriptor;
const inputs = { name: 'web01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4, __owner: 'o/p/s/abc' };
const model = { id: 500, name: 'web01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 4, ram: 4, status: 'ACTIVE', availabilityZone: 'EB-A', diskSize: 40 };

describe('buildOutputs', () => {
  it('lists the input fields the program declared, provider-only inputs aside', () => {
    const outs = buildOutputs(d, inputs, model);
    expect(outs[DECLARED_INPUTS]).toEqual(['cpu', 'name', 'networkId', 'productCode', 'ram', 'serviceId']);
    expect(declaredKeys(d, { ...inputs, powerState: 'stopped', description: undefined })).toContain('powerState');
    expect(declaredKeys(d, { ...inputs, description: undefined })).not.toContain('description');
  });

  it('on a refresh keeps the list the old outputs carry, and adds none to a state written without it', () => {
    const first = buildOutputs(d, inputs, model);
    const refreshed = buildOutputs(d, first, { ...model, cpu: 8 }, undefined, first[DECLARED_INPUTS] as string[]);
    expect(refreshed[DECLARED_INPUTS]).toEqual(first[DECLARED_INPUTS]);
    const legacy = { ...first };
    delete legacy[DECLARED_INPUTS];
    expect(DECLARED_INPUTS in buildOutputs(d, legacy, model, undefined, null)).toBe(false);
  });
});

describe('inputsFromOutputs', () => {
  it('stores the declared fields with the server values, and no server-only field', () => {
    const stored = inputsFromOutputs(d, buildOutputs(d, inputs, model));
    expect(stored.cpu).toBe(4); // drift shows against the program's 2
    expect(stored.__owner).toBe('o/p/s/abc');
    expect(stored).not.toHaveProperty('availabilityZone');
    expect(stored).not.toHaveProperty('powerState');
    expect(Object.keys(stored).sort()).toEqual(['__owner', 'cpu', 'name', 'networkId', 'productCode', 'ram', 'serviceId']);
  });

  it('stores every input field the server has for a state written before the list existed', () => {
    const outs = buildOutputs(d, inputs, model);
    delete outs[DECLARED_INPUTS];
    const stored = inputsFromOutputs(d, outs);
    expect(stored.powerState).toBe('running');
  });
});
