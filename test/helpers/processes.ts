import * as fs from 'node:fs';

/**
 * The processes of this test's own Pulumi run, found through /proc: only descendants of the jest
 * worker are ever looked at, so a test never touches another run's processes on a shared machine.
 */
export interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

function read(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 (ppid) comes after "pid (comm) state"; comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid, cmdline };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Every live descendant of `root` (default: this process). */
export function descendants(root = process.pid): Proc[] {
  const all = fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map((e) => read(Number(e)))
    .filter((p): p is Proc => p !== undefined);
  const out: Proc[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!parents.has(p.pid) && parents.has(p.ppid)) {
        parents.add(p.pid);
        out.push(p);
        grew = true;
      }
    }
  }
  return out;
}

/** `proc` and all of its descendants. */
export function tree(proc: Proc): Proc[] {
  return [proc, ...descendants(proc.pid)];
}

/** The dynamic provider processes (node running @pulumi/pulumi's cmd/dynamic-provider) of this test. */
export function dynamicProviders(): Proc[] {
  return descendants().filter((p) => /dynamic-provider/.test(p.cmdline) && /node/.test(p.cmdline));
}

/** The Pulumi CLI processes (`pulumi up` …) started by this test through the Automation API. */
export function pulumiCli(): Proc[] {
  return descendants().filter((p) => /(^|\/)pulumi (up|preview|destroy|refresh)\b/.test(p.cmdline));
}

export function kill(procs: Proc[], signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const p of procs) {
    try {
      process.kill(p.pid, signal);
    } catch {
      // already gone
    }
  }
}
