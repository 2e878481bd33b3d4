import { parseFleet, type FleetError } from '../../../provider/fleet';

/** Each merged entry checked with its descriptor's create schema, its rules and the provider's inputs. */

const fleet = (group: string) => `version: 1\ngroups:\n${group}`;
const reasons = (text: string) => {
  try {
    parseFleet(text, 'f.yaml');
    return [];
  } catch (err) {
    return (err as FleetError).problems.map((p) => `${p.line}:${p.column} ${p.entry ?? ''} ${p.property ?? ''}: ${p.reason}`);
  }
};
const vm = '{ serviceId: 1001, networkId: 2001, productCode: deb12, cpu: 2, ram: 4 }';

describe('checkEntries', () => {
  it('accepts the provider inputs (adopt, timeouts, changeReference, powerState) and refuses its internal ones', () => {
    expect(reasons(fleet(`  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm.replace('}', ', adopt: true, timeouts: { create: 30m }, changeReference: RFC_1, powerState: running }')}\n`))).toEqual([]);
    expect(reasons(fleet(`  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm.replace('}', ', __owner: x, timeouts: { create: soon } }')}\n`))).toEqual([
      expect.stringMatching(/^6:\d+ web01 __owner: set by the resource class, never in a fleet file$/),
      expect.stringMatching(/^6:\d+ web01 timeouts.create: /),
    ]);
  });

  it('an unknown key inside an input names the keys allowed there', () => {
    expect(reasons(fleet(`  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm.replace('}', ', timeouts: { creat: 30m } }')}\n`))).toEqual([
      expect.stringMatching(/^6:\d+ web01 timeouts\.creat: unknown property for compute\.Instance timeouts \(allowed: create, update, delete\)$/),
    ]);
  });

  it('a value inherited from group defaults is reported once, at the defaults line, naming every entry', () => {
    const text = fleet(`  g:\n    kind: compute.Instance\n    defaults: { serviceId: 1001, networkId: 2001, productCode: deb12, ram: 3000 }\n    resources:\n      web01: { cpu: 2 }\n      web02: { cpu: 2 }\n`);
    expect(reasons(text)).toEqual([expect.stringMatching(/^5:\d+ web01, web02 ram: Too big: expected number to be <=512$/)]);
  });

  it('applies the descriptor\'s cross-field rules, and places a missing required field at its entry', () => {
    const pg = '{ serviceId: 1001, networkId: 2001, productCode: deb12pg16, nodeSizing: 2cpu4gb, diskSize: 40, topology: HA, admPassword: { secret: PG } }';
    expect(reasons(fleet(`  g:\n    kind: databases.PostgreSQL\n    resources:\n      shopdb01: ${pg}\n      shopdb02: { serviceId: 1001 }\n`))).toEqual([
      expect.stringMatching(/^6:\d+ shopdb01 nodePrefix: /),
      '6:7 shopdb01 tls: required when topology is HA',
      '7:7 shopdb02 networkId: required (number)',
      '7:7 shopdb02 productCode: required (string)',
      '7:7 shopdb02 nodeSizing: required (string)',
      '7:7 shopdb02 diskSize: required (number)',
      '7:7 shopdb02 admPassword: required (string)',
    ]);
  });

  it('refuses two entries that Pulumi or ITCare would see as the same resource', () => {
    const text = fleet(`  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm}\n  h:\n    kind: compute.Instance\n    resources:\n      web01: ${vm}\n      web02: ${vm.replace('{', '{ name: web01,')}\n`);
    expect(reasons(text)).toEqual([
      '10:7 web01 : another compute.Instance entry has the same name (group g): Pulumi names are unique per kind',
      expect.stringMatching(/^11:\d+ web02 name: ITCare name web01 is also used by entry web01 \(group g\) in service 1001: names are unique per service$/),
    ]);
  });
});
