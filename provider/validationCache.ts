import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The run a record belongs to: the project and the `pulumi` command (see pulumiRun). */
export interface ValidationScope {
  project?: string;
  run?: string;
}

export interface ValidationCacheOptions {
  /** Parent directory of the per-run directories; default ITCARE_VALIDATION_CACHE or the temp dir. */
  base?: string;
  scope?: ValidationScope;
  ttlMs?: number;
}

/**
 * Which inputs ITCare already validated in dry run, during this `pulumi` command only. `pulumi up`
 * previews and then updates in two provider processes, each calling check: one record shared by
 * the two spares the second dry run. A later command (another preview, another up) asks ITCare
 * again: what was free then may be taken now. Records live in a private directory per project and
 * run, hold nothing but hashes (no input, no credential), expire after `ttlMs` (long enough for a
 * user to confirm an up, no longer), and a group of them (one name in one service, one resource's
 * updates) is forgotten as soon as a create or update happens. Without a run to scope them to,
 * records stay in this process: the update then validates once more.
 */
export class ValidationCache {
  private readonly memory = new Set<string>();
  private readonly base: string;
  private readonly dir: string | undefined;
  private readonly ttlMs: number;

  constructor(opts: ValidationCacheOptions = {}) {
    this.base =
      opts.base ?? process.env.ITCARE_VALIDATION_CACHE ?? path.join(os.tmpdir(), `pulumi-itcare-validated-${process.getuid?.() ?? 'user'}`);
    const scope = opts.scope ?? { project: process.env.PULUMI_PROJECT, run: pulumiRun() };
    const name = `${scope.project ?? 'project'}-${scope.run ?? ''}`.replace(/[^A-Za-z0-9_.-]/g, '_');
    this.dir = scope.run ? path.join(this.base, name) : undefined;
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
  }

  has(group: string, key: string): boolean {
    const entry = `${group}.${key}`;
    if (this.memory.has(entry)) return true;
    if (!this.dir) return false;
    try {
      return Date.now() - fs.statSync(path.join(this.dir, entry)).mtimeMs <= this.ttlMs;
    } catch {
      return false; // not recorded by the other process of this run
    }
  }

  add(group: string, key: string): void {
    const entry = `${group}.${key}`;
    this.memory.add(entry);
    if (!this.dir) return;
    try {
      const fresh = !fs.existsSync(this.dir);
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (fresh) this.prune();
      fs.writeFileSync(path.join(this.dir, entry), '');
    } catch {
      // a read-only temp dir only costs a second validation
    }
  }

  /** Forgets every record of a group, in this process and for the other process of the run. */
  forget(group: string): void {
    for (const entry of this.memory) if (entry.startsWith(`${group}.`)) this.memory.delete(entry);
    if (!this.dir) return;
    try {
      for (const entry of fs.readdirSync(this.dir))
        if (entry.startsWith(`${group}.`)) fs.rmSync(path.join(this.dir, entry), { force: true });
    } catch {
      // nothing recorded yet
    }
  }

  /** Removes the directories of runs that ended long ago (best effort, once per run). */
  private prune(): void {
    for (const entry of fs.readdirSync(this.base, { withFileTypes: true })) {
      const old = path.join(this.base, entry.name);
      if (entry.isDirectory() && Date.now() - fs.statSync(old).mtimeMs > this.ttlMs) fs.rmSync(old, { recursive: true, force: true });
    }
  }
}

/**
 * Which `pulumi` command this provider process serves: "<pid>-<start time>" of the nearest ancestor
 * process named `pulumi`. `pulumi up` previews and then updates in two provider processes, both
 * started (through the pulumi-resource-pulumi-nodejs script) by that one CLI process; any later
 * command is another process, and pid + start time never repeat. Nothing the engine sends a dynamic
 * provider names the run or the stack (configure() gets the config; the environment has
 * PULUMI_PROJECT only), so the process tree is the signal. Read from /proc: undefined on systems
 * without it, or when no `pulumi` ancestor exists (tests calling the engine directly).
 */
export function pulumiRun(pid = process.pid, maxDepth = 8): string | undefined {
  const cli = pulumiAncestor(pid, maxDepth);
  return cli && `${cli.pid}-${cli.startTime}`;
}

/** The nearest ancestor process named `pulumi` (the CLI running this command), from /proc. */
export function pulumiAncestor(pid = process.pid, maxDepth = 8): { pid: number; startTime: string } | undefined {
  for (let depth = 0; depth < maxDepth && pid > 1; depth++) {
    const stat = procStat(pid);
    if (!stat) return undefined;
    if (stat.comm === 'pulumi') return { pid, startTime: stat.startTime };
    pid = stat.ppid;
  }
  return undefined;
}

/** /proc/<pid>/stat: the command name is in parentheses and may hold spaces; fields follow it. */
function procStat(pid: number): { comm: string; ppid: number; startTime: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // After the name: state, ppid, …; the 20th is starttime (clock ticks since boot).
  return { comm: text.slice(text.indexOf('(') + 1, close), ppid: Number(fields[1]), startTime: fields[19] };
}
