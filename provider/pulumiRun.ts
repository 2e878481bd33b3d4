import * as fs from 'node:fs';

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
  for (let depth = 0; depth < maxDepth && pid > 1; depth++) {
    const stat = procStat(pid);
    if (!stat) return undefined;
    if (stat.comm === 'pulumi') return `${pid}-${stat.startTime}`;
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
