import * as path from 'node:path';
import { catalog, collectionPath, nameFieldOf, parsePath, type AnyResourceDescriptor } from '../../sdk/resources';
import { sampleOf } from '../helpers/catalogSamples';
import { spawnEmulator, type LogEntry, type SpawnedEmulator } from '../helpers/emulator';
import { createStack, REPO, type TestStack } from '../helpers/pulumi';

/**
 * `pulumi up --replace <urn>` over every kind of the catalogue, with the resource classes' default
 * options (provider/resources/options.ts replaceOrder), under the real CLI: each named resource gets
 * a new id under the same name and the old one is gone; a kind whose names are unique per service
 * deletes the old one first (an instance is stopped first, its snapshot deleted before it), the
 * others create the new one first.
 * One stack holds one resource of each kind (the catalogue test's program), all replaced by one `up`.
 */
jest.setTimeout(600_000);

const PROGRAM = path.join(REPO, 'test', 'e2e', 'catalogProgram');
const PROJECT = 'itcare-e2e-catalog';
const STACK = 'replace';
const kinds = Object.entries(catalog) as [string, AnyResourceDescriptor][];
const keyOf = (kind: string) => kind.replace('.', '-').toLowerCase();
const urnOf = (d: AnyResourceDescriptor, kind: string) =>
  `urn:pulumi:${STACK}::${PROJECT}::pulumi-nodejs:dynamic/${d.module}:${d.kind}::${keyOf(kind)}`;
type Model = Record<string, unknown>;

let em: SpawnedEmulator;
let t: TestStack;

/** What the emulator holds of each kind. */
async function held(): Promise<Record<string, Model[]>> {
  const out: Record<string, Model[]> = {};
  for (const [kind, d] of kinds) out[kind] = await em.control.resources(parsePath(d.path).collection);
  return out;
}

/** The API path of a resource's collection and of the resource itself (a child's under its parent). */
const collectionOf = (d: AnyResourceDescriptor, m: Model) => `/itcare${collectionPath(d, d.parent ? m[d.parent.field] : undefined)}`;
const itemOf = (d: AnyResourceDescriptor, m: Model) => `${collectionOf(d, m)}/${encodeURIComponent(String(m.id))}`;
const at = (log: LogEntry[], method: string, p: string) => log.findIndex((e) => e.method === method && !e.dryRun && e.path === p);

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '100']);
  t = await createStack(STACK, em, PROGRAM);
  const resources = Object.fromEntries(kinds.map(([kind]) => [keyOf(kind), { type: kind, args: sampleOf(kind).args }]));
  await t.stack.setConfig('resources', { value: JSON.stringify(resources), secret: true });
});

afterAll(async () => {
  await t?.dispose();
  await em?.stop();
});

describe('pulumi up --replace <urn> of every kind, default options', () => {
  let before: Record<string, Model[]> = {};

  it('up creates one resource of each kind', async () => {
    const r = await t.cli(['up', '--yes', '--skip-preview']);
    if (r.code !== 0) throw new Error(r.output);
    before = await held();
    for (const [kind] of kinds) expect(before[kind]).toHaveLength(1);
  });

  it('replaces each one: a new id under the same name, the old one gone, unique names deleted first', async () => {
    await em.control.clearLog();
    const r = await t.cli(['up', '--yes', ...kinds.flatMap(([kind, d]) => ['--replace', urnOf(d, kind)])]);
    if (r.code !== 0) throw new Error(r.output);
    expect(r.output).toMatch(new RegExp(`${kinds.length} replaced`));
    expect(r.output).not.toMatch(/NOT replaced/);
    const log = await em.control.log();
    const after = await held();
    for (const [kind, d] of kinds) {
      const [old] = before[kind];
      const field = nameFieldOf(d);
      // One holder of the name, a new one: the CLI's "replaced" is true.
      expect({ kind, now: after[kind].map((m) => m[field]) }).toEqual({ kind, now: [old[field]] });
      const [now] = after[kind];
      expect({ kind, sameId: now.id === old.id }).toEqual({ kind, sameId: false });
      const deleted = at(log, 'DELETE', itemOf(d, old));
      const created = at(log, 'POST', collectionOf(d, now));
      expect({ kind, deleted: deleted >= 0, created: created >= 0 }).toEqual({ kind, deleted: true, created: true });
      // Unique names: the old one goes first (an instance is stopped before), and the engine deletes
      // its children (an instance's snapshot) before it; the others are created first.
      expect({ kind, deletedFirst: deleted < created }).toEqual({ kind, deletedFirst: d.uniqueName || Boolean(d.parent?.of.uniqueName) });
      if (d.power && d.deletableFrom) expect(at(log, 'PATCH', itemOf(d, old))).toBeLessThan(deleted);
    }
  });

  it('a no-op up afterwards changes nothing', async () => {
    await em.control.clearLog();
    const r = await t.cli(['up', '--yes', '--expect-no-changes']);
    if (r.code !== 0) throw new Error(r.output);
    expect((await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'))).toEqual([]);
  });
});
