import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sampleOf } from '../helpers/catalogSamples';
import { type SpawnedEmulator, spawnEmulator } from '../helpers/emulator';
import { nativePluginPath } from '../helpers/native';
import { REPO, createStack, steps, teardown, type TestStack } from '../helpers/pulumi';

/**
 * Replacements through the native provider (pulumi-resource-itcare) of an instance, a kind whose names
 * are unique per service, so the old one must be deleted before its replacement can take the name:
 * - Pulumi YAML, with no resource option anywhere: a create-only change replaces it delete-first
 *   because the provider's diff says `deleteBeforeReplace` with its `replaces`; and `replaceOnChanges`,
 *   which the engine applies to the changed keys the diff reports (native/diffResponse.ts); and
 *   `--replace`, whose order the engine never asks the diff: refused without
 *   `options.deleteBeforeReplace: true` (nothing touched), replaced with it;
 * - pulumi-itcare/native's classes (test/e2e/catalogProgram, door native): `pulumi up --replace <urn>`
 *   (the engine then never asks the diff: the class's default `deleteBeforeReplace: true` orders it),
 *   and `replaceOnChanges: ['cpu']` turning a resize into a replacement.
 * Each time: the old one deleted before the new one is created, a new id, one holder of the name.
 * The catalogue-wide replace (every kind, both doors) is the shape matrix's replace step.
 */
jest.setTimeout(600_000);

let em: SpawnedEmulator;
let dir: string;
const ownLog = async (prefix: string) =>
  (await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith(prefix));

/** The holders of `name` in ITCare, and the order of the last delete of `oldId` and the create. */
async function replaced(name: string, oldId: unknown) {
  const holders = (await em.control.instances()).filter((i) => i.name === name).map((i) => i.id);
  const log = await ownLog('/itcare/compute/instances');
  const deleted = log.findIndex((e) => e.method === 'DELETE' && e.path.endsWith(`/${String(oldId)}`));
  const created = log.findIndex((e) => e.method === 'POST' && /\/instances$/.test(e.path));
  return {
    holders: holders.length,
    newId: holders[0] !== undefined && holders[0] !== oldId,
    deleted: deleted >= 0,
    deleteFirst: deleted >= 0 && deleted < created,
  };
}
const REPLACED = { holders: 1, newId: true, deleted: true, deleteFirst: true };

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '100']);
  // The plugin and the YAML host on PATH for the engine (createStack's environment takes PATH from here).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-native-replace-'));
  process.env.PATH = [...nativePluginPath(dir), process.env.PATH].join(path.delimiter);
});
afterAll(() =>
  teardown(
    () => em?.stop(),
    async () => fs.rmSync(dir, { recursive: true, force: true }),
  ),
);

describe("Pulumi YAML: the order and the changed keys come from the provider's diff", () => {
  const step = steps();
  let t: TestStack;
  let prog: string;
  let id: unknown;
  const program = (productCode: string, cpu = 2, options = '') =>
    fs.writeFileSync(
      path.join(prog, 'Pulumi.yaml'),
      `name: itcare-native-replace
runtime: yaml
resources:
  yamlvm01:
    type: itcare:compute:Instance
    properties: { serviceId: 1001, networkId: 2001, productCode: ${productCode}, cpu: ${cpu}, ram: 4 }
    ${options}
outputs:
  resourceId: \${yamlvm01.resourceId}
`,
    );

  beforeAll(async () => {
    prog = path.join(dir, 'yaml');
    fs.mkdirSync(prog);
    program('deb12');
    t = await createStack('native-replace-yaml', em, prog);
  });
  afterAll(() => t?.dispose());

  step('a create-only change (productCode) replaces it, the old one deleted first', async () => {
    id = (await t.stack.up({ onOutput: () => undefined })).outputs.resourceId.value;
    program('rhel9');
    await em.control.clearLog();
    const r = await t.stack.up({ onOutput: () => undefined });
    expect(r.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await replaced('yamlvm01', id)).toEqual(REPLACED);
  });

  step('options.replaceOnChanges [cpu] makes a cpu change (a resize otherwise) a replacement', async () => {
    id = (await em.control.instances()).find((i) => i.name === 'yamlvm01')?.id;
    program('rhel9', 4, 'options: { replaceOnChanges: [cpu] }');
    await em.control.clearLog();
    const r = await t.stack.up({ onOutput: () => undefined });
    expect(r.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await replaced('yamlvm01', id)).toEqual(REPLACED);
    expect((await em.control.instances()).find((i) => i.name === 'yamlvm01')?.cpu).toBe(4);
  });

  step(
    '`--replace <urn>` needs options.deleteBeforeReplace: without it refused, nothing touched; with it replaced delete-first',
    async () => {
      const old = (await em.control.instances()).find((i) => i.name === 'yamlvm01');
      const urn = ((await t.stack.exportStack()).deployment.resources ?? []).find(
        (r: { type: string }) => r.type === 'itcare:compute:Instance',
      )?.urn;
      program('rhel9', 4);
      await em.control.clearLog();
      const refused = await t.cli(['up', '--yes', '--skip-preview', '--replace', urn]);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain('options: { deleteBeforeReplace: true }');
      expect((await em.control.instances()).filter((i) => i.name === 'yamlvm01').map((i) => i.id)).toEqual([old?.id]);
      expect(await ownLog('/itcare/compute/instances')).toEqual([]);

      program('rhel9', 4, 'options: { deleteBeforeReplace: true }');
      const r = await t.cli(['up', '--yes', '--skip-preview', '--replace', urn]);
      expect({ code: r.code, output: r.code ? r.output : '' }).toEqual({ code: 0, output: '' });
      expect(await replaced('yamlvm01', old?.id)).toEqual(REPLACED);
    },
  );
});

describe('pulumi-itcare/native classes: --replace and replaceOnChanges', () => {
  const step = steps();
  let t: TestStack;
  const sample = sampleOf('compute.Instance');
  const name = 'repvm01';
  const desire = (change: Record<string, unknown> = {}, opts?: Record<string, unknown>) =>
    t.stack.setConfig('resources', {
      value: JSON.stringify({ [name]: { type: 'compute.Instance', args: { ...sample.args, name, ...change }, opts } }),
    });
  const held = async () => (await em.control.instances()).find((i) => i.name === name);

  beforeAll(async () => {
    t = await createStack('native-replace-ts', em, path.join(REPO, 'test', 'e2e', 'catalogProgram'));
    await t.stack.setConfig('door', { value: 'native' });
    await desire();
    await t.stack.up({ onOutput: () => undefined });
  });
  afterAll(() => t?.dispose());

  step('`pulumi up --replace <urn>` replaces it: the old one deleted first, a new id, one holder', async () => {
    const old = await held();
    const urn = ((await t.stack.exportStack()).deployment.resources ?? []).find(
      (r: { type: string }) => r.type === 'itcare:compute:Instance',
    )?.urn;
    expect(urn).toContain(`::itcare:compute:Instance::${name}`);
    await em.control.clearLog();
    const r = await t.cli(['up', '--yes', '--skip-preview', '--replace', urn]);
    expect({ code: r.code, output: r.code ? r.output : '' }).toEqual({ code: 0, output: '' });
    expect(await replaced(name, old?.id)).toEqual(REPLACED);
  });

  step("replaceOnChanges: ['cpu'] makes a cpu change (a resize otherwise) a replacement", async () => {
    const old = await held();
    await desire({ cpu: 4 }, { replaceOnChanges: ['cpu'] });
    await em.control.clearLog();
    const r = await t.stack.up({ onOutput: () => undefined });
    expect(r.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await replaced(name, old?.id)).toEqual(REPLACED);
    expect((await held())?.cpu).toBe(4);
  });
});
