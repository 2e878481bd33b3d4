import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalWorkspace, PulumiCommand, type Stack } from '@pulumi/pulumi/automation';

/**
 * A real Pulumi engine for tests: the CLI from scripts/ensure-pulumi (built once, cached), a local
 * `file://` backend and a PULUMI_HOME in a temporary directory, Node 22 from node_modules/.bin for
 * the language host and the dynamic provider.
 */
export const REPO = path.resolve(__dirname, '..', '..');
export const PROGRAM = path.join(REPO, 'test', 'e2e', 'program');

let cliDir: string | undefined;
export function pulumiBinDir(): string {
  cliDir ??= execFileSync(path.join(REPO, 'scripts', 'ensure-pulumi'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop()!;
  return cliDir;
}

export interface EmulatorTarget {
  url: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface TestStack {
  stack: Stack;
  dir: string;
  /** Everything the backend holds: state files, checkpoints, backups. */
  stateText(): string;
  /**
   * Runs the CLI itself on this stack (e.g. `up --yes`: preview then update in one command, which
   * the Automation API's up, always --skip-preview, cannot do). Never rejects: see `code`.
   */
  cli(args: string[]): Promise<{ code: number; output: string }>;
  dispose(): Promise<void>;
}

/**
 * The environment of every Pulumi command of a test whose private files live in `dir`: the CLI and
 * Node 22 first on PATH, its own PULUMI_HOME and file:// backend, no update check, no plugin download.
 */
export function engineEnv(dir: string): Record<string, string> {
  const bin = pulumiBinDir();
  return {
    PATH: `${bin}${path.delimiter}${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(dir, 'home'),
    PULUMI_BACKEND_URL: `file://${path.join(dir, 'backend')}`,
    PULUMI_CONFIG_PASSPHRASE: 'itcare-e2e-passphrase',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    // The stack's own record of dry-run validations: runs never see each other's.
    ITCARE_VALIDATION_CACHE: path.join(dir, 'validated'),
    // Credentials only through stack config below: the provider must not need them from here.
    ITCARE_CLIENT_SECRET: '',
    ITCARE_CLIENT_ID: '',
  };
}

export async function createStack(name: string, em: EmulatorTarget, workDir = PROGRAM): Promise<TestStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `itcare-e2e-${name}-`));
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(pulumiBinDir()), skipVersionCheck: true });
  const envVars = engineEnv(dir);
  fs.mkdirSync(path.join(dir, 'backend'), { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: name, workDir }, { pulumiCommand, envVars });
  await stack.setAllConfig({
    'itcare:url': { value: em.url },
    'itcare:oidcIssuer': { value: em.issuer },
    'itcare:clientId': { value: em.clientId },
    'itcare:clientSecret': { value: em.clientSecret, secret: true },
  });
  const stateText = () => readTree(path.join(dir, 'backend'));
  const cli = (args: string[]) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      const env = { ...process.env, ...envVars, PULUMI_NON_INTERACTIVE: 'true' };
      execFile(
        path.join(pulumiBinDir(), 'pulumi'),
        [...args, '--stack', name, '--cwd', workDir],
        { env, maxBuffer: 16 << 20 },
        (err, stdout, stderr) => {
          resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, output: `${stdout}${stderr}` });
        },
      );
    });
  return {
    stack,
    dir,
    stateText,
    cli,
    async dispose() {
      try {
        await stack.destroy({ onOutput: () => undefined });
      } finally {
        await stack.workspace.removeStack(name, { force: true }).catch(() => undefined);
        fs.rmSync(path.join(workDir, `Pulumi.${name}.yaml`), { force: true });
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function readTree(root: string): string {
  if (!fs.existsSync(root)) return '';
  let text = '';
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}

/** Sets the program's desired instances (config `instances`, JSON). */
export async function desire(stack: Stack, instances: Record<string, Record<string, unknown>>): Promise<void> {
  await stack.setConfig('instances', { value: JSON.stringify(instances) });
}

/** Captures what the CLI printed, so tests can assert on it and show it on failure. */
export function collector() {
  const lines: string[] = [];
  return { onOutput: (s: string) => lines.push(s), text: () => lines.join('') };
}

/**
 * Steps of one e2e story share a stack: each builds on the state the previous ones left. `steps()`
 * returns an `it` that runs its body only while every earlier step passed; after a failure, each later
 * step fails at once naming the step it needed, instead of failing confusingly on a half-built stack.
 */
export function steps(): (title: string, body: () => Promise<void>) => void {
  let failed: string | undefined;
  return (title, body) =>
    it(title, async () => {
      if (failed !== undefined) throw new Error(`skipped because step "${failed}" failed (this step builds on its stack state)`);
      try {
        await body();
      } catch (err) {
        failed = title;
        throw err;
      }
    });
}

/**
 * Runs every clean-up, even after one of them threw (a failed destroy must not leave the emulator
 * running), then throws all their errors together.
 */
export async function teardown(...cleanups: (() => Promise<unknown> | undefined)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} clean-ups failed: ${errors.map(String).join('; ')}`);
}

/** The real CLI on one program directory (`--cwd`), for programs the Automation API cannot run (YAML, Python). */
export interface StackCli {
  /** One CLI run; never rejects (see `code`). */
  run(...args: string[]): Promise<{ code: number; output: string }>;
  /** One CLI run that must succeed; its output. */
  ok(...args: string[]): Promise<string>;
}

/** `pulumi config set-all` arguments of the provider's own configuration: an emulator's account, the secret as a secret. */
export function providerConfigArgs(em: { url: string; issuer: string; clientId: string; clientSecret: string }): string[] {
  return [
    ...['--plaintext', `itcare:url=${em.url}`, '--plaintext', `itcare:oidcIssuer=${em.issuer}`],
    ...['--plaintext', `itcare:clientId=${em.clientId}`, '--secret', `itcare:clientSecret=${em.clientSecret}`],
  ];
}

export function stackCli(prog: string, env: NodeJS.ProcessEnv): StackCli {
  const run: StackCli['run'] = (...args) =>
    new Promise((resolve) => {
      execFile(path.join(pulumiBinDir(), 'pulumi'), [...args, '--cwd', prog], { env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, output: `${stdout}${stderr}` });
      });
    });
  return {
    run,
    async ok(...args) {
      const r = await run(...args);
      if (r.code !== 0) throw new Error(`pulumi ${args.join(' ')} failed (${r.code}):\n${r.output}`);
      return r.output;
    },
  };
}
