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
    expect(
      reasons(
        fleet(
          `  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm.replace('}', ', adopt: true, timeouts: { create: 30m }, changeReference: RFC_1, powerState: running }')}\n`,
        ),
      ),
    ).toEqual([]);
    expect(
      reasons(
        fleet(
          `  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm.replace('}', ', __owner: x, timeouts: { create: soon } }')}\n`,
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^6:\d+ web01 __owner: set by the resource class, never in a fleet file$/),
      expect.stringMatching(/^6:\d+ web01 timeouts.create: /),
    ]);
  });

  it('an unknown key inside an input names the keys allowed there', () => {
    expect(
      reasons(fleet(`  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm.replace('}', ', timeouts: { creat: 30m } }')}\n`)),
    ).toEqual([
      expect.stringMatching(
        /^6:\d+ web01 timeouts\.creat: unknown property for compute\.Instance timeouts \(allowed: create, update, delete\)$/,
      ),
    ]);
  });

  it('a value inherited from group defaults is reported once, at the defaults line, naming every entry', () => {
    const text = fleet(
      `  g:\n    kind: compute.Instance\n    defaults: { serviceId: 1001, networkId: 2001, productCode: deb12, ram: 3000 }\n    resources:\n      web01: { cpu: 2 }\n      web02: { cpu: 2 }\n`,
    );
    expect(reasons(text)).toEqual([expect.stringMatching(/^5:\d+ web01, web02 ram: Too big: expected number to be <=512$/)]);
  });

  it("applies the descriptor's cross-field rules, and places a missing required field at its entry", () => {
    const pg =
      '{ serviceId: 1001, networkId: 2001, productCode: deb12pg16, nodeSizing: 2cpu4gb, diskSize: 40, topology: HA, admPassword: { secret: PG } }';
    expect(
      reasons(fleet(`  g:\n    kind: databases.PostgreSQL\n    resources:\n      shopdb01: ${pg}\n      shopdb02: { serviceId: 1001 }\n`)),
    ).toEqual([
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
    const text = fleet(
      `  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm}\n  h:\n    kind: compute.Instance\n    resources:\n      web01: ${vm}\n      web02: ${vm.replace('{', '{ name: web01,')}\n`,
    );
    expect(reasons(text)).toEqual([
      '10:7 web01 : another compute.Instance entry has the same name (group g): Pulumi names are unique per kind',
      expect.stringMatching(
        /^11:\d+ web02 name: ITCare name web01 is also used by entry web01 \(group g\) in service 1001: names are unique per service$/,
      ),
    ]);
  });
});

describe('checkEntries: where and how each problem is said', () => {
  const columnOf = (text: string, line: number, needle: string) => text.split('\n')[line - 1].indexOf(needle) + 1;

  it('an unknown property lists exactly the inputs of its kind, never the internal ones', () => {
    const text = fleet(
      `  g:\n    kind: storage.Overdrive\n    resources:\n      share01: { serviceId: 1001, region: EB, sizing: S, driveSiteUri: https://x, password: { secret: OD }, colour: red }\n`,
    );
    const allowed = ['timeouts', 'adopt', 'changeReference', 'powerState'];
    const found = reasons(text);
    expect(found).toHaveLength(1);
    const [problem] = found;
    expect(problem).toMatch(/^6:\d+ share01 colour: unknown property for storage\.Overdrive \(allowed: (.*)\)$/);
    const listed = /\(allowed: (.*)\)$/.exec(problem)![1].split(', ');
    expect(listed).toEqual(expect.arrayContaining([...allowed, 'name', 'serviceId', 'region', 'sizing', 'driveSiteUri', 'password']));
    expect(listed).not.toContain('__owner');
    expect(listed).not.toContain('__replaceOnChanges');
  });

  it('a resolved secret is checked as any input: a weak password is refused at the field', () => {
    const pg =
      '{ serviceId: 1001, networkId: 2001, productCode: deb12pg16, nodeSizing: 2cpu4gb, diskSize: 40, admPassword: { secret: PG } }';
    const text = fleet(`  g:\n    kind: databases.PostgreSQL\n    resources:\n      shopdb01: ${pg}\n`);
    let problems: string[] = [];
    try {
      parseFleet(text, 'f.yaml', { secrets: () => 'short' });
    } catch (err) {
      problems = (err as FleetError).problems.map((p) => `${p.line}:${p.column} ${p.property}: ${p.reason}`);
    }
    expect(problems).toEqual([
      `6:${columnOf(text, 6, 'admPassword')} admPassword: 12 to 20 characters with a digit, a lower-case and an upper-case letter and one of !@#&()–{}:;',?/*~$^+=<>`,
    ]);
  });

  it('an ITCare name used twice is placed at the `name` key of the second entry', () => {
    const text = fleet(
      `  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm}\n      web02: ${vm.replace('{', '{ name: web01,')}\n`,
    );
    expect(reasons(text)).toEqual([
      expect.stringMatching(new RegExp(`^7:${columnOf(text, 7, 'name:')} web02 name: ITCare name web01 is also used`)),
    ]);
  });

  it('a bad entry key used as the ITCare name says so; a bad `name` does not', () => {
    const text = fleet(
      `  g:\n    kind: compute.Instance\n    resources:\n      Web_01: ${vm}\n      web02: ${vm.replace('{', '{ name: Web_02,')}\n`,
    );
    const [fromKey, fromName] = reasons(text);
    expect(fromKey).toMatch(/^6:7 Web_01 name: .* \(the entry key is the ITCare name when `name` is absent\)$/);
    expect(fromName).toMatch(new RegExp(`^7:${columnOf(text, 7, 'name:')} web02 name: `));
    expect(fromName).not.toMatch(/entry key/);
  });

  it('a problem inside a value written as a YAML alias is placed at the key holding the alias', () => {
    // web02's timeouts is an alias: its `create` key is written at web01's line, not web02's.
    const text = fleet(
      `  g:\n    kind: compute.Instance\n    resources:\n      web01: ${vm.replace('}', ', timeouts: &t { create: soon } }')}\n      web02: ${vm.replace('}', ', timeouts: *t }')}\n`,
    );
    expect(reasons(text)).toEqual([
      expect.stringMatching(new RegExp(`^6:${columnOf(text, 6, 'create:')} web01 timeouts.create: `)),
      expect.stringMatching(new RegExp(`^7:${columnOf(text, 7, 'timeouts:')} web02 timeouts.create: `)),
    ]);
  });
});
