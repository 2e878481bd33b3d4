import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { CONVERGED, convergence } from '../helpers/convergence';
import { leaks } from '../helpers/leaks';
import { type Proc, dynamicProviders, kill, pulumiCli, tree } from '../helpers/processes';
import { collector, createStack, desire, type TestStack } from '../helpers/pulumi';

/**
 * A provider that dies while ITCare runs its creates (OOM, a kill of the process tree) must not leave
 * silent orphans: each created instance carries this stack's ownership marker, and the next plain
 * `up` adopts them instead of failing with 409 or creating duplicates.
 */
jest.setTimeout(300_000);

const N = 6;
const vm = { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 };
const fleet = (prefix: string) => Object.fromEntries(Array.from({ length: N }, (_, i) => [`${prefix}${i}`, vm]));
let em: SpawnedEmulator;
let t: TestStack;
const outputs: Record<string, string> = {};

beforeAll(async () => {
  // Long actions: the creates are still running when the provider dies.
  em = await spawnEmulator(['--action-ms', '6000']);
  t = await createStack('crash', em);
});

afterAll(async () => {
  await t?.dispose();
  await em?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acceptedCreates(): Promise<number> {
  return (await em.control.log()).filter((e) => e.method === 'POST' && !e.dryRun && e.path === '/itcare/compute/instances' && e.status === 202).length;
}

/** Starts an `up`, waits until ITCare accepted every create, then SIGKILLs `victims()`. */
async function upThenKill(label: string, victims: () => Proc[]): Promise<void> {
  await em.control.clearLog();
  const out = collector();
  const up = t.stack.up({ onOutput: out.onOutput }).then(() => 'finished' as const, (err: Error) => err);
  const deadline = Date.now() + 120_000;
  while ((await acceptedCreates()) < N) {
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
    expect(out.text()).toMatch(/carries this stack's ownership marker\); adopting it/);
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
    const lockFiles = () => (fs.existsSync(locks) ? fs.readdirSync(locks, { recursive: true }).filter((f) => String(f).endsWith('.json')) : []);
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
    expect(await convergence(em, t, desired)).toEqual({ ...CONVERGED, stateMismatch: pending.length ? [`${pending.length} pending operation(s)`] : [] });
    const refresh = collector();
    await t.stack.refresh({ onOutput: refresh.onOutput, clearPendingCreates: true });
    outputs['refresh --clear-pending-creates'] = refresh.text();
    expect(await convergence(em, t, desired)).toEqual(CONVERGED);
  });

  it('no secret, token or Authorization header in the backend or any output', async () => {
    expect(await leaks(em, { backend: t.stateText(), ...outputs })).toEqual([]);
  });
});
