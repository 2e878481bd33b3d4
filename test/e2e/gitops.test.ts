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
 * previews its diff; one asking for a sizing the product does not offer fails in dry run and changes
 * nothing; the merge is the up; an out-of-band resize fails the drift job; the next up repairs it.
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
const pulumi = (args: string[]) => new Promise<{ code: number; output: string }>((resolve) => {
  execFile(path.join(pulumiBinDir(), 'pulumi'), args, { cwd: work, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
    resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, output: `${stdout}${stderr}` });
  });
});
const job = (name: Job) => pulumi(pipelines.commands(name, 'dev'));

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
    ...process.env, ...engineEnv(dir), PULUMI_NON_INTERACTIVE: 'true',
    ITCARE_URL: em.url, ITCARE_OIDC_ISSUER: em.issuer, ITCARE_CLIENT_ID: em.clientId, ITCARE_CLIENT_SECRET: em.clientSecret, ITCARE_PG_PASSWORD: PG_PASSWORD,
  };
  for (const args of pipelines.setup('dev')) expect(await pulumi(args)).toMatchObject({ code: 0 });
});

afterAll(() => teardown(
  async () => { if (work) await pulumi(['destroy', '--yes', '--stack', 'dev', '--non-interactive']); },
  () => em?.stop(),
  async () => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); },
));

const step = steps();

describe('the CI files', () => {
  it.each(JOBS)('GitHub and GitLab run the same pulumi command in the %s job', (name) => {
    expect(pipelines.gitlab(name)).toEqual(pipelines.github(name));
  });

  it('drift is `pulumi preview --refresh --expect-no-changes`; credentials come from CI secrets; actions are pinned to commits', () => {
    expect(pipelines.github('drift')).toEqual(['preview', '--diff', '--expect-no-changes', '--refresh']);
    const text = pipelines.githubText;
    for (const name of ['ITCARE_CLIENT_ID', 'ITCARE_CLIENT_SECRET']) expect(text).toContain(`${name}: \${{ secrets.${name} }}`);
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
      ['batch-01', 4, 16, 'INACTIVE'], ['web-01', 2, 4, 'ACTIVE'], ['web-02', 2, 8, 'ACTIVE'],
    ]);
    expect(vms.find((v) => v.name === 'web-01')!.tags).toMatchObject({ 'managed-by': 'pulumi', env: 'dev', tier: 'web' });
    expect((await em.control.resources('postgresql')).map((r) => r.name)).toEqual(['shopdevdb01']);
    expect(fs.readFileSync(path.join(dir, 'backend', '.pulumi', 'stacks', 'itcare-gitops', 'dev.json'), 'utf8')).not.toContain(PG_PASSWORD);
  });
});
