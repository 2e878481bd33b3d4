import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalWorkspace, PulumiCommand, type Stack } from '@pulumi/pulumi/automation';
import type { Bench, Target } from './types';

/**
 * The soak test's larger variant (test/e2e/soak.test.ts): 100 instances created, a third resized,
 * all destroyed, through the real Pulumi CLI with `--parallel 50`, while about 20 % of all requests
 * are faulted (429 with Retry-After, 500, 502, 503, resets before and after processing, the identity
 * provider included). Each phase is repeated until it converged; measured: rounds, wall time,
 * requests, and what is left wrong at the end (duplicates, orphans).
 */
const N = 100;
const PARALLEL = 50;
const ROUNDS = 6;
const P = 0.0365; // six fault kinds: 1 - (1 - P)^6 ≈ 20 %
const REPO = path.resolve(__dirname, '..', '..');
const PROGRAM = path.join(REPO, 'test', 'e2e', 'program');

const fleet = (resized: boolean) =>
  Object.fromEntries(
    Array.from({ length: N }, (_, i) => {
      const big = resized && i % 3 === 0;
      return [
        `bench${String(i).padStart(3, '0')}`,
        { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: big ? 4 : 2, ram: big ? 8 : 4 },
      ];
    }),
  );

async function stackFor(t: Target, dir: string): Promise<Stack> {
  const bin = execFileSync(path.join(REPO, 'scripts', 'ensure-pulumi'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop()!;
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin), skipVersionCheck: true });
  const envVars = {
    PATH: `${bin}${path.delimiter}${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(dir, 'home'),
    PULUMI_BACKEND_URL: `file://${path.join(dir, 'backend')}`,
    PULUMI_CONFIG_PASSPHRASE: 'itcare-bench-passphrase',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    ITCARE_VALIDATION_CACHE: path.join(dir, 'validated'),
    ITCARE_CLIENT_ID: '',
    ITCARE_CLIENT_SECRET: '',
  };
  fs.mkdirSync(path.join(dir, 'backend'), { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: 'bench-soak', workDir: PROGRAM }, { pulumiCommand, envVars });
  await stack.setAllConfig({
    'itcare:url': { value: t.url },
    'itcare:oidcIssuer': { value: t.issuer },
    'itcare:clientId': { value: t.clientId },
    'itcare:clientSecret': { value: t.clientSecret, secret: true },
  });
  return stack;
}

interface Phase {
  rounds: number;
  ms: number;
  requests: number;
  faulted: number;
}

export async function soakBench(t: Target): Promise<Bench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-bench-soak-'));
  const stack = await stackFor(t, dir);
  await t.control('POST', '/reset');
  await t.control('PUT', '/actions/timing', { durationMs: 150 });
  await t.control('PUT', '/tokens', { accessTtl: 10, refreshTtl: 30 });
  const kinds = [
    { status: 429, retryAfter: 1 },
    { status: 500 },
    { status: 502 },
    { status: 503 },
    { reset: 'before' },
    { reset: 'after' },
  ];
  for (const k of kinds) await t.control('POST', '/faults', { ...k, probability: P });

  const instances = async () =>
    (await t.control('GET', '/resources/instances')) as { id: number; name: string; status: string; cpu: number }[];
  const inState = async () =>
    ((await stack.exportStack()).deployment.resources ?? []).filter((r: { type: string }) => r.type.endsWith(':Instance')) as {
      id: string;
    }[];
  const converged = async (desired: Record<string, { cpu: number }>) => {
    const [held, state] = [await instances(), await inState()];
    const ids = new Set(state.map((r) => String(r.id)));
    return (
      held.length === Object.keys(desired).length &&
      state.length === held.length &&
      held.every((h) => ids.has(String(h.id)) && h.status === 'ACTIVE' && desired[h.name]?.cpu === h.cpu)
    );
  };
  const phase = async (op: () => Promise<unknown>, done: () => Promise<boolean>): Promise<Phase> => {
    const started = Date.now();
    let requests = 0;
    let faulted = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const ok = await op().then(
        () => true,
        () => false,
      );
      const log = (await t.control('GET', '/log')) as { status: number; reset?: string }[];
      await t.control('DELETE', '/log');
      requests += log.length;
      faulted += log.filter((e) => e.reset !== undefined || [429, 500, 502, 503].includes(e.status)).length;
      if (ok && (await done())) return { rounds: round, ms: Date.now() - started, requests, faulted };
    }
    return { rounds: Infinity, ms: Date.now() - started, requests, faulted };
  };

  const quiet = { onOutput: () => undefined, parallel: PARALLEL };
  const rows: (string | number)[][] = [];
  const left = async () => {
    const held = await instances();
    const names = held.map((h) => h.name);
    const ids = new Set((await inState()).map((r) => String(r.id)));
    return { duplicates: names.length - new Set(names).size, orphans: held.filter((h) => !ids.has(String(h.id))).length };
  };
  try {
    for (const [label, desired, op] of [
      ['create', fleet(false), () => stack.up(quiet)],
      ['resize a third', fleet(true), () => stack.up(quiet)],
    ] as const) {
      await stack.setConfig('instances', { value: JSON.stringify(desired) });
      const p = await phase(op, () => converged(desired));
      const l = await left();
      rows.push([
        label,
        p.rounds,
        (p.ms / 1000).toFixed(1),
        p.requests,
        `${((p.faulted / p.requests) * 100).toFixed(1)} %`,
        l.duplicates,
        l.orphans,
      ]);
    }
    const p = await phase(
      () => stack.destroy(quiet),
      async () => (await instances()).length === 0,
    );
    const l = await left();
    rows.push([
      'destroy',
      p.rounds,
      (p.ms / 1000).toFixed(1),
      p.requests,
      `${((p.faulted / p.requests) * 100).toFixed(1)} %`,
      l.duplicates,
      l.orphans,
    ]);
  } finally {
    await t.control('DELETE', '/faults');
    await stack.destroy({ onOutput: () => undefined }).catch(() => undefined);
    await stack.workspace.removeStack('bench-soak', { force: true }).catch(() => undefined);
    fs.rmSync(path.join(PROGRAM, 'Pulumi.bench-soak.yaml'), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    await t.control('POST', '/reset');
  }
  const total = rows.reduce((s, r) => s + Number(r[2]), 0);
  return {
    id: 'soak',
    title: `Soak: ${N} instances, --parallel ${PARALLEL}, ~20 % of requests faulted`,
    question: 'How many `up` rounds and how long until create, change and destroy converge, and is anything duplicated or orphaned?',
    header: ['phase', 'rounds to converge', 'wall s', 'requests', 'faulted', 'duplicates', 'orphans'],
    rows,
    finding: `every phase converged (rounds ${rows.map((r) => r[1]).join(' / ')}, ${total.toFixed(0)} s in all) with ${rows.map((r) => `${r[5]} duplicates, ${r[6]} orphans`).at(-1)} at the end.`,
  };
}
