import { instances } from '../../sdk/resources/instance';
import { opensearch } from '../../sdk/resources/opensearch';
import { postgresql } from '../../sdk/resources/postgresql';
import { ResourceKind } from '../../provider/resourceKind';

const instanceKind = ResourceKind.of(instances);
const opensearchKind = ResourceKind.of(opensearch);
const postgresqlKind = ResourceKind.of(postgresql);

const current = { id: 1, name: 'web01', status: 'ACTIVE', cpu: 2, ram: 4, serviceId: 1001, productCode: 'deb12' };

describe('update planning', () => {
  it('plans nothing when the server already matches, whatever the number/string form', () => {
    expect(instanceKind.plan.operations({ cpu: '2', ram: 4, powerState: 'running' }, current)).toEqual([]);
  });

  it('resizes with both fields, keeping the unchanged one at its server value', () => {
    expect(instanceKind.plan.operations({ cpu: 4 }, current)).toEqual([{ operation: 'resize', options: { cpu: 4, ram: 4 } }]);
    expect(instanceKind.plan.operations({ cpu: 4, ram: 8 }, current)).toEqual([{ operation: 'resize', options: { cpu: 4, ram: 8 } }]);
  });

  it('orders the resize before the power change', () => {
    expect(instanceKind.plan.operations({ ram: 8, powerState: 'stopped' }, current).map((p) => p.operation)).toEqual(['resize', 'stop']);
    expect(instanceKind.plan.operations({ powerState: 'running' }, { ...current, status: 'INACTIVE' })).toEqual([
      { operation: 'start', options: {} },
    ]);
  });

  it('leaves the power state alone when it is not set', () => {
    expect(instanceKind.plan.operations({}, { ...current, status: 'INACTIVE' })).toEqual([]);
  });

  it('replaces on create-only fields only, ignoring unset ones', () => {
    const olds = { ...current, area: 'EB-QA' };
    expect(instanceKind.plan.replacedFields(olds, { name: 'web02', cpu: 8 })).toEqual(['name']);
    expect(instanceKind.plan.replacedFields(olds, { productCode: 'rhel9', serviceId: '1001' })).toEqual(['productCode']);
    expect(instanceKind.plan.replacedFields(olds, { cpu: 8 })).toEqual([]);
  });
});

describe('options', () => {
  it('leave out a field neither side has (null from the server included): never sent as null', () => {
    expect(instanceKind.plan.operations({ cpu: 4 }, { ...current, ram: null })).toStrictEqual([
      { operation: 'resize', options: { cpu: 4 } },
    ]);
    const cluster = { id: 2, name: 'search01', status: 'ACTIVE', instanceCount: 3, nodeSizing: '4cpu16gb', diskSize: null };
    expect(opensearchKind.plan.operations({ instanceCount: 5 }, cluster)).toStrictEqual([
      { operation: 'add_nodes', options: { nodesCount: 2, nodeSize: '4cpu16gb' } },
    ]);
    const standalone = { id: 3, name: 'pg01', status: 'ACTIVE', topology: 'standalone' };
    expect(postgresqlKind.plan.operations({ topology: 'HA', nodePrefix: 'PGHA1', tls: null }, standalone)).toStrictEqual([
      { operation: 'enable_ha', options: { nodePrefix: 'PGHA1' } },
    ]);
  });
});

describe('changes no operation can make', () => {
  const cluster = { id: 2, name: 'search01', status: 'ACTIVE', instanceCount: 5, nodeSizing: '4cpu16gb', nodes: ['S01'] };

  it('name the field, the reason and the way out; the plan refuses to start', () => {
    const said =
      'instanceCount: an OpenSearch cluster cannot shrink from 5 to 3 nodes (ITCare can only add nodes). Keep the current value, or replace the resource explicitly (`pulumi up --replace <urn>`).';
    expect(opensearchKind.plan.refusedChanges({ name: 'search01', instanceCount: 3 }, cluster)).toEqual([said]);
    expect(() => opensearchKind.plan.operations({ name: 'search01', instanceCount: 3 }, cluster)).toThrow(`OpenSearch search01: ${said}`);
    expect(() => opensearchKind.plan.operations({ instanceCount: 3 }, cluster)).toThrow(/^OpenSearch : instanceCount:/);
    // Several fields needing one refused operation, and several refusals, are all said.
    const both = opensearchKind.plan.refusedChanges({ instanceCount: 3, nodeSizing: '8cpu32gb' }, { ...cluster, nodes: [] });
    expect(both).toEqual([said, expect.stringMatching(/^nodeSizing: ITCare did not return the cluster's nodes/)]);
    expect(() =>
      opensearchKind.plan.operations({ name: 'search01', instanceCount: 3, nodeSizing: '8cpu32gb' }, { ...cluster, nodes: [] }),
    ).toThrow(`${said}; nodeSizing:`);
    expect(
      postgresqlKind.plan.refusedChanges(
        { nodePrefix: 'PGHA1', tls: true },
        { id: 3, name: 'pg01', status: 'ACTIVE', topology: 'standalone' },
      ),
    ).toEqual([expect.stringMatching(/^nodePrefix, tls: nodePrefix and tls apply to an HA cluster/)]);
  });

  it('a password changed since the state is refused with what to do; the same, or none declared, is not', () => {
    const db = { id: 3, name: 'pg01', status: 'ACTIVE' };
    const previous = { admPassword: 'Old-Passw0rd!x' };
    expect(postgresqlKind.plan.refusedChanges({ admPassword: 'New-Passw0rd!x' }, db, previous)).toEqual([
      'admPassword changed, but ITCare has no operation to change it on an existing PostgreSQL, and replacing it would lose its data. ' +
        'Change it on the PostgreSQL itself, then either keep the previous value in the program or add `ignoreChanges: ["admPassword"]` to the resource\'s options; ' +
        'to get a new PostgreSQL with the new value, replace it explicitly (`pulumi up --replace <urn>`).',
    ]);
    expect(postgresqlKind.plan.refusedChanges({ admPassword: 'Old-Passw0rd!x' }, db, previous)).toEqual([]);
    expect(postgresqlKind.plan.refusedChanges({}, db, previous)).toEqual([]);
    expect(postgresqlKind.plan.refusedChanges({ admPassword: 'New-Passw0rd!x' }, db, {})).toEqual([]);
  });
});
