import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalWorkspace, PulumiCommand } from '@pulumi/pulumi/automation';
import { INSTANCES_PROGRAM, REPO, installedProject } from './project';
import type { Bench, Target } from './types';

/**
 * `pulumi up` / no-op `up` / `destroy` of N resources with the real CLI (Automation API, local
 * file:// backend, --parallel 100), for ITCare instances against the emulator and for trivial
 * dynamic resources whose create sleeps as long as an ITCare action (and whose delete sleeps twice
 * that: destroying a running instance is a stop and a delete). Both programs run from a project
 * where pulumi-itcare is installed as users get it (bench/project.ts). Peak RSS of the program and
 * provider processes is their VmHWM from /proc, sampled while each command runs.
 */
const TRIVIAL_PROGRAM = `const pulumi = require('@pulumi/pulumi');
const cfg = new pulumi.Config();
const count = cfg.requireNumber('count');
const ms = cfg.requireNumber('actionMs');
const sleep = (t) => new Promise((r) => setTimeout(r, t));
const provider = {
  async create(inputs) { await sleep(inputs.ms); return { id: inputs.name, outs: inputs }; },
  async delete(id, props) { await sleep(2 * props.ms); },
};
class Trivial extends pulumi.dynamic.Resource { constructor(name, args) { super(provider, name, args); } }
for (let i = 0; i < count; i++) new Trivial('t' + i, { name: 't' + i, ms });
`;

export interface CliRun {
  kind: 'itcare' | 'trivial';
  count: number;
  upS: number;
  noopS: number;
  destroyS: number;
  programPeakMiB: number;
  providerPeakMiB: number;
  stateBytes: number;
  providerChars: number;
  tokenRequests?: number;
}

function cliDir(): string {
  return execFileSync(path.join(REPO, 'scripts', 'ensure-pulumi'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop()!;
}

/** Peak VmHWM (MiB) of this run's program and provider processes: the ones whose environment names its backend. */
function rssSampler(marker: string) {
  const peak = { program: 0, provider: 0 };
  const sample = () => {
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const role = cmd.includes('dynamic-provider') ? 'provider' : cmd.includes('cmd/run') ? 'program' : undefined;
        if (!role || !fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker)) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (hwm) peak[role] = Math.max(peak[role], Number(hwm[1]) / 1024);
      } catch {
        // exited between the listing and the read
      }
    }
  };
  const timer = setInterval(sample, 200);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** `cycles` up / no-op up / destroy cycles on one stack; later cycles wait with the durations the first learned. */
export async function cliRun(t: Target, kind: 'itcare' | 'trivial', count: number, actionMs: number, cycles = 1): Promise<CliRun[]> {
  const bin = cliDir();
  const project = installedProject(kind === 'itcare' ? INSTANCES_PROGRAM : TRIVIAL_PROGRAM);
  const home = path.join(project.dir, '.pulumi-bench');
  fs.mkdirSync(path.join(home, 'backend'), { recursive: true });
  const envVars = {
    PATH: `${bin}${path.delimiter}${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(home, 'home'),
    PULUMI_BACKEND_URL: `file://${path.join(home, 'backend')}`,
    PULUMI_CONFIG_PASSPHRASE: 'itcare-bench',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    ITCARE_VALIDATION_CACHE: path.join(home, 'validated'),
    ITCARE_ACTION_DURATIONS: path.join(home, 'durations.json'),
  };
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: 'bench', workDir: project.dir }, { pulumiCommand, envVars });
  try {
    await t.control('POST', '/reset');
    await t.control('PUT', '/actions/timing', { durationMs: actionMs });
    const networks = [
      [1001, 2001],
      [1001, 2002],
      [1002, 2003],
    ];
    const instances = Object.fromEntries(
      Array.from({ length: count }, (_, i) => {
        const [serviceId, networkId] = networks[i % 3];
        return [`vm${String(i).padStart(3, '0')}`, { serviceId, networkId, productCode: 'deb12', cpu: 2, ram: 4 }];
      }),
    );
    await stack.setAllConfig({
      'itcare:url': { value: t.url },
      'itcare:oidcIssuer': { value: t.issuer },
      'itcare:clientId': { value: t.clientId },
      'itcare:clientSecret': { value: t.clientSecret, secret: true },
      instances: { value: JSON.stringify(instances) },
      count: { value: String(count) },
      actionMs: { value: String(actionMs) },
    });
    const timed = async (f: () => Promise<unknown>) => {
      const s = performance.now();
      await f();
      return (performance.now() - s) / 1000;
    };
    const runs: CliRun[] = [];
    for (let cycle = 0; cycle < cycles; cycle++) {
      const rss = rssSampler(envVars.PULUMI_BACKEND_URL);
      await t.control('DELETE', '/log');
      const upS = await timed(() => stack.up({ parallel: 100 }));
      const log = (await t.control('GET', '/log')) as { grantType?: string }[];
      const state = fs.readFileSync(path.join(home, 'backend', '.pulumi', 'stacks', 'itcare-e2e', 'bench.json'), 'utf8');
      const resources = (JSON.parse(state).checkpoint.latest.resources ?? []) as { outputs?: { __provider?: string } }[];
      const providerChars = resources.find((r) => r.outputs?.__provider)?.outputs?.__provider?.length ?? 0;
      const noopS = await timed(() => stack.up({ parallel: 100 }));
      const destroyS = await timed(() => stack.destroy({ parallel: 100 }));
      const peak = rss.stop();
      runs.push({
        kind,
        count,
        upS,
        noopS,
        destroyS,
        programPeakMiB: peak.program,
        providerPeakMiB: peak.provider,
        stateBytes: Buffer.byteLength(state),
        providerChars,
        tokenRequests: kind === 'itcare' ? log.filter((e) => e.grantType).length : undefined,
      });
    }
    return runs;
  } finally {
    await stack.workspace.removeStack('bench', { force: true }).catch(() => undefined);
    project.dispose();
  }
}

const mib = (x: number) => x.toFixed(0);
const s1 = (x: number) => x.toFixed(1);

/** P3: up / no-op up / destroy of 100 resources, 2 s actions, --parallel 100. */
export async function upBench(t: Target, count = 100): Promise<Bench> {
  const [cold, itcare] = await cliRun(t, 'itcare', count, 2000, 2);
  const [trivial] = await cliRun(t, 'trivial', count, 2000);
  const goal = 1.5 * trivial.upS + 2;
  const verdict = (r: CliRun) => `up ≤ 1.5 × trivial + 2 s = ${s1(goal)} s: ${r.upS <= goal ? 'meets' : 'misses'}`;
  return {
    id: 'P3',
    title: `P3: pulumi up / no-op up / destroy of ${count} resources (real CLI, --parallel 100, 2 s actions)`,
    question: 'How much does an ITCare instance cost the engine over a trivial dynamic resource doing the same waits?',
    header: ['resources', 'up s', 'no-op up s', 'destroy s', 'token requests (up)', 'goal'],
    rows: [
      [
        `${count} compute.Instance, first run (no durations known: capped backoff)`,
        s1(cold.upS),
        s1(cold.noopS),
        s1(cold.destroyS),
        cold.tokenRequests ?? '',
        verdict(cold),
      ],
      [
        `${count} compute.Instance, next run (durations learned)`,
        s1(itcare.upS),
        s1(itcare.noopS),
        s1(itcare.destroyS),
        itcare.tokenRequests ?? '',
        verdict(itcare),
      ],
      [`${count} trivial dynamic`, s1(trivial.upS), s1(trivial.noopS), s1(trivial.destroyS), '', ''],
    ],
    finding: `up takes ${(cold.upS / trivial.upS).toFixed(2)} × the trivial resources' on a first run and ${(itcare.upS / trivial.upS).toFixed(2)} × once durations are known (the issue measured 1.84×); the provider process asks for ${itcare.tokenRequests} token(s) for ${count} parallel resources.`,
  };
}

/** P4: peak RSS and state size of an up of N resources (500 in the issue). */
export async function scaleBench(t: Target, count = 500): Promise<Bench> {
  const [itcare] = await cliRun(t, 'itcare', count, 2000);
  const [trivial] = await cliRun(t, 'trivial', count, 2000);
  return {
    id: 'P4',
    title: `P4: ${count} resources: peak RSS and state size (real CLI)`,
    question: 'Memory of the program and provider processes, and the state file, against trivial dynamic resources.',
    header: ['resources', 'provider peak MiB', 'program peak MiB', 'state KiB', '__provider chars', 'up s', 'destroy s'],
    rows: [
      [
        `${count} compute.Instance`,
        mib(itcare.providerPeakMiB),
        mib(itcare.programPeakMiB),
        (itcare.stateBytes / 1024).toFixed(0),
        itcare.providerChars,
        s1(itcare.upS),
        s1(itcare.destroyS),
      ],
      [
        `${count} trivial dynamic`,
        mib(trivial.providerPeakMiB),
        mib(trivial.programPeakMiB),
        (trivial.stateBytes / 1024).toFixed(0),
        trivial.providerChars,
        s1(trivial.upS),
        s1(trivial.destroyS),
      ],
      ['goal', '≤ 200', `≤ 1.2 × trivial = ${mib(1.2 * trivial.programPeakMiB)}`, '', '≤ 600', '', ''],
    ],
    finding: `provider ${itcare.providerPeakMiB <= 200 ? 'meets' : 'misses'} its goal (${mib(itcare.providerPeakMiB)} MiB), program ${itcare.programPeakMiB <= 1.2 * trivial.programPeakMiB ? 'meets' : 'misses'} its goal (${mib(itcare.programPeakMiB)} vs ${mib(trivial.programPeakMiB)} MiB); the state is ${(itcare.stateBytes / trivial.stateBytes).toFixed(2)} × the trivial one's, with ${itcare.providerChars} characters of provider per resource.`,
  };
}
