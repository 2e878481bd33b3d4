import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Props } from './inputs';
import { OWNER_INPUT } from './owner';
import type { ResourceKind } from './resourceKind';

/**
 * Creates in flight, for resources whose body cannot carry the ownership tag (owner.ts). A provider
 * killed after ITCare accepted such a create leaves nothing in Pulumi's state and no marker in
 * ITCare: the next `up` could not tell its own database from someone else's of the same name, and
 * for kinds whose names are not unique (load balancers, URLs, snapshots) it would create a second
 * one. So before the POST the provider notes when it sent the create of this resource (its marker:
 * organization, project, stack, Pulumi name) to this ITCare; the note goes once Pulumi has the
 * result (the create returned, or failed with nothing created). A note left behind gives the next
 * `up` the `since` that provenance.ts judges the name's holders against.
 *
 * Where: ITCARE_CREATE_JOURNAL, else `itcare-creates` under PULUMI_HOME (~/.pulumi): per user and
 * machine, like Pulumi's own workspace data. A note holds the kind, the name and a time; no input
 * value and no credential. A run on another machine (a new CI runner) does not see it: see docs/crash-recovery.md.
 */
export class CreateJournal {
  constructor(
    private readonly kind: ResourceKind,
    /** The ITCare the creates go to: the notes are per ITCare. */
    private readonly target: string,
    private readonly dir = defaultDir(),
  ) {}

  private file(inputs: Props): string | undefined {
    const owner = inputs[OWNER_INPUT];
    if (typeof owner !== 'string' || owner === '') return undefined; // no marker: nothing names this resource
    const d = this.kind.d;
    const key = createHash('sha256')
      .update(JSON.stringify([this.target, d.module, d.kind, owner]))
      .digest('hex');
    return path.join(this.dir, `${key}.json`);
  }

  /** Notes that the create of this resource is being sent now; returns the time noted. */
  begin(inputs: Props, name: string): number {
    const at = Date.now();
    const file = this.file(inputs);
    if (!file) return at;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ kind: this.kind.qualified, name, sentAt: at }), { mode: 0o600 });
      fs.renameSync(tmp, file); // whole or absent, even if the process dies here
    } catch (err) {
      // Without the note the create still runs; only a crash during it would need the adoption by hand.
      process.stderr.write(
        `itcare: ${this.kind.qualified} ${name}: cannot note the create in ${this.dir} (${err instanceof Error ? err.message : String(err)}); after a crash it must be adopted by hand\n`,
      );
    }
    return at;
  }

  /** When an earlier create of this resource was sent and never settled (a crash), if one was. */
  pending(inputs: Props): number | undefined {
    const file = this.file(inputs);
    if (!file) return undefined;
    try {
      const note = JSON.parse(fs.readFileSync(file, 'utf8')) as { sentAt?: unknown };
      return typeof note.sentAt === 'number' && Number.isFinite(note.sentAt) ? note.sentAt : undefined;
    } catch {
      return undefined; // no note (the usual case), or one that cannot be read: nothing to go by
    }
  }

  /** The create's result is Pulumi's now (in state, or nothing was created). */
  end(inputs: Props): void {
    const file = this.file(inputs);
    if (file) fs.rmSync(file, { force: true });
  }
}

function defaultDir(): string {
  if (process.env.ITCARE_CREATE_JOURNAL) return process.env.ITCARE_CREATE_JOURNAL;
  return path.join(process.env.PULUMI_HOME || path.join(os.homedir(), '.pulumi'), 'itcare-creates');
}
