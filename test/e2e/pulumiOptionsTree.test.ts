import type { StoredInstance } from '../helpers/emulator';
import { BASE as base, OptionsStack, described, expectOk, type Rows } from '../helpers/optionsStack';

/**
 * Issue 13's matrix, second part (the first is pulumiOptions.test.ts): a ComponentResource holding
 * instances, dependsOn, aliases into the component, --target-dependents, --exclude, --parallel, and
 * stack rename; under the real CLI against one emulator and one stack, each row on the state the
 * rows before it left.
 */
jest.setTimeout(300_000);

const s = new OptionsStack('tree');
beforeAll(() => s.start());
afterAll(() => s.stop());

const path = (id: number) => `/itcare/compute/instances/${id}`;
const tagged = (rows: Rows, tags: Record<string, Record<string, string>>): Rows =>
  Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, tags[k] ? { ...r, args: { ...r.args, tags: tags[k] } } : r]));
/** What ITCare holds of an instance that the program decides (not its id, name, marker, dates or address). */
const shape = (vm: StoredInstance) => {
  const { 'pulumi-itcare-owner': _o, ...tags } = (vm.tags ?? {}) as Record<string, string>;
  const fields = ['status', 'serviceId', 'productCode', 'networkId', 'cpu', 'ram', 'diskSize', 'environment', 'labelArea'];
  return { ...Object.fromEntries(fields.map((f) => [f, vm[f]])), tags };
};

let current: Rows = {
  tier: { component: true },
  app1: { args: { ...base, tags: { tier: 'a' } }, opts: { parent: 'tier' } },
  app2: { args: { ...base, tags: { tier: 'a' } }, opts: { parent: 'tier', dependsOn: ['app1'] } },
  moved: { args: { ...base } },
  other: { args: { ...base, tags: { tier: 'b' } } },
};

const matrix: [string, () => Promise<void>][] = [
  [
    'a ComponentResource parent and dependsOn: preview and up show each instance under its WebTier; app2 is created once app1 is',
    async () => {
      const preview = await s.run(current, ['preview']);
      expectOk(preview);
      expect(preview.output).toMatch(
        /itcare:e2e:WebTier\s+tier\s+create[\s\S]*compute:Instance\s+app1\s+create[\s\S]*compute:Instance\s+app2\s+create/,
      );
      expect(described(preview.log)).toEqual([]);
      const r = await s.up(current);
      expectOk(r);
      expect(await s.urns()).toEqual(
        expect.arrayContaining([s.urnOf('app1', 'tier'), s.urnOf('app2', 'tier'), s.urnOf('moved'), s.urnOf('other')]),
      );
      // ITCare numbers instances in the order of their POSTs: app2's POST is the one of its rank.
      const ids = (await s.em.control.instances()).map((i: StoredInstance) => i.id).sort((a: number, b: number) => a - b);
      const posts = r.log.flatMap((e, i) => (e.method === 'POST' && !e.dryRun && e.path === '/itcare/compute/instances' ? [i] : []));
      expect(posts).toHaveLength(4);
      const app2Post = posts[ids.indexOf(await s.idOf('app2'))];
      const app1 = path(await s.idOf('app1'));
      // app1's create ended (its last read, after its action) before app2's POST.
      expect(Math.max(...r.log.flatMap((e, i) => (e.path === app1 ? [i] : [])))).toBeLessThan(app2Post);
    },
  ],
  [
    'aliases: moving an instance under the component (alias: its old URN) is no replace and no API mutation',
    async () => {
      const id = await s.idOf('moved');
      current = { ...current, moved: { args: { ...base }, opts: { parent: 'tier', aliases: [s.urnOf('moved')] } } };
      const r = await s.up(current);
      expectOk(r);
      expect(described(r.log)).toEqual([]);
      expect(await s.urns()).toContain(s.urnOf('moved', 'tier'));
      expect(await s.urns()).not.toContain(s.urnOf('moved'));
      expect(await s.byName('moved')).toMatchObject([{ id }]);
    },
  ],
  [
    '--target <urn> --target-dependents: the target and what depends on it get API calls, nothing else',
    async () => {
      current = tagged(current, { app1: { tier: 'a2' }, app2: { tier: 'a2' }, other: { tier: 'b2' } });
      const r = await s.up(current, '--target', s.urnOf('app1', 'tier'), '--target-dependents');
      expectOk(r);
      expect(described(r.log)).toEqual([`PATCH ${path(await s.idOf('app1'))}`, `PATCH ${path(await s.idOf('app2'))}`]);
      expect((await s.byName('other'))[0].tags).toMatchObject({ tier: 'b' });
    },
  ],
  [
    '--exclude <urn>: everything else gets its API calls, the excluded resource none',
    async () => {
      const r = await s.up(tagged(current, { app2: { tier: 'a3' } }), '--exclude', s.urnOf('app2', 'tier'));
      expectOk(r);
      expect(described(r.log)).toEqual([`PATCH ${path(await s.idOf('other'))}`]);
      expect((await s.byName('app2'))[0].tags).toMatchObject({ tier: 'a2' });
      expect((await s.byName('other'))[0].tags).toMatchObject({ tier: 'b2' });
    },
  ],
  [
    '--parallel 1 and --parallel 64: the same program creates the same instances',
    async () => {
      // ITCare names: lower-case letters, digits and '-', 3 to 15 characters.
      const group = (p: string): Rows => ({
        [`${p}tier`]: { component: true },
        [`${p}-a`]: { args: { ...base, tags: { n: '1' } }, opts: { parent: `${p}tier` } },
        [`${p}-b`]: { args: { ...base, cpu: 4, ram: 8, tags: { n: '2' } }, opts: { parent: `${p}tier` } },
        [`${p}-c`]: { args: { ...base, ram: 8, powerState: 'stopped' }, opts: { parent: `${p}tier`, dependsOn: [`${p}-a`] } },
      });
      const serial = await s.up({ ...current, ...group('p1') }, '--parallel', '1');
      expectOk(serial);
      const wide = await s.up({ ...current, ...group('p1'), ...group('p64') }, '--parallel', '64');
      expectOk(wide);
      current = { ...current, ...group('p1'), ...group('p64') };
      for (const r of [serial, wide]) expect(described(r.log).filter((e) => e.startsWith('POST'))).toHaveLength(3);
      for (const x of ['a', 'b', 'c']) expect(shape((await s.byName(`p64-${x}`))[0])).toEqual(shape((await s.byName(`p1-${x}`))[0]));
      expect((await s.byName('p1-c'))[0]).toMatchObject({ status: 'INACTIVE', ram: 8 });
    },
  ],
  [
    'pulumi stack rename: the next up is a no-op (same instances, none re-created); the marker in state follows the name, its tag the next tags change',
    async () => {
      const before = (await s.em.control.instances()).map((i: StoredInstance) => [i.id, i.name]);
      expectOk(await s.t.cli(['stack', 'rename', 'tree-renamed']));
      try {
        await s.em.control.clearLog();
        expectOk(await s.cliOn('tree-renamed', ['up', '--yes', '--expect-no-changes']));
        expect(described(await s.em.control.log())).toEqual([]);
        expect((await s.em.control.instances()).map((i: StoredInstance) => [i.id, i.name])).toEqual(before);
        const state = JSON.parse((await s.cliOn('tree-renamed', ['stack', 'export'])).output);
        const owners = state.deployment.resources
          .filter((r: { type: string }) => r.type.endsWith('compute:Instance'))
          .map((r: { inputs: Record<string, unknown> }) => r.inputs.__owner);
        expect(owners).toEqual(Array(before.length).fill(expect.stringMatching(/\/itcare-e2e-options\/tree-renamed\//)));
        // ITCare's tag keeps the old marker until a tags change rewrites it.
        expect((await s.byName('other'))[0].tags).toMatchObject({ 'pulumi-itcare-owner': expect.stringContaining('/tree/') });
        current = tagged(current, { other: { tier: 'b3' } });
        expectOk(await s.cliOn('tree-renamed', ['config', 'set', 'resources', JSON.stringify(current)]));
        expectOk(await s.cliOn('tree-renamed', ['up', '--yes', '--skip-preview']));
        expect((await s.byName('other'))[0].tags).toMatchObject({
          tier: 'b3',
          'pulumi-itcare-owner': expect.stringContaining('/tree-renamed/'),
        });
      } finally {
        expectOk(await s.cliOn('tree-renamed', ['stack', 'rename', 'tree']));
        s.program = current;
      }
    },
  ],
];

describe('Pulumi options and CLI flows on ITCare instances (issue 13 matrix, components and graph)', () => {
  for (const [row, check] of matrix) it(row, check);
});
