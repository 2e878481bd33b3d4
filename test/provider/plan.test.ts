import { instances } from '../../sdk/resources/instance';
import { opensearch } from '../../sdk/resources/opensearch';
import { postgresql } from '../../sdk/resources/postgresql';
import { planOperations, refusedChanges, replacedFields } from '../../provider/plan';

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

describe('options', () => {
  it('leave out a field neither side has (null from the server included): never sent as null', () => {
    expect(planOperations(instances, { cpu: 4 }, { ...current, ram: null })).toStrictEqual([{ operation: 'resize', options: { cpu: 4 } }]);
    const cluster = { id: 2, name: 'search01', status: 'ACTIVE', instanceCount: 3, nodeSizing: '4cpu16gb', diskSize: null };
    expect(planOperations(opensearch, { instanceCount: 5 }, cluster)).toStrictEqual([{ operation: 'add_nodes', options: { nodesCount: 2, nodeSize: '4cpu16gb' } }]);
    const standalone = { id: 3, name: 'pg01', status: 'ACTIVE', topology: 'standalone' };
    expect(planOperations(postgresql, { topology: 'HA', nodePrefix: 'PGHA1', tls: null }, standalone)).toStrictEqual([{ operation: 'enable_ha', options: { nodePrefix: 'PGHA1' } }]);
  });
});

describe('changes no operation can make', () => {
  const cluster = { id: 2, name: 'search01', status: 'ACTIVE', instanceCount: 5, nodeSizing: '4cpu16gb', nodes: ['S01'] };

  it('name the field, the reason and the way out; the plan refuses to start', () => {
    const said = 'instanceCount: an OpenSearch cluster cannot shrink from 5 to 3 nodes (ITCare can only add nodes). Keep the current value, or replace the resource explicitly (`pulumi up --replace <urn>`).';
    expect(refusedChanges(opensearch, { name: 'search01', instanceCount: 3 }, cluster)).toEqual([said]);
    expect(() => planOperations(opensearch, { name: 'search01', instanceCount: 3 }, cluster)).toThrow(`OpenSearch search01: ${said}`);
    expect(() => planOperations(opensearch, { instanceCount: 3 }, cluster)).toThrow(/^OpenSearch : instanceCount:/);
    // Several fields needing one refused operation, and several refusals, are all said.
    const both = refusedChanges(opensearch, { instanceCount: 3, nodeSizing: '8cpu32gb' }, { ...cluster, nodes: [] });
    expect(both).toEqual([said, expect.stringMatching(/^nodeSizing: ITCare did not return the cluster's nodes/)]);
    expect(() => planOperations(opensearch, { name: 'search01', instanceCount: 3, nodeSizing: '8cpu32gb' }, { ...cluster, nodes: [] })).toThrow(`${said}; nodeSizing:`);
    expect(refusedChanges(postgresql, { nodePrefix: 'PGHA1', tls: true }, { id: 3, name: 'pg01', status: 'ACTIVE', topology: 'standalone' }))
      .toEqual([expect.stringMatching(/^nodePrefix, tls: nodePrefix and tls apply to an HA cluster/)]);
  });

  it('a password changed since the state is refused with what to do; the same, or none declared, is not', () => {
    const db = { id: 3, name: 'pg01', status: 'ACTIVE' };
    const previous = { admPassword: 'Old-Passw0rd!x' };
    expect(refusedChanges(postgresql, { admPassword: 'New-Passw0rd!x' }, db, previous)).toEqual([
      'admPassword changed, but ITCare has no operation to change it on an existing PostgreSQL, and replacing it would lose its data. ' +
        'Change it on the PostgreSQL itself, then either keep the previous value in the program or add `ignoreChanges: ["admPassword"]` to the resource\'s options; ' +
        'to get a new PostgreSQL with the new value, replace it explicitly (`pulumi up --replace <urn>`).',
    ]);
    expect(refusedChanges(postgresql, { admPassword: 'Old-Passw0rd!x' }, db, previous)).toEqual([]);
    expect(refusedChanges(postgresql, {}, db, previous)).toEqual([]);
    expect(refusedChanges(postgresql, { admPassword: 'New-Passw0rd!x' }, db, {})).toEqual([]);
  });
});
