import { progressLine, type ActionProgress } from '../sdk/actions';

/**
 * Progress of long actions on stderr (passed through to the Pulumi CLI): one line when an action is
 * first seen, on every status change, and every `everyMs` while it runs, so a 20-minute provisioning
 * is visibly alive without flooding the terminal.
 */
export function progressReporter(
  resource: string,
  everyMs = 10_000,
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
) {
  let lastStatus: string | undefined;
  let lastAt = -Infinity;
  return (p: ActionProgress): void => {
    const changed = p.status !== lastStatus;
    if (!changed && p.elapsedMs - lastAt < everyMs) return;
    lastStatus = p.status;
    lastAt = p.elapsedMs;
    write(progressLine(resource, p));
  };
}
