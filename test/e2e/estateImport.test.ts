import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { adoptable, adoptableCount, runImporter, seedEstate, tempProject, unadoptable } from '../helpers/estate';
import { collector, createStack, steps, type TestStack } from '../helpers/pulumi';

/**
 * An estate clicked together in the console (40 resources of every kind in two services, running
 * and stopped, tagged, an HA PostgreSQL and a MariaDB cluster, five that cannot be adopted now) imported by the `itcare-import` bin as a
 * TypeScript program, then `pulumi up` of that program under the real CLI: every resource adopted
 * with no create, operation or delete at ITCare (the emulator's request log), and the next
 * `pulumi preview --expect-no-changes` passes. The emulator ignores query filters, as the importer
 * must not rely on them.
 */
jest.setTimeout(600_000);

let em: SpawnedEmulator;
let project: ReturnType<typeof tempProject>;
let t: TestStack | undefined;
let before: Record<string, unknown[]>;
let imported: { code: number; stderr: string };
const printed = collector();
const step = steps();
const collections = Object.keys(adoptable);

/** Everything the emulator holds, per collection. */
async function held(): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all(collections.map(async (c) => [c, await em.control.resources(c)])));
}
/** API requests that change something: anything but GETs and dry runs (token requests are not API). */
const mutations = async () => (await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'));

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '50']);
  await seedEstate(em);
  project = tempProject('itcare-import-e2e');
  before = await held();
});

afterAll(async () => {
  // Not destroyed: the stack's resources were adopted from the console's estate, which the emulator drops anyway.
  await t?.stack.workspace.removeStack('imported', { force: true }).catch(() => undefined);
  if (t) fs.rmSync(t.dir, { recursive: true, force: true });
  project?.dispose();
  await em?.stop();
});

describe('itcare-import --out index.ts, then pulumi up', () => {
  step('writes a program adopting every adoptable resource, with a count per kind on stderr', async () => {
    imported = await runImporter(em, ['--service', 'DEMO,1002', '--out', path.join(project.dir, 'index.ts')]);
    expect(imported.code).toBe(0);
    const program = fs.readFileSync(path.join(project.dir, 'index.ts'), 'utf8');
    expect(program.match(/^new itcare\./gm)).toHaveLength(adoptableCount());
    expect(program.match(/^ {2}adopt: true,$/gm)).toHaveLength(adoptableCount());
    const instancesLeftOut = unadoptable.filter((u) => u.collection === 'instances').length;
    const instances = adoptable.instances.length + instancesLeftOut;
    expect(imported.stderr).toContain(
      `compute.Instance: ${instances} listed, ${instances} selected, ${adoptable.instances.length} to adopt, ${instancesLeftOut} left out`,
    );
    for (const kind of [
      'compute.Instance',
      'databases.PostgreSQL',
      'databases.MariaDB',
      'databases.Redis',
      'databases.OpenSearch',
      'messaging.Kafka',
      'storage.Overdrive',
    ]) {
      expect(imported.stderr).toMatch(new RegExp(`${kind.replace('.', '\\.')}: \\d+ listed, \\d+ selected, \\d+ to adopt, \\d+ left out`));
    }
    // Two services hold a web01: each keeps its ITCare name under its own Pulumi name.
    expect(program).toContain('new itcare.compute.Instance("web01-demo", {\n  name: "web01",');
    expect(program).toContain('new itcare.compute.Instance("web01-sandbox", {\n  name: "web01",');
    // Secrets by reference, never a value (ITCare does not return them).
    expect(program).toContain('admPassword: config.requireSecret("POSTGRESQL_SHOPDB01_ADMPASSWORD")');
    expect(program).toContain('password: config.requireSecret("OVERDRIVE_TEAM_SHARE01_PASSWORD")');
  });

  step('lists each resource it left out, with the reason, and never declares it', async () => {
    const program = fs.readFileSync(path.join(project.dir, 'index.ts'), 'utf8');
    for (const { seed, reason } of unadoptable) {
      const line = imported.stderr.split('\n').find((l) => l.startsWith(`itcare-import: left out: `) && l.includes(` ${seed.name} (id `));
      expect(line).toMatch(reason);
      expect(program).not.toMatch(new RegExp(`new itcare\\.[\\w.]+\\("${seed.name}"`));
    }
  });

  step('the first pulumi up adopts everything with no create, operation or delete at ITCare', async () => {
    t = await createStack('imported', em, project.dir);
    for (const ref of [...fs.readFileSync(path.join(project.dir, 'index.ts'), 'utf8').matchAll(/requireSecret\("(\w+)"\)/g)].map(
      (m) => m[1],
    )) {
      await t.stack.setConfig(ref, { value: 'Cur7!Passw0rd#26', secret: true });
    }
    await em.control.clearLog();
    // The CLI's own `up`: its preview (dry runs judge each adoption), then the update.
    const up = await t.cli(['up', '--yes']);
    printed.onOutput(up.output);
    expect({ code: up.code, output: up.output }).toEqual({ code: 0, output: expect.stringContaining(`+ ${adoptableCount() + 1} created`) }); // + the stack
    expect(await mutations()).toEqual([]);
    expect(await held()).toEqual(before); // stopped ones stay stopped, tags untouched
    expect(printed.text()).not.toContain('Cur7!Passw0rd#26');
  });

  step('the next pulumi preview --expect-no-changes passes', async () => {
    await em.control.clearLog();
    const preview = await t!.cli(['preview', '--expect-no-changes']);
    expect({ code: preview.code, output: preview.output }).toEqual({ code: 0, output: expect.any(String) });
    expect(await mutations()).toEqual([]);
  });
});

describe('itcare-import --out fleet.yaml, then pulumi up of a program declaring the fleet', () => {
  let fleet: ReturnType<typeof tempProject>;
  let f: TestStack | undefined;
  afterAll(async () => {
    await f?.stack.workspace.removeStack('fleet', { force: true }).catch(() => undefined);
    if (f) fs.rmSync(f.dir, { recursive: true, force: true });
    fleet?.dispose();
  });

  step('writes a fleet file the loader accepts, with every adoptable resource and secrets by reference', async () => {
    fleet = tempProject('itcare-import-fleet');
    fs.writeFileSync(
      path.join(fleet.dir, 'index.ts'),
      "import { declareFleet } from 'pulumi-itcare/fleet';\nexport const fleet = declareFleet('fleet.yaml').summary;\n",
    );
    const run = await runImporter(em, ['--service', 'DEMO,SANDBOX', '--out', path.join(fleet.dir, 'fleet.yaml')]);
    expect(run.code).toBe(0);
    const text = fs.readFileSync(path.join(fleet.dir, 'fleet.yaml'), 'utf8');
    const { parseFleet } = await import('../../provider/fleet/load');
    const entries = parseFleet(text, 'fleet.yaml').entries;
    expect(entries).toHaveLength(adoptableCount());
    expect(entries.every((e) => e.inputs.adopt === true)).toBe(true);
    expect(entries.find((e) => e.name === 'shopdb01')?.secrets).toEqual({ admPassword: 'POSTGRESQL_SHOPDB01_ADMPASSWORD' });
    for (const { seed } of unadoptable) expect(entries.map((e) => e.inputs.name ?? e.name)).not.toContain(seed.name);
  });

  step('the first pulumi up adopts the fleet with no mutation at ITCare, and preview --expect-no-changes passes', async () => {
    f = await createStack('fleet', em, fleet.dir);
    const text = fs.readFileSync(path.join(fleet.dir, 'fleet.yaml'), 'utf8');
    for (const ref of new Set([...text.matchAll(/secret: (\w+)/g)].map((m) => m[1])))
      await f.stack.setConfig(ref, { value: 'Cur7!Passw0rd#26', secret: true });
    await em.control.clearLog();
    const up = await f.stack.up({ onOutput: printed.onOutput });
    expect(up.summary.resourceChanges?.create).toBe(adoptableCount() + 1);
    expect(await mutations()).toEqual([]);
    expect(await held()).toEqual(before);
    const preview = await f.cli(['preview', '--expect-no-changes']);
    expect({ code: preview.code, output: preview.output }).toEqual({ code: 0, output: expect.any(String) });
    expect(await mutations()).toEqual([]);
  });
});
