import * as path from 'node:path';
import { apiCall, getToken, spawnEmulator, waitForAction, type LogEntry, type SpawnedEmulator, type StoredInstance } from '../helpers/emulator';
import { REPO, createStack, type TestStack } from '../helpers/pulumi';

/**
 * Issue 13's matrix: Pulumi's own resource options and CLI flows on ITCare instances, under the real
 * CLI against one emulator and one stack. Each row runs on the state the rows before it left, so the
 * whole matrix costs one stack's worth of creates.
 */
jest.setTimeout(300_000);

const PROGRAM = path.join(REPO, 'test', 'e2e', 'optionsProgram');
const base = { serviceId: 1001, productCode: 'deb12', networkId: 2001, area: 'EB-QA', cpu: 2, ram: 4 };
const SECRET = 'tenant-7f3a-confidential-note';
/** A tag ITCare adds on its own (emulator switch `serverTags`): never in the program. */
const SERVER_TAGS = { 'itcare-backup-policy': 'daily' };

interface Row { args: Record<string, unknown>; opts?: Record<string, unknown>; secret?: string[] }
let em: SpawnedEmulator;
let t: TestStack;
let program: Record<string, Row>;

const mutations = (log: LogEntry[]) => log.filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'));
const described = (log: LogEntry[]) => mutations(log).map((e) => `${e.method} ${e.path}`);
const byName = async (name: string) => (await em.control.instances()).filter((i: StoredInstance) => i.name === name);
const idOf = async (name: string) => {
  const [vm] = await byName(name);
  if (!vm) throw new Error(`no instance ${name} at the emulator: ${JSON.stringify((await em.control.instances()).map((i: StoredInstance) => [i.id, i.name, i.status]))}`);
  return vm.id;
};
const urnOf = (name: string) => `urn:pulumi:options::itcare-e2e-options::pulumi-nodejs:dynamic/compute:Instance::${name}`;

const urns = async () => ((await t.stack.exportStack()).deployment.resources ?? []).map((r: { urn: string }) => r.urn);

/** Sets the program, clears the request log, runs `pulumi <args>`; the CLI's exit code and output. */
async function run(rows: Record<string, Row>, args: string[]) {
  program = rows;
  await t.stack.setConfig('resources', { value: JSON.stringify(rows) });
  await em.control.clearLog();
  const r = await t.cli(args);
  return { ...r, log: await em.control.log() };
}
const up = (rows: Record<string, Row>, ...flags: string[]) => run(rows, ['up', '--yes', '--skip-preview', ...flags]);
const expectOk = (r: { code: number; output: string }) => {
  if (r.code !== 0) throw new Error(`pulumi exited ${r.code}:\n${r.output}`);
};

/** An out-of-band resize, as someone would do in the console. */
async function resizeAtITCare(name: string, cpu: number, ram: number) {
  const token = (await getToken(em)).access_token;
  const res = await apiCall(em, token, 'PATCH', `/compute/instances/${await idOf(name)}`, { operation: 'resize', options: { cpu, ram } });
  expect(res.status).toBe(202);
  await waitForAction(em, token, res.body.id);
}

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '100']);
  await em.control.behaviour({ serverTags: SERVER_TAGS });
  t = await createStack('options', em, PROGRAM);
  await t.stack.setConfig('note', { value: SECRET, secret: true });
});

afterAll(async () => {
  if (t && program) await up(Object.fromEntries(Object.entries(program).map(([k, r]) => [k, { ...r, opts: { ...r.opts, protect: false } }]))).catch(() => undefined);
  await t?.dispose();
  await em?.stop();
});

const initial: Record<string, Row> = {
  web: { args: { ...base, tags: { team: 'web' }, description: 'note' }, secret: ['description'], opts: { customTimeouts: { create: '5m' } } },
  dbase: { args: { ...base, ram: 8 }, opts: { protect: true } },
  keep: { args: { ...base }, opts: { retainOnDelete: true } },
  drifty: { args: { ...base, tags: { team: 'ops' } }, opts: { ignoreChanges: ['tags', 'cpu'] } },
};

/** The matrix: option or command, what it must do; in order, each on the state the previous left. */
const matrix: [string, () => Promise<void>][] = [
  ['up with server-added tags, a secret input and customTimeouts: created; the secret stays secret; customTimeouts is warned about', async () => {
    const r = await up(initial);
    expectOk(r);
    expect((await em.control.instances()).map((i: StoredInstance) => i.name).sort()).toEqual(['dbase', 'drifty', 'keep', 'web']);
    expect((await byName('web'))[0].tags).toMatchObject({ team: 'web', ...SERVER_TAGS });
    expect(t.stateText()).not.toContain(SECRET);
    expect((await byName('web'))[0].description).toBe(SECRET);
    expect(r.output).not.toContain(SECRET);
    expect(r.output).toMatch(/customTimeouts is not enforced for ITCare resources.*timeouts/);
  }],
  ['stack export / import round trip, then up --expect-no-changes: server-added tags and secrets are never a diff, exit 0, no API mutation', async () => {
    await t.stack.importStack(await t.stack.exportStack());
    const r = await run(initial, ['up', '--yes', '--expect-no-changes']);
    expectOk(r);
    expect(described(r.log)).toEqual([]);
  }],
  ['refresh --preview-only, preview --refresh: drift shown, nothing changed; ignoreChanges [tags, cpu] never planned back, from ITCare or the program', async () => {
    await resizeAtITCare('web', 4, 4);
    await resizeAtITCare('drifty', 4, 4);
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
  }],
  ['--replace <urn> without deleteBeforeReplace: nothing lost (the create meets the old one by its marker); said, not replaced', async () => {
    const old = await idOf('web');
    const r = await run(initial, ['up', '--yes', '--replace', urnOf('web')]);
    const seen = `${r.output}\n${JSON.stringify(described(r.log))}`;
    expect(await byName('web')).toMatchObject([{ id: old, status: 'ACTIVE' }]);
    expect(seen).toMatch(/web: not replaced: ITCare names are unique per service.*deleteBeforeReplace: true/);
    expect(described(r.log).filter((e) => e.startsWith('DELETE'))).toEqual([]);
  }],
  ['--replace <urn> with deleteBeforeReplace: replaced once, name kept, old one stopped and deleted first, nothing else touched', async () => {
    const old = await idOf('web');
    const rows = { ...initial, web: { ...initial.web, opts: { ...initial.web.opts, deleteBeforeReplace: true } } };
    const r = await run(rows, ['up', '--yes', '--replace', urnOf('web')]);
    expectOk(r);
    expect(described(r.log)).toEqual([`PATCH /itcare/compute/instances/${old}`, `DELETE /itcare/compute/instances/${old}`, 'POST /itcare/compute/instances']);
    expect(await byName('web')).toMatchObject([{ name: 'web', status: 'ACTIVE' }]);
    expect(await idOf('web')).not.toBe(old);
  }],
  ['replaceOnChanges [ram] + deleteBeforeReplace: a ram change replaces, name kept, old deleted first', async () => {
    const old = await idOf('web');
    const rows = { ...initial, web: { ...initial.web, args: { ...initial.web.args, ram: 8 }, opts: { replaceOnChanges: ['ram'], deleteBeforeReplace: true } } };
    const r = await run(rows, ['up', '--yes']);
    expectOk(r);
    expect(await byName('web')).toMatchObject([{ ram: 8 }]);
    expect(described(r.log)).toEqual([`PATCH /itcare/compute/instances/${old}`, `DELETE /itcare/compute/instances/${old}`, 'POST /itcare/compute/instances']);
    initial.web = rows.web;
  }],
  ['protect: delete refused by the engine, no API call', async () => {
    const { dbase: _dbase, ...withoutDb } = initial;
    const removed = await up(withoutDb);
    expect(removed.code).not.toBe(0);
    expect(removed.output).toMatch(/protect/);
    expect(described(removed.log)).toEqual([]);
    expect(await byName('dbase')).toHaveLength(1);
  }],
  ['aliases: renaming the Pulumi resource is no replace and no API mutation', async () => {
    const { keep, ...rest } = initial;
    const renamed = { ...rest, kept: { ...keep, args: { ...keep.args, name: 'keep' }, opts: { ...keep.opts, aliases: ['keep'] } } };
    const r = await up(renamed);
    expectOk(r);
    expect(described(r.log)).toEqual([]);
    expect(await byName('keep')).toHaveLength(1);
    delete initial.keep;
    initial.kept = renamed.kept;
  }],
  ['--target: only the targeted resource gets API calls', async () => {
    const rows = {
      ...initial,
      web: { ...initial.web, args: { ...initial.web.args, tags: { team: 'web', tier: 'front' } } },
      dbase: { ...initial.dbase, args: { ...initial.dbase.args, ram: 16 } },
    };
    const r = await up(rows, '--target', urnOf('web'));
    expectOk(r);
    const web = await idOf('web');
    expect(described(r.log)).toEqual([`PATCH /itcare/compute/instances/${web}`]);
    expect((await byName('web'))[0].tags).toEqual({ team: 'web', tier: 'front', ...SERVER_TAGS, 'pulumi-itcare-owner': expect.any(String) });
    expect((await byName('dbase'))[0].ram).toBe(8);
    initial.web = rows.web;
  }],
  ['retainOnDelete, and pulumi state delete: out of the stack, still at ITCare; adopt brings both back with no mutation', async () => {
    const { kept, ...rest } = initial;
    const removed = await up(rest);
    expectOk(removed);
    expect(described(removed.log)).toEqual([]);
    expect(await byName('keep')).toMatchObject([{ status: 'ACTIVE' }]);
    expectOk(await t.cli(['state', 'delete', urnOf('drifty'), '--yes']));
    expect(await urns()).not.toContain(urnOf('drifty'));
    const adopt = (r: Row) => ({ ...r, args: { ...r.args, adopt: true } });
    // Adopting is a create: ignoreChanges does not apply, so the program states what ITCare has (cpu 4 since the drift row).
    const drifty = adopt({ ...rest.drifty, args: { ...rest.drifty.args, cpu: 4 } });
    const adopted = await up({ ...rest, drifty, kept: adopt(kept) });
    expectOk(adopted);
    expect(described(adopted.log)).toEqual([]);
    expect(await urns()).toEqual(expect.arrayContaining([urnOf('kept'), urnOf('drifty')]));
    expect((await em.control.instances()).map((i: StoredInstance) => i.name).sort()).toEqual(['dbase', 'drifty', 'keep', 'web']);
  }],
];

describe('Pulumi options and CLI flows on ITCare instances (issue 13 matrix)', () => {
  for (const [row, check] of matrix) it(row, check);
});
