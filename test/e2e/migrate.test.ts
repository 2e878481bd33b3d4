import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type SpawnedEmulator, spawnEmulator } from '../helpers/emulator';
import { nativePluginPath } from '../helpers/native';
import { REPO, createStack, steps, teardown, type TestStack } from '../helpers/pulumi';

/**
 * Moving a stack's resource from the dynamic provider (pulumi-itcare) to the native one
 * (pulumi-itcare/native), as docs/native.md says: forget it in state, declare it with the native class
 * and the `import` option. The ITCare resource is never touched: no create, delete or operation.
 */
jest.setTimeout(180_000);

let em: SpawnedEmulator;
let t: TestStack;
let dir: string;
const step = steps();
const mutations = async () => (await em.control.log()).filter((l) => l.method !== 'GET' && !l.dryRun && l.path.startsWith('/itcare/'));

beforeAll(async () => {
  em = await spawnEmulator();
  // The plugin on PATH for the engine (createStack's environment takes PATH from this process).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-migrate-'));
  process.env.PATH = [...nativePluginPath(dir), process.env.PATH].join(path.delimiter);
  t = await createStack('migrate', em, path.join(REPO, 'test', 'e2e', 'migrateProgram'));
});

afterAll(() =>
  teardown(
    () => t?.dispose(),
    () => em?.stop(),
    async () => fs.rmSync(dir, { recursive: true, force: true }),
  ),
);

step('a dynamic resource moves to the native provider by import, with 0 API mutations', async () => {
  await t.stack.setConfig('front', { value: 'dynamic' });
  const first = await t.stack.up({ onOutput: () => undefined });
  const id = String(first.outputs.resourceId.value);
  expect(String(first.outputs.urn.value)).toContain('::pulumi-nodejs:dynamic/compute:Instance::web01');

  await em.control.clearLog();
  // 1. Forget the dynamic resource (state only: without this, the next up would delete it).
  const forgot = await t.cli(['state', 'delete', String(first.outputs.urn.value), '--yes']);
  expect(forgot.code).toBe(0);
  // 2. Declare it with the native class and `import: <ITCare id>`.
  await t.stack.setAllConfig({ front: { value: 'native' }, importId: { value: id } });
  const moved = await t.stack.up({ onOutput: () => undefined });
  expect(moved.summary.resourceChanges).toMatchObject({ import: 1 });
  expect(String(moved.outputs.urn.value)).toContain('::itcare:compute:Instance::web01');
  expect(String(moved.outputs.resourceId.value)).toBe(id);
  expect(await mutations()).toEqual([]);
  expect((await em.control.instances()).map((i) => i.name)).toEqual(['web01']);
});
