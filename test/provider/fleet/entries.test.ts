import { merge } from '../../../provider/fleet';
import { fleetEntries } from '../../../provider/fleet/entries';
import { Problems } from '../../../provider/fleet/problems';
import { readSource } from '../../../provider/fleet/source';
import { parse } from 'yaml';

/** The structure of a fleet file and its merge rule (FLEET.md), without the per-kind schemas. */

const entriesOf = (text: string) => {
  const source = readSource(text, 'f.yaml');
  const problems = new Problems(source);
  return { entries: fleetEntries(parse(text), problems), problems: problems.list };
};

describe('merge', () => {
  it('replaces every field whole by the more specific level, except tags, merged key by key', () => {
    expect(
      merge([
        { tags: { a: '1', b: '1' }, cpu: 2, timeouts: { create: '1h', delete: '1h' } },
        { tags: { b: '2' }, timeouts: { create: '2h' } },
        { tags: { c: '3' }, cpu: 4 },
      ]),
    ).toEqual({ tags: { a: '1', b: '2', c: '3' }, cpu: 4, timeouts: { create: '2h' } });
    expect(merge([{ tags: { a: '1' } }, { tags: null }])).toEqual({ tags: null }); // not a map: replaced, the schema then says why
  });
});

describe('fleetEntries', () => {
  it('an entry without inputs gets the defaults; entries keep their group and kind', () => {
    const { entries, problems } = entriesOf(
      'version: 1\ngroups:\n  g:\n    kind: compute.Instance\n    defaults: { cpu: 2 }\n    resources:\n      a:\n      b: { cpu: 4 }\n',
    );
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.name, e.group, e.kind, e.inputs])).toEqual([
      ['a', 'g', 'compute.Instance', { cpu: 2 }],
      ['b', 'g', 'compute.Instance', { cpu: 4 }],
    ]);
  });

  it('refuses name in defaults, unknown group keys, a missing kind, a resources list, a secret written in clear or referenced on a plain field', () => {
    const { problems } = entriesOf(
      [
        'version: 1',
        'groups:',
        '  g:',
        '    kind: compute.Instance',
        '    defaults: { name: same }',
        '    extra: 1',
        '  h:',
        '    resources: {}',
        '  i:',
        '    kind: compute.Instance',
        '    resources: [a, b]',
        '  j:',
        '    kind: databases.Redis',
        '    resources:',
        '      CACHE01:',
        '        admPassword: plain-text-password',
        '        nodeSizing: { secret: X }',
      ].join('\n'),
    );
    const said = problems.map((p) => `${p.line} ${p.group ?? ''}/${p.entry ?? ''} ${p.property ?? ''}: ${p.reason}`);
    expect(said).toEqual([
      '6 g/ extra: unknown key (allowed: kind, defaults, resources)',
      '5 g/ name: not allowed in defaults (each resource has its own name: the entry key, or `name` in the entry)',
      expect.stringMatching(/^7 h\/ kind: required \(allowed: compute\.Instance, /),
      '11 i/ resources: a map of resource name → its inputs',
      expect.stringMatching(
        /^16 j\/CACHE01 admPassword: a secret is never written in a fleet file: write `admPassword: \{ secret: NAME \}`/,
      ),
      '17 j/CACHE01 nodeSizing: not a secret field: { secret: … } is allowed only for admPassword',
    ]);
    expect(JSON.stringify(problems)).not.toContain('plain-text-password');
  });

  it('protect is a resource option at any level, never an input; the most specific level wins; a non-boolean is said where it is', () => {
    const { entries, problems } = entriesOf(
      [
        'version: 1',
        'defaults: { protect: true, tags: { env: prod } }',
        'groups:',
        '  data:',
        '    kind: databases.PostgreSQL',
        '    resources:',
        '      db1: { diskSize: 100 }',
        '      db2: { protect: false }',
        '  web:',
        '    kind: compute.Instance',
        '    defaults: { protect: yes-please }',
        '    resources:',
        '      w1:',
      ].join('\n'),
    );
    expect(entries.map((e) => [e.name, e.options, 'protect' in e.inputs])).toEqual([
      ['db1', { protect: true }, false],
      ['db2', { protect: false }, false],
      ['w1', {}, false],
    ]);
    expect(problems.map((p) => `${p.line} ${p.group}/${p.entry} ${p.property}: ${p.reason}`)).toEqual([
      '11 web/w1 protect: a resource option: true or false, not "yes-please"',
    ]);
  });

  it('a file that is not a map, defaults that are not a map and an entry that is not a map are each said where they are', () => {
    expect(entriesOf('- a\n- b\n').problems.map((p) => `${p.line} ${p.reason}`)).toEqual([
      '1 a fleet file is a map with version, defaults, groups (see FLEET.md)',
    ]);
    const { entries, problems } = entriesOf(
      'version: 1\ndefaults: [x]\ngroups:\n  g:\n    kind: compute.Instance\n    resources:\n      a: [1]\n      b: {}\n',
    );
    expect(problems.map((p) => `${p.line} ${p.group ?? ''}/${p.entry ?? ''} ${p.property ?? ''}: ${p.reason}`)).toEqual([
      '2 / defaults: a map of input fields common to the resources below',
      '7 g/a : an entry is a map of inputs (or empty)',
    ]);
    expect(entries.map((e) => e.name)).toEqual(['b']); // the rest is still checked: every problem in one run
  });
});

describe('fleetEntries: the file itself', () => {
  it('an unsupported version says which; groups that are not a map are placed at `groups`, else at the top', () => {
    const where = (text: string) => entriesOf(text).problems.map((p) => `${p.line}:${p.column} ${p.property}: ${p.reason}`);
    expect(where('version: 2\ngroups: {}\n')).toEqual(['1:1 version: unsupported version 2 (allowed: 1)']);
    expect(where('version: 1\ngroups: [a]\n')).toEqual(['2:1 groups: required: a map of group name → { kind, defaults, resources }']);
    expect(where('version: 1\n\n\ndefaults: {}\n')).toEqual(['1:1 groups: required: a map of group name → { kind, defaults, resources }']);
  });

  it('empty `defaults:` and `resources:` (YAML null) are no problem: nothing to merge, nothing to declare', () => {
    const { entries, problems } = entriesOf(
      'version: 1\ndefaults:\ngroups:\n  g:\n    kind: compute.Instance\n    defaults:\n    resources:\n',
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual([]);
  });

  it('a secret written in clear in the file defaults is placed at the file defaults, where it is written', () => {
    const { problems } = entriesOf(
      'version: 1\ndefaults:\n  admPassword: plain-text-password\ngroups:\n  j:\n    kind: databases.Redis\n    resources:\n      CACHE01: {}\n',
    );
    expect(problems.map((p) => [p.line, p.column, p.entry, p.property])).toEqual([[3, 3, 'CACHE01', 'admPassword']]);
  });

  it('a { secret } on a kind without secret fields says the kind has none; a map with more keys than secret is plain data', () => {
    const { entries, problems } = entriesOf(
      'version: 1\ngroups:\n  g:\n    kind: compute.Instance\n    resources:\n      a: { cpu: { secret: X }, tags: { secret: yes, team: web } }\n',
    );
    expect(problems.map((p) => `${p.property}: ${p.reason}`)).toEqual([
      'cpu: not a secret field: { secret: … } is allowed only for secret fields (compute.Instance has none)',
    ]);
    expect(entries[0].inputs).toEqual({ tags: { secret: 'yes', team: 'web' } });
    expect(entries[0].secrets).toEqual({});
  });
});
