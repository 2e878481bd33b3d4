import type { StoredInstance } from '../helpers/emulator';
import { BASE as base, OptionsStack, SERVER_TAGS, described, expectOk, type Row, type Rows } from '../helpers/optionsStack';

/**
 * Issue 13's matrix: Pulumi's own resource options and CLI flows on ITCare instances, under the real
 * CLI against one emulator and one stack. Each row runs on the state the rows before it left, so the
 * whole matrix costs one stack's worth of creates. Components, dependsOn, --target-dependents,
 * --exclude, --parallel and stack rename: pulumiOptionsTree.test.ts.
 */
jest.setTimeout(300_000);

const SECRET = 'tenant-7f3a-confidential-note';
const s = new OptionsStack('options');
const up = (rows: Rows, ...flags: string[]) => s.up(rows, ...flags);
const run = (rows: Rows, args: string[]) => s.run(rows, args);
const byName = (name: string) => s.byName(name);
const idOf = (name: string) => s.idOf(name);
const urnOf = (name: string) => s.urnOf(name);

beforeAll(async () => {
  await s.start();
  await s.t.stack.setConfig('note', { value: SECRET, secret: true });
});
afterAll(() => s.stop());

let current: Rows = {};
const initial: Rows = {
  web: {
    args: { ...base, tags: { team: 'web' }, description: 'note' },
    secret: ['description'],
    opts: { customTimeouts: { create: '5m' } },
  },
  dbase: { args: { ...base, ram: 8 }, opts: { protect: true } },
  keep: { args: { ...base }, opts: { retainOnDelete: true } },
  drifty: { args: { ...base, tags: { team: 'ops' } }, opts: { ignoreChanges: ['tags', 'cpu'] } },
};

/** The matrix: option or command, what it must do; in order, each on the state the previous left. */
const matrix: [string, () => Promise<void>][] = [
  [
    'up with server-added tags, a secret input and customTimeouts: created; the secret stays secret; customTimeouts is warned about',
    async () => {
      const r = await up(initial);
      expectOk(r);
      expect((await s.em.control.instances()).map((i: StoredInstance) => i.name).sort()).toEqual(['dbase', 'drifty', 'keep', 'web']);
      expect((await byName('web'))[0].tags).toMatchObject({ team: 'web', ...SERVER_TAGS });
      expect(s.t.stateText()).not.toContain(SECRET);
      expect((await byName('web'))[0].description).toBe(SECRET);
      expect(r.output).not.toContain(SECRET);
      expect(r.output).toMatch(/customTimeouts is not enforced for ITCare resources.*timeouts/);
    },
  ],
  [
    'pulumi stack export / import round trip, then up --expect-no-changes: server-added tags and secrets are never a diff, exit 0, no API mutation',
    async () => {
      await s.t.stack.importStack(await s.t.stack.exportStack());
      const r = await run(initial, ['up', '--yes', '--expect-no-changes']);
      expectOk(r);
      expect(described(r.log)).toEqual([]);
    },
  ],
  [
    'refresh --preview-only, preview --refresh: drift shown, nothing changed; ignoreChanges [tags, cpu] never planned back, from ITCare or the program',
    async () => {
      await s.resizeAtITCare('web', 4, 4);
      await s.resizeAtITCare('drifty', 4, 4);
      const refresh = await run(initial, ['refresh', '--preview-only']);
      expectOk(refresh);
      expect(refresh.output).toMatch(/~.*web/);
      const preview = await run(initial, ['preview', '--refresh']);
      expectOk(preview);
      expect(preview.output).toMatch(/~.*web.*update/);
      expect(preview.output).not.toMatch(/~.*drifty.*update/); // its cpu drift is ignored
      expect(described([...refresh.log, ...preview.log])).toEqual([]);
      expect((await byName('web'))[0].cpu).toBe(4);
      // The program changes drifty's ignored fields too: still only web is planned back.
      const rows = { ...initial, drifty: { ...initial.drifty, args: { ...initial.drifty.args, cpu: 1, tags: { team: 'other' } } } };
      const converge = await up(rows, '--refresh');
      expectOk(converge);
      expect(described(converge.log)).toEqual([`PATCH /itcare/compute/instances/${await idOf('web')}`]);
      expect((await byName('drifty'))[0]).toMatchObject({ cpu: 4, tags: { team: 'ops' } });
    },
  ],
  [
    '--replace <urn> with default options: replaced once, a new id under the same name, old one stopped and deleted first, nothing else touched',
    async () => {
      const old = await idOf('web');
      const r = await run(initial, ['up', '--yes', '--replace', urnOf('web')]);
      expectOk(r);
      expect(r.output).toMatch(/1 replaced/);
      expect(described(r.log)).toEqual([
        `PATCH /itcare/compute/instances/${old}`,
        `DELETE /itcare/compute/instances/${old}`,
        'POST /itcare/compute/instances',
      ]);
      expect(await byName('web')).toMatchObject([{ name: 'web', status: 'ACTIVE' }]);
      expect(await idOf('web')).not.toBe(old);
    },
  ],
  [
    '--replace <urn> with deleteBeforeReplace set to false: refused at preview, naming the option; no API mutation',
    async () => {
      const old = await idOf('web');
      const rows = { ...initial, web: { ...initial.web, opts: { ...initial.web.opts, deleteBeforeReplace: false } } };
      const r = await run(rows, ['up', '--yes', '--replace', urnOf('web')]);
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(
        /compute\.Instance web: `pulumi up --replace` keeps the name web.*`deleteBeforeReplace: false`.*Remove `deleteBeforeReplace: false`/s,
      );
      expect(r.output).not.toMatch(/\d+ replaced/);
      expect(described(r.log)).toEqual([]);
      expect(await byName('web')).toMatchObject([{ id: old, status: 'ACTIVE' }]);
    },
  ],
  [
    'replaceOnChanges [ram] + deleteBeforeReplace: a ram change replaces, name kept, old deleted first',
    async () => {
      const old = await idOf('web');
      const rows = {
        ...initial,
        web: { ...initial.web, args: { ...initial.web.args, ram: 8 }, opts: { replaceOnChanges: ['ram'], deleteBeforeReplace: true } },
      };
      const r = await run(rows, ['up', '--yes']);
      expectOk(r);
      expect(await byName('web')).toMatchObject([{ ram: 8 }]);
      expect(described(r.log)).toEqual([
        `PATCH /itcare/compute/instances/${old}`,
        `DELETE /itcare/compute/instances/${old}`,
        'POST /itcare/compute/instances',
      ]);
      initial.web = rows.web;
    },
  ],
  [
    'protect: delete refused by the engine, no API call',
    async () => {
      const { dbase: _dbase, ...withoutDb } = initial;
      const removed = await up(withoutDb);
      expect(removed.code).not.toBe(0);
      expect(removed.output).toMatch(/protect/);
      expect(described(removed.log)).toEqual([]);
      expect(await byName('dbase')).toHaveLength(1);
    },
  ],
  [
    'protect: a replace (--replace <urn>) refused by the engine, no API call',
    async () => {
      const old = await idOf('dbase');
      const r = await run(initial, ['up', '--yes', '--replace', urnOf('dbase')]);
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(/protect/);
      expect(described(r.log)).toEqual([]);
      expect(await byName('dbase')).toMatchObject([{ id: old, status: 'ACTIVE' }]);
    },
  ],
  [
    'aliases: renaming the Pulumi resource is no replace and no API mutation',
    async () => {
      const { keep, ...rest } = initial;
      const renamed = { ...rest, kept: { ...keep, args: { ...keep.args, name: 'keep' }, opts: { ...keep.opts, aliases: ['keep'] } } };
      const r = await up(renamed);
      expectOk(r);
      expect(described(r.log)).toEqual([]);
      expect(await byName('keep')).toHaveLength(1);
      delete initial.keep;
      initial.kept = renamed.kept;
    },
  ],
  [
    '--target: only the targeted resource gets API calls',
    async () => {
      const rows = {
        ...initial,
        web: { ...initial.web, args: { ...initial.web.args, tags: { team: 'web', tier: 'front' } } },
        dbase: { ...initial.dbase, args: { ...initial.dbase.args, ram: 16 } },
      };
      const r = await up(rows, '--target', urnOf('web'));
      expectOk(r);
      const web = await idOf('web');
      expect(described(r.log)).toEqual([`PATCH /itcare/compute/instances/${web}`]);
      expect((await byName('web'))[0].tags).toEqual({
        team: 'web',
        tier: 'front',
        ...SERVER_TAGS,
        'pulumi-itcare-owner': expect.any(String),
      });
      expect((await byName('dbase'))[0].ram).toBe(8);
      initial.web = rows.web;
    },
  ],
  [
    'retainOnDelete, and pulumi state delete: out of the stack, still at ITCare; adopt brings both back with no mutation',
    async () => {
      const { kept, ...rest } = initial;
      const removed = await up(rest);
      expectOk(removed);
      expect(described(removed.log)).toEqual([]);
      expect(await byName('keep')).toMatchObject([{ status: 'ACTIVE' }]);
      expectOk(await s.t.cli(['state', 'delete', urnOf('drifty'), '--yes']));
      expect(await s.urns()).not.toContain(urnOf('drifty'));
      const adopt = (r: Row) => ({ ...r, args: { ...r.args, adopt: true } });
      // drifty's program still says cpu 2 (ITCare: 4 since the drift row), under ignoreChanges [tags, cpu]:
      // adopting is a create for the engine, which ignores nothing then; the provider does.
      current = { ...rest, drifty: adopt(rest.drifty), kept: adopt(kept) };
      const adopted = await up(current);
      expectOk(adopted);
      expect(described(adopted.log)).toEqual([]);
      expect(await s.urns()).toEqual(expect.arrayContaining([urnOf('kept'), urnOf('drifty')]));
      expect((await s.em.control.instances()).map((i: StoredInstance) => i.name).sort()).toEqual(['dbase', 'drifty', 'keep', 'web']);
      expect((await byName('drifty'))[0]).toMatchObject({ cpu: 4, tags: { team: 'ops' } });
      expectOk(await run(current, ['preview', '--expect-no-changes']));
    },
  ],
  [
    'the import resource option: a clear error at preview pointing to adopt, no API call',
    async () => {
      const r = await run({ ...current, imported: { args: { ...base }, opts: { import: '500000001' } } }, ['preview']);
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(
        /compute\.Instance imported: the `import` resource option \(and `pulumi import`\) does not work for ITCare resources.*`adopt: true`/s,
      );
      expect(described(r.log)).toEqual([]);
    },
  ],
  [
    '--replace <urn> of an instance without ownership marker (older than it, or adopted): the preview knows the name is its own; replaced once',
    async () => {
      const seeded = await s.em.control.seedInstance({
        name: 'legacy',
        serviceId: 1001,
        productCode: 'deb12',
        networkId: 2001,
        area: 'EB-QA',
        cpu: 2,
        ram: 4,
        status: 'ACTIVE',
      });
      const legacy = { args: { ...base, adopt: true } };
      expectOk(await up({ ...current, legacy }));
      expect((await byName('legacy'))[0].tags).not.toHaveProperty(['pulumi-itcare-owner']);
      // Without adopt: only the command line tells the provider that the holder of the name is the resource itself.
      // Under deleteBeforeReplace: false the engine would create first: refused at preview, naming the option, nothing sent.
      const createFirst = await run({ ...current, legacy: { args: base, opts: { deleteBeforeReplace: false } } }, [
        'up',
        '--yes',
        '--replace',
        urnOf('legacy'),
      ]);
      expect(createFirst.code).not.toBe(0);
      expect(createFirst.output).toMatch(
        /compute\.Instance legacy: `pulumi up --replace` keeps the name legacy.*Remove `deleteBeforeReplace: false`/s,
      );
      expect(described(createFirst.log)).toEqual([]);
      const r = await run({ ...current, legacy: { args: base } }, ['up', '--yes', '--replace', urnOf('legacy')]);
      expectOk(r);
      const old = `/itcare/compute/instances/${seeded.id}`;
      expect(described(r.log)).toEqual([`PATCH ${old}`, `DELETE ${old}`, 'POST /itcare/compute/instances']);
      expect(await byName('legacy')).toMatchObject([{ status: 'ACTIVE', tags: { 'pulumi-itcare-owner': expect.any(String) } }]);
    },
  ],
];

describe('Pulumi options and CLI flows on ITCare instances (issue 13 matrix)', () => {
  for (const [row, check] of matrix) it(row, check);
});
