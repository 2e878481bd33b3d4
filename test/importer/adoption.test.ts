import { currentInputs, managedBy, manageableStatuses, schemaProblem, secretReference, statusProblem } from '../../importer/adoption';
import { catalog } from '../../sdk/resources';

/**
 * What an ITCare resource becomes in an adopting program: its current create-schema values, its
 * power state from its status (a stopped one stays stopped), adopt, and never a secret, a field sent
 * once or the ownership marker; and why a resource cannot be adopted now.
 */
const vm = catalog['compute.Instance'];
const pg = catalog['databases.PostgreSQL'];
const share = catalog['storage.Overdrive'];
const model = {
  id: 7,
  name: 'web01',
  status: 'INACTIVE',
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  diskSize: 40,
  area: 'EB-QA',
  description: null,
  ipAddress: '10.10.1.10',
  changeReference: 'RFC_1',
  creationTime: new Date(),
  tags: { app: 'shop', 'pulumi-itcare-owner': 'acme/shop/prod/0123456789abcdef' },
};

describe('currentInputs', () => {
  it('keeps the create-schema fields the model shows, powerState from the status, and adopt', () => {
    expect(currentInputs(vm, model)).toEqual({
      name: 'web01',
      serviceId: 1001,
      productCode: 'deb12',
      networkId: 2001,
      cpu: 2,
      ram: 4,
      diskSize: 40,
      area: 'EB-QA',
      tags: { app: 'shop' },
      powerState: 'stopped',
      adopt: true,
    });
    expect(currentInputs(vm, { ...model, status: 'ACTIVE' }).powerState).toBe('running');
  });

  it('never writes a secret, even when a server returned one, nor an empty tag map', () => {
    const inputs = currentInputs(pg, { id: 1, name: 'shopdb01', status: 'ACTIVE', serviceId: 1001, admPassword: 'Leaked#Pass1', tags: {} });
    expect(inputs).not.toHaveProperty('admPassword');
    expect(currentInputs(vm, { ...model, tags: { 'pulumi-itcare-owner': 'x/y/z/h' } })).not.toHaveProperty('tags');
  });
});

describe('statusProblem', () => {
  it('accepts the power states, or the created status of a kind without one', () => {
    expect(manageableStatuses(vm)).toEqual(['ACTIVE', 'INACTIVE']);
    expect(statusProblem(vm, 'ACTIVE')).toBeUndefined();
    expect(statusProblem(share, 'INACTIVE')).toBeUndefined();
  });

  it('says why ERROR, DELETING, CREATING and any other status are left out', () => {
    expect(statusProblem(vm, 'ERROR')).toMatch(/^status ERROR: ITCare marked it failed/);
    expect(statusProblem(vm, 'DELETING')).toBe('status DELETING: it is being deleted');
    expect(statusProblem(vm, 'CREATING')).toMatch(/still being created \(import again once it is ACTIVE\)/);
    expect(statusProblem(vm, 'MIGRATING')).toMatch(/manages it only in ACTIVE or INACTIVE/);
  });
});

describe('managedBy', () => {
  it('names the stack of an ownership marker, never its hash', () => {
    expect(managedBy(model)).toBe('acme/shop/prod');
    expect(managedBy({ tags: { app: 'shop' } })).toBeUndefined();
  });
});

describe('schemaProblem', () => {
  it('accepts current values, secrets aside', () => {
    expect(
      schemaProblem(pg, {
        name: 'shopdb01',
        serviceId: 1001,
        networkId: 2001,
        productCode: 'deb12pg16',
        nodeSizing: '2cpu4gb',
        diskSize: 40,
        adopt: true,
      }),
    ).toBeUndefined();
  });

  it('names the field whose current value the program would refuse, and the cross-field rules', () => {
    expect(schemaProblem(vm, currentInputs(vm, { ...model, name: 'WEB_01' }))).toMatch(
      /^its current values do not pass the Instance schema \(name: lower-case/,
    );
    const ha = {
      name: 'shopdb01',
      serviceId: 1001,
      networkId: 2001,
      productCode: 'deb12pg16',
      nodeSizing: '2cpu4gb',
      diskSize: 40,
      topology: 'HA',
      tls: true,
    };
    expect(schemaProblem(pg, ha)).toMatch(/nodePrefix: required when topology is HA/);
  });
});

describe('secretReference', () => {
  it('is one upper-case name per resource and field, usable as a config key and an environment variable', () => {
    expect(secretReference(pg, 'shopdb01', 'admPassword')).toBe('POSTGRESQL_SHOPDB01_ADMPASSWORD');
    expect(secretReference(share, 'team-share01', 'password')).toBe('OVERDRIVE_TEAM_SHARE01_PASSWORD');
  });
});
