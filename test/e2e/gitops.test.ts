import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { engineEnv, pulumiBinDir, REPO, steps, teardown } from '../helpers/pulumi';
import { JOBS, readPipelines, type Job } from '../helpers/pipeline';

/**
 * The rehearsal of examples/gitops: its CI jobs' own pulumi commands (read from .gitlab-ci.yml, held
 * equal to the GitHub workflow's pulumi/actions steps), run by the real CLI on a copy of the example
 * against the emulator, credentials from the environment as CI secrets give them. A pull request
 * previews its diff (the policy pack checks it too); one asking for a sizing the product does not offer fails
 * in dry run and one breaking the stack's policy fails on the pack, changing nothing; the merge is the up; an out-of-band resize fails the drift job; the next up repairs it.
 */
jest.setTimeout(300_000);

const EXAMPLE = path.join(REPO, 'examples', 'gitops');
const PG_PASSWORD = 'Pg7!GitOpsDev#2026';
const pipelines = readPipelines(EXAMPLE);
let em: SpawnedEmulator;
let dir: string;
let work: string;
let env: NodeJS.ProcessEnv;
const original = fs.readFileSync(path.join(EXAMPLE, 'fleets', 'dev.yaml'), 'utf8');

/** Runs `pulumi <args>` in the checkout, as a CI job does; never rejects (see code). */
const pulumi = (args: string[], jobEnv = env) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(path.join(pulumiBinDir(), 'pulumi'), args, { cwd: work, env: jobEnv, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, output: `${stdout}${stderr}` });
    });
  });
const job = (name: Job, stack = 'dev', jobEnv = env) => pulumi(pipelines.commands(name, stack), jobEnv);

/** A branch's fleet file: the main one with `edits` applied (each must change something). */
const fleetWith = (...edits: [string, string][]) => {
  let text = original;
  for (const [from, to] of edits) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  fs.writeFileSync(path.join(work, 'fleets', 'dev.yaml'), text);
};
const VALID_PR: [string, string][] = [['      web-02:\n        ram: 8\n', '      web-02:\n        ram: 16\n      web-03: {}\n']];

const mutations = async () => (await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'));
const instance = async (name: string) => (await em.control.instances()).find((v) => v.name === name);

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '200']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-gitops-'));
  work = path.join(dir, 'checkout');
  fs.cpSync(EXAMPLE, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  // CI runs `npm ci`; here the checkout uses this repository's packages (pulumi-itcare linked to it).
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(dir, 'backend'), { recursive: true });
  // The CI secrets, as the workflows hand them over: environment variables only.
  env = {
    ...process.env,
    ...engineEnv(dir),
    PULUMI_NON_INTERACTIVE: 'true',
    ITCARE_URL: em.url,
    ITCARE_OIDC_ISSUER: em.issuer,
    ITCARE_CLIENT_ID: em.clientId,
    ITCARE_CLIENT_SECRET: em.clientSecret,
    ITCARE_PG_PASSWORD: PG_PASSWORD,
  };
  for (const args of pipelines.setup('dev')) expect(await pulumi(args)).toMatchObject({ code: 0 });
});

afterAll(() =>
  teardown(
    async () => {
      if (work) await pulumi(['destroy', '--yes', '--stack', 'dev', '--non-interactive']);
    },
    () => em?.stop(),
    async () => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  ),
);

const step = steps();

describe('the CI files', () => {
  it.each(JOBS)('GitHub and GitLab run the same pulumi command in the %s job', (name) => {
    expect(pipelines.gitlab(name)).toEqual(pipelines.github(name));
  });

  it('GitHub: each job on its event, drift is `pulumi preview --refresh --expect-no-changes`, the PR comment, credentials from CI secrets, actions pinned to commits', () => {
    expect(pipelines.github('drift')).toEqual(['preview', '--diff', '--expect-no-changes', '--refresh']);
    const text = pipelines.githubText;
    for (const name of ['ITCARE_CLIENT_ID', 'ITCARE_CLIENT_SECRET']) expect(text).toContain(`${name}: \${{ secrets.${name} }}`);
    // Each job on its event, the preview's diff as a PR comment, the stack created when missing (as GitLab's `stack select --create`).
    const jobs = pipelines.githubWorkflow.jobs as Record<
      string,
      { if: string; permissions?: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }
    >;
    expect(Object.fromEntries(Object.entries(jobs).map(([name, j]) => [name, j.if]))).toEqual({
      preview: "github.event_name == 'pull_request'",
      up: "github.event_name == 'push'",
      drift: "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'",
    });
    expect(pipelines.githubWorkflow.on).toMatchObject({
      pull_request: { branches: ['main'] },
      push: { branches: ['main'] },
      schedule: [{ cron: expect.any(String) }],
    });
    const action = (name: string) => jobs[name].steps.find((st) => st.uses?.startsWith('pulumi/actions@'))!.with!;
    expect(action('preview')).toMatchObject({ 'comment-on-pr': true });
    expect(jobs.preview.permissions).toMatchObject({ 'pull-requests': 'write' });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JavaScript template
    for (const name of JOBS) expect(action(name)).toMatchObject({ upsert: true, 'stack-name': '${{ matrix.stack }}' });
    expect(pipelines.setup('dev')).toEqual([['stack', 'select', '--create', 'dev']]);
    const uses = [...text.matchAll(/uses: (\S+)/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThanOrEqual(9);
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
  });
});

describe('rehearsal of the pipeline on the emulator', () => {
  step('main: the up job creates the dev fleet', async () => {
    const up = await job('up');
    expect(up).toMatchObject({ code: 0 });
    const vms = await em.control.instances();
    expect(vms.map((v) => [v.name, v.cpu, v.ram, v.status]).sort()).toEqual([
      ['batch-01', 4, 16, 'INACTIVE'],
      ['web-01', 2, 4, 'ACTIVE'],
      ['web-02', 2, 8, 'ACTIVE'],
    ]);
    expect(vms.find((v) => v.name === 'web-01')!.tags).toMatchObject({ 'managed-by': 'pulumi', env: 'dev', tier: 'web' });
    expect((await em.control.resources('postgresql')).map((r) => r.name)).toEqual(['shopdevdb01']);
    expect(fs.readFileSync(path.join(dir, 'backend', '.pulumi', 'stacks', 'itcare-gitops', 'dev.json'), 'utf8')).not.toContain(PG_PASSWORD);
  });

  step('the PR preview of prod validates every prod resource in dry run; its password from secret config this time', async () => {
    const { ITCARE_PG_PASSWORD: _fromCi, ...withoutPassword } = env;
    for (const args of pipelines.setup('prod')) expect(await pulumi(args)).toMatchObject({ code: 0 });
    expect(await pulumi(['config', 'set', '--secret', 'ITCARE_PG_PASSWORD', PG_PASSWORD, '--stack', 'prod'])).toMatchObject({ code: 0 });
    expect(fs.readFileSync(path.join(work, 'Pulumi.prod.yaml'), 'utf8')).not.toContain(PG_PASSWORD);
    await em.control.clearLog();
    const preview = await job('preview', 'prod', withoutPassword);
    expect(preview).toMatchObject({ code: 0 });
    expect(preview.output).toMatch(/\+ 5 to create/); // the stack, three instances, a PostgreSQL HA
    // The database is protected by its fleet file (`protect: true`): the pack's itcare-production-protect,
    // mandatory under policy/prod.json, has nothing to say (without it, this preview fails on it).
    expect(JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'gitops', 'policy', 'prod.json'), 'utf8'))).not.toHaveProperty(
      'itcare-production-protect',
    );
    expect(preview.output).not.toMatch(/itcare-production-protect/);
    expect(await mutations()).toEqual([]);
    expect(
      (await em.control.log())
        .filter((e) => e.dryRun && e.method === 'POST')
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/itcare/compute/instances', '/itcare/compute/instances', '/itcare/compute/instances', '/itcare/databases/postgresql']);
    // Without the secret anywhere, the file check says which reference is missing, before anything runs.
    expect(await pulumi(['config', 'rm', 'ITCARE_PG_PASSWORD', '--stack', 'prod'])).toMatchObject({ code: 0 });
    const missing = await job('preview', 'prod', withoutPassword);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(
      /fleets\/prod\.yaml:\d+:\d+: group data, entry shopdb: admPassword: secret ITCARE_PG_PASSWORD is set neither as a pulumi config key/,
    );
  });

  step('a pull request: the preview job shows its diff (a resize in place, a new instance) and changes nothing', async () => {
    fleetWith(...VALID_PR);
    await em.control.clearLog();
    const preview = await job('preview');
    expect(preview).toMatchObject({ code: 0 });
    // "Previewing update (dev):" starts the plan; the CLI's "@ previewing update...." progress line only
    // appears when the preview is slow, so it cannot be what the slice looks for.
    const changes = preview.output.slice(Math.max(0, preview.output.search(/previewing update/i)));
    expect(changes).toMatch(
      /~ pulumi-nodejs:dynamic\/compute:Instance: \(update\)\s+\[id=\d+\]\s+\[urn=\S+::web-02\][^+]*\n\s+~ ram\s*: 8 => 16\n/,
    );
    expect(changes).toMatch(/\+ pulumi-nodejs:dynamic\/compute:Instance: \(create\)\s+\[urn=\S+::web-03\]/);
    expect(changes).toMatch(/\+ 1 to create\s+~ 1 to update\s+2 changes\. 4 unchanged/);
    expect(changes).not.toMatch(/^\s+- \w+\s*:/m); // nothing shown as removed: the PR removes nothing
    expect(await mutations()).toEqual([]);
    expect(
      (await em.control.log())
        .filter((e) => e.dryRun)
        .map((e) => `${e.method} ${e.path}`)
        .sort(),
    ).toEqual([expect.stringMatching(/^PATCH \/itcare\/compute\/instances\/\d+$/), 'POST /itcare/compute/instances']);
  });

  step(
    "a pull request asking for a sizing the product does not offer fails its preview with ITCare's message, and changes nothing",
    async () => {
      fleetWith(['      web-01: {}\n', '      web-01: { cpu: 3 }\n']);
      await em.control.clearLog();
      const preview = await job('preview');
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(
        /error: Instance web-01: ITCare refused operation resize \(needed to change cpu, ram in place\) in dry run \(INVALID_FIELD_VALUE: Error on field 'cpu': 3 vCPU is not offered, allowed values are 1, 2, 4, 8, 16, 32\)/,
      );
      expect(await mutations()).toEqual([]);
      expect(await instance('web-01')).toMatchObject({ cpu: 2, ram: 4 });
    },
  );

  step(
    "a pull request breaking the stack's policy (a tag value policy/dev.json does not allow) fails its preview with the violation, and changes nothing",
    async () => {
      fleetWith(['      web-01: {}\n', '      web-01: { tags: { env: staging } }\n']);
      await em.control.clearLog();
      const preview = await job('preview');
      expect(preview.code).not.toBe(0);
      // --diff prints the violation in the plan, under the stack: which policy, resource and property.
      expect(preview.output).toMatch(/\[mandatory\]\s+itcare-required-tags\s+\(pulumi-nodejs:dynamic\/compute:Instance: web-01\)/);
      expect(preview.output).toContain('Instance "web-01" tags: env "staging" does not match /^dev$/');
      expect(await mutations()).toEqual([]);
      expect((await instance('web-01'))!.tags).toMatchObject({ env: 'dev' });
    },
  );

  step('merge: the up job applies the valid pull request', async () => {
    fleetWith(...VALID_PR);
    const up = await job('up');
    expect(up).toMatchObject({ code: 0 });
    expect(await instance('web-02')).toMatchObject({ cpu: 2, ram: 16, status: 'ACTIVE' });
    expect(await instance('web-03')).toMatchObject({ cpu: 2, ram: 4, status: 'ACTIVE' });
  });

  step('an out-of-band resize makes the drift job fail with a readable diff', async () => {
    expect(await job('drift')).toMatchObject({ code: 0 }); // in sync after the merge
    const client = sdkClient(em);
    const web01 = (await instance('web-01'))!;
    const resize = await client.compute.instances.operate(web01.id, 'resize', { cpu: 4, ram: 8 });
    await client.waitForAction(resize.actionId!, { minDelayMs: 50, maxDelayMs: 200, timeout: 30_000 });
    await em.control.clearLog();
    const drift = await job('drift');
    expect(drift.code).not.toBe(0);
    // The refresh says what changed in ITCare, the plan what the next up would do about it.
    expect(drift.output).toMatch(
      /~ pulumi-nodejs:dynamic\/compute:Instance: \(refresh\)\s+\[id=\d+\]\s+\[urn=\S+::web-01\]\s+--outputs:--\s+~ cpu\s*: 2 => 4\s+~ ram\s*: 4 => 8\n/,
    );
    expect(drift.output).toMatch(/\(update\)\s+\[id=\d+\]\s+\[urn=\S+::web-01\][\s\S]*~ cpu\s*: 4 => 2[\s\S]*~ ram\s*: 8 => 4/);
    expect(drift.output).toMatch(/~ 1 to update[\s\S]*error: no changes were expected for preview but changes were proposed/);
    expect(await mutations()).toEqual([]);
  });

  step('the next up puts the declared state back; the drift job passes again', async () => {
    const up = await job('up');
    expect(up).toMatchObject({ code: 0 });
    expect(await instance('web-01')).toMatchObject({ cpu: 2, ram: 4 });
    expect(await job('drift')).toMatchObject({ code: 0 });
  });

  step(
    'a broken fleet file fails the preview job before anything is planned or sent, naming file, line, group, entry and property',
    async () => {
      fleetWith(
        ['      web-02:\n        ram: 8\n', '      web-02:\n        ram: lots\n'],
        ['      web-01: {}\n', '      web-01: { cpus: 2 }\n'],
      );
      const line = (text: string) => original.split('\n').indexOf(text) + 1;
      await em.control.clearLog();
      const preview = await job('preview');
      expect(preview.code).not.toBe(0);
      expect(preview.output).toContain('Invalid fleet file fleets/dev.yaml: 2 problems, nothing was declared');
      expect(preview.output).toContain(
        `fleets/dev.yaml:${line('      web-01: {}')}:17: group web, entry web-01: cpus: unknown property for compute.Instance (allowed: timeouts, adopt, `,
      );
      expect(preview.output).toContain(
        `fleets/dev.yaml:${line('        ram: 8')}:9: group web, entry web-02: ram: Invalid input: expected number, received string`,
      );
      expect(preview.output).not.toMatch(/compute:Instance: \((update|create|delete)\)/);
      expect(await em.control.log()).toEqual([]); // not even a token request: no provider was started
    },
  );
});
