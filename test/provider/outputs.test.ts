import { catalog, type AnyResourceDescriptor } from '../../sdk/resources';
import { CREATE_ACTION, DECLARED, DECLARED_INPUTS, defined } from '../../provider/outputs';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * What a refresh stores as inputs: only the fields the program declared, with ITCare's values. A server
 * field stored as an input (availabilityZone) would show as removed in every later `preview --diff`.
 */
const d = catalog['compute.Instance'] as AnyResourceDescriptor;
const inputs = { name: 'web01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4, __owner: 'o/p/s/abc' };
const model = {
  id: 500,
  name: 'web01',
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 4,
  ram: 4,
  status: 'ACTIVE',
  availabilityZone: 'EB-A',
  diskSize: 40,
};

describe('buildOutputs', () => {
  it('lists the input fields the program declared, provider-only inputs aside', () => {
    const outs = ResourceKind.of(d).outputs.buildOutputs(inputs, model);
    expect(outs[DECLARED_INPUTS]).toEqual(['cpu', 'name', 'networkId', 'productCode', 'ram', 'serviceId']);
    expect(ResourceKind.of(d).outputs.declaredKeys({ ...inputs, powerState: 'stopped', description: undefined })).toContain('powerState');
    expect(ResourceKind.of(d).outputs.declaredKeys({ ...inputs, description: undefined })).not.toContain('description');
  });

  it('on a refresh keeps the list the old outputs carry, and adds none to a state written without it', () => {
    const first = ResourceKind.of(d).outputs.buildOutputs(inputs, model);
    const refreshed = ResourceKind.of(d).outputs.buildOutputs(first, { ...model, cpu: 8 }, undefined, first[DECLARED_INPUTS] as string[]);
    expect(refreshed[DECLARED_INPUTS]).toEqual(first[DECLARED_INPUTS]);
    const legacy = { ...first };
    delete legacy[DECLARED_INPUTS];
    expect(DECLARED_INPUTS in ResourceKind.of(d).outputs.buildOutputs(legacy, model, undefined, null)).toBe(false);
  });
});

describe('the state written', () => {
  it('keeps its keys: states written by earlier versions carry them', () => {
    expect([DECLARED, DECLARED_INPUTS, CREATE_ACTION]).toEqual(['__declared', '__inputs', '__createActionId']);
  });

  it("overlays the server's view: a field it cleared goes, a field it does not return keeps the input, ITCare's id is resourceId", () => {
    const outs = ResourceKind.of(d).outputs.buildOutputs(
      { ...inputs, description: 'web tier', tags: { team: 'web' } },
      { ...model, description: null, ipAddress: '10.0.0.5' },
    );
    expect(outs).toMatchObject({ cpu: 4, ipAddress: '10.0.0.5', tags: { team: 'web' }, resourceId: 500, powerState: 'running' });
    expect('description' in outs).toBe(false);
    expect('id' in outs).toBe(false); // Pulumi's own id output; ITCare's is resourceId
    expect(ResourceKind.of(d).outputs.buildOutputs(inputs, { ...model, status: 'INACTIVE' }).powerState).toBe('stopped');
  });

  it('the power state follows the status; other statuses imply none', () => {
    expect(['ACTIVE', 'INACTIVE', 'ERROR', 'CREATING'].map((s) => ResourceKind.of(d).outputs.powerStateOf(s))).toEqual([
      'running',
      'stopped',
      undefined,
      undefined,
    ]);
    expect(ResourceKind.of(catalog['networking.LoadBalancer'] as AnyResourceDescriptor).outputs.powerStateOf('ACTIVE')).toBeUndefined();
  });

  it("holds no undefined value (Pulumi cannot serialise a partial failure's object with one)", () => {
    expect(defined({ a: 1, b: undefined, c: null })).toStrictEqual({ a: 1, c: null });
  });
});

describe('inputsFromOutputs', () => {
  it('stores the declared fields with the server values, and no server-only field', () => {
    const stored = ResourceKind.of(d).outputs.inputsFromOutputs(ResourceKind.of(d).outputs.buildOutputs(inputs, model));
    expect(stored.cpu).toBe(4); // drift shows against the program's 2
    expect(stored.__owner).toBe('o/p/s/abc');
    expect(stored).not.toHaveProperty('availabilityZone');
    expect(stored).not.toHaveProperty('powerState');
    expect(Object.keys(stored).sort()).toEqual(['__owner', 'cpu', 'name', 'networkId', 'productCode', 'ram', 'serviceId']);
  });

  it('stores every input field the server has for a state written before the list existed', () => {
    const outs = ResourceKind.of(d).outputs.buildOutputs(inputs, model);
    delete outs[DECLARED_INPUTS];
    const stored = ResourceKind.of(d).outputs.inputsFromOutputs(outs);
    expect(stored.powerState).toBe('running');
  });
});
