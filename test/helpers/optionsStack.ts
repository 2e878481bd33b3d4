import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { apiCall, getToken, spawnEmulator, waitForAction, type LogEntry, type SpawnedEmulator, type StoredInstance } from './emulator';
import { REPO, createStack, engineEnv, pulumiBinDir, type TestStack } from './pulumi';

/**
 * The stack of issue 13's option matrix (test/e2e/pulumiOptions*.test.ts): the program
 * test/e2e/optionsProgram reads its resources from the stack config `resources` (JSON), so each row of
 * a matrix sets the program, runs one pulumi command and reads the emulator's request log of it.
 */
export const OPTIONS_PROGRAM = path.join(REPO, 'test', 'e2e', 'optionsProgram');
export const PROJECT = 'itcare-e2e-options';
export const BASE = { serviceId: 1001, productCode: 'deb12', networkId: 2001, area: 'EB-QA', cpu: 2, ram: 4 };
/** A tag ITCare adds on its own (emulator switch `serverTags`): never in the program. */
export const SERVER_TAGS = { 'itcare-backup-policy': 'daily' };
const INSTANCE = 'pulumi-nodejs:dynamic/compute:Instance';
export const WEB_TIER = 'itcare:e2e:WebTier';

/**
 * One resource of the program: Instance args and options (aliases as old names or URNs, dependsOn
 * and parent as keys of rows before it), the args read from a secret config key, or a WebTier
 * component holding instances.
 */
export interface Row {
  args?: Record<string, unknown>;
  opts?: Record<string, unknown>;
  secret?: string[];
  component?: true;
}
export type Rows = Record<string, Row>;

/** Mutations of ITCare (dry runs and reads left out), as `METHOD /itcare/...`. */
export const described = (log: LogEntry[]) =>
  log.filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/')).map((e) => `${e.method} ${e.path}`);

export const expectOk = (r: { code: number; output: string }) => {
  if (r.code !== 0) throw new Error(`pulumi exited ${r.code}:\n${r.output}`);
};

export class OptionsStack {
  em!: SpawnedEmulator;
  t!: TestStack;
  /** The program of the last command run. */
  program: Rows | undefined;

  constructor(readonly stackName: string) {}

  async start(): Promise<void> {
    this.em = await spawnEmulator(['--action-ms', '100']);
    await this.em.control.behaviour({ serverTags: SERVER_TAGS });
    this.t = await createStack(this.stackName, this.em, OPTIONS_PROGRAM);
  }

  /** Unprotects everything, then destroys the stack and stops the emulator. */
  async stop(): Promise<void> {
    const rows = this.program;
    if (this.t && rows)
      await this.up(
        Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.component ? r : { ...r, opts: { ...r.opts, protect: false } }])),
      ).catch(() => undefined);
    await this.t?.dispose();
    await this.em?.stop();
  }

  /** URN of an instance, under `parent` (a WebTier) if given, on `stack`. */
  urnOf(name: string, parent?: string, stack = this.stackName): string {
    return `urn:pulumi:${stack}::${PROJECT}::${parent ? `${WEB_TIER}$` : ''}${INSTANCE}::${name}`;
  }

  async urns(): Promise<string[]> {
    return ((await this.t.stack.exportStack()).deployment.resources ?? []).map((r: { urn: string }) => r.urn);
  }

  async byName(name: string): Promise<StoredInstance[]> {
    return (await this.em.control.instances()).filter((i: StoredInstance) => i.name === name);
  }

  async idOf(name: string): Promise<number> {
    const [vm] = await this.byName(name);
    if (!vm)
      throw new Error(
        `no instance ${name} at the emulator: ${JSON.stringify((await this.em.control.instances()).map((i: StoredInstance) => [i.id, i.name, i.status]))}`,
      );
    return vm.id;
  }

  /** Sets the program, clears the request log, runs `pulumi <args>`; the CLI's exit code, output and the log. */
  async run(rows: Rows, args: string[]) {
    this.program = rows;
    await this.t.stack.setConfig('resources', { value: JSON.stringify(rows) });
    await this.em.control.clearLog();
    const r = await this.t.cli(args);
    return { ...r, log: await this.em.control.log() };
  }

  up(rows: Rows, ...flags: string[]) {
    return this.run(rows, ['up', '--yes', '--skip-preview', ...flags]);
  }

  /** `pulumi <args>` on another stack name of this project (after a `stack rename`), same backend. */
  cliOn(stack: string, args: string[]): Promise<{ code: number; output: string; log?: LogEntry[] }> {
    const env = { ...process.env, ...engineEnv(this.t.dir), PULUMI_NON_INTERACTIVE: 'true' };
    return new Promise((resolve) => {
      execFile(
        path.join(pulumiBinDir(), 'pulumi'),
        [...args, '--stack', stack, '--cwd', OPTIONS_PROGRAM],
        { env, maxBuffer: 16 << 20 },
        (err, stdout, stderr) => {
          resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, output: `${stdout}${stderr}` });
        },
      );
    });
  }

  /** An out-of-band resize, as someone would do in the console. */
  async resizeAtITCare(name: string, cpu: number, ram: number): Promise<void> {
    const token = (await getToken(this.em)).access_token;
    const res = await apiCall(this.em, token, 'PATCH', `/compute/instances/${await this.idOf(name)}`, {
      operation: 'resize',
      options: { cpu, ram },
    });
    if (res.status !== 202) throw new Error(`resize of ${name}: HTTP ${res.status}`);
    await waitForAction(this.em, token, res.body.id);
  }
}
