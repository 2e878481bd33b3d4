import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FleetError, loadFleet, parseFleet } from '../../../provider/fleet';

/** A fleet file read end to end: valid files give merged entries, broken ones one error listing every problem. */

const valid = `version: 1
defaults:
  tags: { managed-by: pulumi, team: core }
groups:
  web:
    kind: compute.Instance
    defaults:
      serviceId: 1001
      networkId: 2001
      productCode: deb12
      tags: { tier: web }
    resources:
      web-01:
        cpu: 2
        ram: 4
        adopt: true
        tags: { team: front }
      web-02: { cpu: 4, ram: 8, name: web-two, powerState: stopped, timeouts: { create: 45m } }
  db:
    kind: databases.PostgreSQL
    defaults: { serviceId: 1001, networkId: 2001 }
    resources:
      shopdb:
        name: shopdb01
        productCode: deb12pg16
        nodeSizing: 2cpu4gb
        diskSize: 80
        admPassword: { secret: ITCARE_PG_PASSWORD }
`;

const problemsOf = (text: string, options = {}) => {
  try {
    parseFleet(text, 'fleets/dev.yaml', options);
  } catch (err) {
    expect(err).toBeInstanceOf(FleetError);
    return err as FleetError;
  }
  throw new Error('expected a FleetError');
};

describe('parseFleet', () => {
  it('a secret written in clear is said once, and no secret is looked up in its stead', () => {
    const lookups: string[] = [];
    const text =
      'version: 1\ngroups:\n  j:\n    kind: databases.Redis\n    resources:\n      CACHE01: { admPassword: plain-text-password }\n';
    const err = problemsOf(text, {
      secrets: (name: string) => {
        lookups.push(name);
        return undefined;
      },
    });
    const said = err.problems.filter((p) => p.property === 'admPassword'); // the other problems: required fields
    expect(said).toHaveLength(1);
    expect(said[0].reason).toMatch(/^a secret is never written in a fleet file/);
    expect(lookups).toEqual([]);
  });

  it('merges file defaults, group defaults and the entry; tags key by key; kinds take only the file defaults they know', () => {
    const { entries } = parseFleet(valid, 'fleets/dev.yaml');
    expect(entries.map((e) => [e.group, e.name, e.kind])).toEqual([
      ['web', 'web-01', 'compute.Instance'],
      ['web', 'web-02', 'compute.Instance'],
      ['db', 'shopdb', 'databases.PostgreSQL'],
    ]);
    expect(entries[0].inputs).toEqual({
      serviceId: 1001,
      networkId: 2001,
      productCode: 'deb12',
      cpu: 2,
      ram: 4,
      adopt: true,
      tags: { 'managed-by': 'pulumi', team: 'front', tier: 'web' },
    });
    expect(entries[1].inputs).toMatchObject({
      name: 'web-two',
      powerState: 'stopped',
      timeouts: { create: '45m' },
      tags: { 'managed-by': 'pulumi', team: 'core', tier: 'web' },
    });
    // PostgreSQL has no tags: the file's default tags do not reach it; the secret is a reference only.
    expect(entries[2].inputs).toEqual({
      serviceId: 1001,
      networkId: 2001,
      name: 'shopdb01',
      productCode: 'deb12pg16',
      nodeSizing: '2cpu4gb',
      diskSize: 80,
    });
    expect(entries[2].secrets).toEqual({ admPassword: 'ITCARE_PG_PASSWORD' });
  });

  it('a broken file: one error, every problem with file, line, group, entry, property and what is allowed, in file order', () => {
    const broken = valid
      .replace('cpu: 2\n', 'cpu: 3.5\n')
      .replace('powerState: stopped', 'powerState: paused')
      .replace('kind: databases.PostgreSQL', 'kind: databases.Postgres');
    const err = problemsOf(broken);
    expect(err.code).toBe('ITCARE_INVALID_FLEET');
    expect(err.problems.map((p) => [p.line, p.group, p.entry, p.property])).toEqual([
      [14, 'web', 'web-01', 'cpu'],
      [18, 'web', 'web-02', 'powerState'],
      [20, 'db', undefined, 'kind'],
    ]);
    expect(err.message.split('\n')).toEqual([
      'Invalid fleet file fleets/dev.yaml: 3 problems, nothing was declared',
      '  fleets/dev.yaml:14:9: group web, entry web-01: cpu: Invalid input: expected int, received number',
      expect.stringMatching(/^ {2}fleets\/dev\.yaml:18:48: group web, entry web-02: powerState: .*\(allowed: "running", "stopped"\)$/),
      expect.stringMatching(
        /^ {2}fleets\/dev\.yaml:20:5: group db: kind: unknown kind "databases.Postgres" \(allowed: compute.Instance, databases.PostgreSQL, /,
      ),
    ]);
  });

  it('YAML syntax errors, a missing version and an unknown top-level key are placed too', () => {
    expect(problemsOf('version: 1\ngroups:\n  a: {kind: compute.Instance}\n  a: {}\n').message).toMatch(
      /fleets\/dev\.yaml:4:3: YAML: Map keys must be unique/,
    );
    const err = problemsOf('groups: {}\nextra: 1\n');
    expect(err.problems.map((p) => [p.line, p.property, p.reason])).toEqual([
      [1, 'version', 'required (allowed: 1)'],
      [2, 'extra', 'unknown key (allowed: version, defaults, groups)'],
    ]);
  });

  it('with a secret lookup, a reference set nowhere fails; a set one is checked like any input and never echoed', () => {
    expect(problemsOf(valid, { secrets: () => undefined }).message).toMatch(
      /:28:9: group db, entry shopdb: admPassword: secret ITCARE_PG_PASSWORD is set neither as a pulumi config key .* nor as an environment variable/,
    );
    const lookups: string[] = [];
    expect(
      parseFleet(valid, 'f.yaml', {
        secrets: (name) => {
          lookups.push(name);
          return 'Sup3r!Secret#2026';
        },
      }).entries,
    ).toHaveLength(3);
    expect(lookups).toEqual(['ITCARE_PG_PASSWORD']);
  });
});

describe('loadFleet', () => {
  it.each(['dev', 'prod'])('the fleet file of examples/gitops stack %s loads cleanly', (stack) => {
    const file = path.join(__dirname, '..', '..', '..', 'examples', 'gitops', 'fleets', `${stack}.yaml`);
    const { entries } = loadFleet(file, { secrets: (name) => (name === 'ITCARE_PG_PASSWORD' ? 'Pg7!Example#2026' : undefined) });
    expect(entries.map((e) => e.kind).sort()).toEqual(expect.arrayContaining(['compute.Instance', 'databases.PostgreSQL']));
  });

  it('reads a file by path and names it as given; an unreadable one is a FleetError too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'));
    const file = path.join(dir, 'dev.yaml');
    fs.writeFileSync(file, valid);
    expect(loadFleet(file).file).toBe(file);
    expect(() => loadFleet(path.join(dir, 'none.yaml'))).toThrow(/none\.yaml: cannot be read: ENOENT/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
