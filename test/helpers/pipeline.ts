import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * The pipeline's own commands, read from the CI files of examples/gitops, so the rehearsal runs what
 * CI runs and the two files cannot drift apart: each job's pulumi command from the GitLab file (a
 * shell line), the same job's pulumi/actions inputs from the GitHub workflow (translated to the flags
 * the action passes), and the check that both say the same thing.
 */
export type Job = 'preview' | 'up' | 'drift';
export const JOBS: readonly Job[] = ['preview', 'up', 'drift'];

type Fields = Record<string, unknown>;
const fields = (v: unknown): Fields => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});

export interface Pipelines {
  /** `pulumi` arguments of each job, from the GitLab file, `$STACK` replaced. */
  commands(job: Job, stack: string): string[];
  /** GitLab's before_script pulumi lines (stack selection), `$STACK` replaced. */
  setup(stack: string): string[][];
  /** The same job's flags as GitHub's pulumi/actions step runs it (command first, then sorted flags). */
  github(job: Job): string[];
  /** The GitLab job's flags in the same form. */
  gitlab(job: Job): string[];
  githubText: string;
  githubWorkflow: Fields;
}

const GITLAB_JOBS: Record<Job, string> = { preview: 'preview', up: 'up-dev', drift: 'drift' };
/** Flags both CI systems need but say differently: the action selects the stack and never prompts. */
const PLUMBING = ['--non-interactive', '--yes'];

export function readPipelines(dir: string): Pipelines {
  const githubText = fs.readFileSync(path.join(dir, '.github', 'workflows', 'itcare.yml'), 'utf8');
  const github = fields(parse(githubText));
  const gitlab = fields(parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')));

  /** A GitLab job with what it extends merged in (GitLab's `extends`: the job's own keys win). */
  const gitlabJob = (name: string): Fields => {
    const job = fields(gitlab[name]);
    const base = typeof job.extends === 'string' ? gitlabJob(job.extends) : {};
    return { ...base, ...job };
  };
  const shellWords = (line: string, stack: string) =>
    line
      .split(/\s*(?:\||;|2>&1|&&)\s*/)[0]
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/^"|"$/g, '').replace('$STACK', stack));
  const pulumiLines = (lines: unknown) => (Array.isArray(lines) ? lines : []).map(String).filter((l) => l.startsWith('pulumi '));

  const commands = (job: Job, stack: string) => {
    const [line] = pulumiLines(gitlabJob(GITLAB_JOBS[job]).script);
    if (!line) throw new Error(`.gitlab-ci.yml: job ${GITLAB_JOBS[job]} runs no pulumi command`);
    return shellWords(line, stack).slice(1);
  };
  const normal = (args: string[]) => [
    args[0],
    ...args
      .slice(1)
      .filter((a, i, all) => !PLUMBING.includes(a) && a !== '--stack' && all[i - 1] !== '--stack')
      .sort(),
  ];

  const githubFlags = (job: Job) => {
    const steps = fields(fields(github.jobs)[job]).steps as Fields[] | undefined;
    const step = (steps ?? []).find((s) => String(s.uses ?? '').startsWith('pulumi/actions@'));
    if (!step) throw new Error(`itcare.yml: job ${job} has no pulumi/actions step`);
    const w = fields(step.with);
    // What pulumi/actions passes to the Automation API, whose commands are these CLI flags.
    const flags = [
      ['refresh', '--refresh'],
      ['diff', '--diff'],
      ['expect-no-changes', '--expect-no-changes'],
    ]
      .filter(([input]) => w[input] === true || w[input] === 'true')
      .map(([, flag]) => flag);
    // Inputs with a value: the flag=value word the GitLab file writes, the matrix stack as `STACK`.
    for (const [input, flag] of [
      ['policyPacks', '--policy-pack'],
      ['policyPackConfigs', '--policy-pack-config'],
    ]) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JavaScript template
      if (typeof w[input] === 'string') flags.push(`${flag}=${w[input].replace('${{ matrix.stack }}', 'STACK')}`);
    }
    return [String(w.command), ...flags.sort()];
  };

  return {
    commands,
    setup: (stack) => pulumiLines(gitlabJob('.pulumi').before_script).map((l) => shellWords(l, stack).slice(1)),
    github: githubFlags,
    gitlab: (job) => normal(commands(job, 'STACK')),
    githubText,
    githubWorkflow: github,
  };
}
