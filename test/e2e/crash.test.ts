import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { CONVERGED, convergence } from '../helpers/convergence';
import { leaks } from '../helpers/leaks';
import { type Proc, dynamicProviders, kill, pulumiCli, tree } from '../helpers/processes';
import { sampleOf } from '../helpers/catalogSamples';
import { REPO, collector, createStack, desire, type TestStack } from '../helpers/pulumi';

/**
 * A provider that dies while ITCare runs its creates (OOM, a kill of the process tree) must not leave
 * silent orphans: each created instance carries this stack's ownership marker, each database or URL
 * (no tags) a note in the create journal, and the next plain `up` adopts them instead of failing with
 * 409 or creating duplicates.
 */
jest.setTimeout(300_000);

const N = 6;
const vm = { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 };
const fleet = (prefix: string) => Object.fromEntries(Array.from({ length: N }, (_, i) => [`${prefix}${i}`, vm]));
let em: SpawnedEmulator;
let t: TestStack;
let c: TestStack; // a catalogue program: a database and a load balancer URL
const outputs: Record<string, string> = {};

beforeAll(async () => {
  // Long actions: the creates are still running when the provider dies.
  em = await spawnEmulator(['--action-ms', '6000']);
  t = await createStack('crash', em);
  c = await createStack('crashcat', em, path.join(REPO, 'test', 'e2e', 'catalogProgram'));
});

afterAll(async () => {
  await em?.control.timing({ durationMs: 200 });
  await c?.dispose();
  await t?.dispose();
  await em?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates ITCare accepted (202) since the log was cleared, on paths matching `path`. */
async function acceptedCreates(path: RegExp = /^\/itcare\/compute\/instances$/): Promise<number> {
  return (await em.control.log()).filter((e) => e.method === 'POST' && !e.dryRun && path.test(e.path) && e.status === 202).length;
}

/** Starts an `up` of `on`, waits until ITCare accepted every create (`accepted()`), then SIGKILLs `victims()`. */
async function upThenKill(
  label: string,
  victims: () => Proc[],
  on: TestStack = t,
  accepted: () => Promise<boolean> = async () => (await acceptedCreates()) >= N,
): Promise<void> {
  await em.control.clearLog();
  const out = collector();
  const up = on.stack.up({ onOutput: out.onOutput }).then(
    () => 'finished' as const,
    (err: Error) => err,
  );
  const deadline = Date.now() + 120_000;
  while (!(await accepted())) {
    if (Date.now() > deadline) throw new Error(`the creates were not accepted in time:\n${out.text()}`);
    await sleep(100);
  }
  const procs = victims();
  expect(procs.length).toBeGreaterThan(0);
  kill(procs);
  const result = await up;
  outputs[label] = out.text() + String(result);
  expect(result).not.toBe('finished');
}

/** The stack's instances in state (not pending operations). */
async function inState(): Promise<number> {
  const exported = await t.stack.exportStack();
  return (exported.deployment.resources ?? []).filter((r: { type: string }) => r.type.endsWith(':Instance')).length;
}

describe('crash recovery with the real Pulumi engine', () => {
  it('the provider process killed after ITCare accepted the creates: one plain up adopts them, no duplicate, no orphan', async () => {
    const desired = fleet('crashp');
    await desire(t.stack, desired);
    await upThenKill('provider killed', () => dynamicProviders());
    expect((await em.control.instances()).length).toBe(N); // they exist in ITCare…
    expect(await inState()).toBe(0); // …and Pulumi holds none of them

    await em.control.clearLog();
    const out = collector();
    await t.stack.up({ onOutput: out.onOutput });
    outputs['up after provider kill'] = out.text();
    // Found through the journal's note before any POST, or by the 409's holder; the marker says it is ours either way.
    expect(out.text()).toMatch(
      /that this resource created \((it carries this stack's ownership marker|an earlier create of it was sent and never recorded \(a crash\))\); adopting it/,
    );
    const log = await em.control.log();
    expect(log.filter((e) => e.method === 'POST' && !e.dryRun && e.status === 202)).toEqual([]); // nothing created twice
    expect(await convergence(em, t, desired)).toEqual(CONVERGED);
  });

  it('the whole process tree killed: after pulumi cancel (the lock stays), one plain up converges; its pending creates stay until refresh --clear-pending-creates', async () => {
    await t.stack.destroy({ onOutput: () => undefined });
    expect(await em.control.instances()).toEqual([]);
    const desired = fleet('crasht');
    await desire(t.stack, desired);
    await upThenKill('tree killed', () => pulumiCli().flatMap(tree));
    expect((await em.control.instances()).length).toBe(N);

    const locks = path.join(t.dir, 'backend', '.pulumi', 'locks');
    const lockFiles = () =>
      fs.existsSync(locks) ? fs.readdirSync(locks, { recursive: true }).filter((f) => String(f).endsWith('.json')) : [];
    expect(lockFiles().length).toBeGreaterThan(0); // the killed CLI left its lock…
    await t.stack.cancel(); // …which pulumi cancel removes
    expect(lockFiles()).toEqual([]);
    const out = collector();
    await em.control.clearLog();
    await t.stack.up({ onOutput: out.onOutput });
    outputs['up after tree kill'] = out.text();
    const log = await em.control.log();
    expect(log.filter((e) => e.method === 'POST' && !e.dryRun && e.status === 202)).toEqual([]);
    // Converged, except that the killed CLI's pending creates stay recorded until they are cleared.
    const pending = (await t.stack.exportStack()).deployment.pending_operations ?? [];
    expect(await convergence(em, t, desired)).toEqual({
      ...CONVERGED,
      stateMismatch: pending.length ? [`${pending.length} pending operation(s)`] : [],
    });
    const refresh = collector();
    await t.stack.refresh({ onOutput: refresh.onOutput, clearPendingCreates: true });
    outputs['refresh --clear-pending-creates'] = refresh.text();
    expect(await convergence(em, t, desired)).toEqual(CONVERGED);
  });

  /**
   * Kinds whose body cannot carry the marker: a PostgreSQL and a load balancer URL (a name that is not
   * unique: a second POST would succeed and duplicate it). Their creates were noted in the create
   * journal before the POST; the next up judges the name's holders by the note's time, this client
   * and the create-only fields, and adopts them.
   */
  it('the provider killed after ITCare accepted a PostgreSQL and a load balancer URL: one plain up adopts both, no duplicate, no orphan', async () => {
    const base = {
      vm: { type: 'compute.Instance', args: { name: 'crashvm01', ...vm } },
      lb: {
        type: 'networking.LoadBalancer',
        args: { ...sampleOf('networking.LoadBalancer').args, members: [{ $ref: 'compute.Instance' }] },
      },
    };
    const desired = {
      ...base,
      db: { type: 'databases.PostgreSQL', args: { ...sampleOf('databases.PostgreSQL').args, name: 'ordersdb01' } },
      url: { type: 'networking.LoadBalancerUrl', args: sampleOf('networking.LoadBalancerUrl').args },
    };
    await em.control.timing({ durationMs: 200 });
    await c.stack.setConfig('resources', { value: JSON.stringify(base), secret: true });
    await c.stack.up({ onOutput: () => undefined });
    await em.control.timing({ durationMs: 6000 }); // both creates still running when the provider dies
    await c.stack.setConfig('resources', { value: JSON.stringify(desired), secret: true });
    const both = async () => (await acceptedCreates(/\/databases\/postgresql$/)) === 1 && (await acceptedCreates(/\/urls$/)) === 1;
    await upThenKill('provider killed (database, URL)', () => dynamicProviders(), c, both);
    const held = async () =>
      [...(await em.control.resources('postgresql')), ...(await em.control.resources('urls'))].map((r) => String(r.id)).sort();
    const created = await held();
    expect(created).toHaveLength(2); // they exist in ITCare…
    const typesInState = async () =>
      ((await c.stack.exportStack()).deployment.resources ?? []).map((r: { type: string }) => r.type.split(':').pop());
    expect(await typesInState()).not.toEqual(expect.arrayContaining(['PostgreSQL'])); // …and Pulumi does not hold the database

    await em.control.timing({ durationMs: 200 });
    await em.control.clearLog();
    const out = collector();
    await c.stack.up({ onOutput: out.onOutput });
    outputs['up after provider kill (database, URL)'] = out.text();
    for (const label of ['databases.PostgreSQL ordersdb01', 'networking.LoadBalancerUrl www.shop.cegedim.cloud']) {
      expect(out.text()).toMatch(
        new RegExp(
          `${label.replace(/\./g, '\\.')}: found resource \\S+ that this resource created \\(an earlier create of it was sent and never recorded \\(a crash\\)\\); adopting it`,
        ),
      );
    }
    expect((await em.control.log()).filter((e) => e.method === 'POST' && !e.dryRun && e.status === 202)).toEqual([]); // nothing created twice
    expect(await held()).toEqual(created); // nothing orphaned: the same two, now in state
    const ids = ((await c.stack.exportStack()).deployment.resources ?? [])
      .filter((r: { type: string }) => /:(PostgreSQL|LoadBalancerUrl)$/.test(r.type))
      .map((r: { id: string }) => r.id)
      .sort();
    expect(ids).toEqual(created);
    const again = collector();
    await c.stack.preview({ onOutput: again.onOutput, expectNoChanges: true }); // converged: nothing left to do
  });

  it('no secret, token or Authorization header in the backend or any output', async () => {
    expect(await leaks(em, { backend: t.stateText() + c.stateText(), ...outputs })).toEqual([]);
  });
});
