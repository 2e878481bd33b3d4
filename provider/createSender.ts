import { ConflictError } from '../sdk/errors';
import type { Accepted, ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import type { CreateJournal } from './createJournal';
import type { Model, Props } from './inputs';
import type { CreateProvenance } from './provenance';
import { Recovery } from './recovery';
import type { ResourceKind } from './resourceKind';

/** What a create sent (or found it had sent): `took` when it is an existing resource taken over, not a new one. */
export interface Sent {
  accepted: Accepted;
  id?: number | string;
  postedAt: number;
  took?: true;
}

/**
 * Sends a create to ITCare at most once in effect, whatever happens to the answer or to this process:
 * each POST is noted in the create journal first (createJournal.ts), a lost answer is searched for
 * before anything is sent again, and a resource this very resource created earlier is taken over.
 */
export class CreateSender {
  private readonly d: AnyResourceDescriptor;

  constructor(
    private readonly kind: ResourceKind,
    private readonly res: ResourceClient<AnyResourceDescriptor>,
    private readonly recovery: Recovery,
    /** Its notes are per ITCare: the one the creates go to. */
    private readonly journal: CreateJournal,
    private readonly provenance: CreateProvenance,
  ) {
    this.d = kind.d;
  }

  /** The create's result is in Pulumi's hands now (returned or recorded as a partial failure): forget its note. */
  settled(inputs: Props, id: string): void {
    this.journal.end(inputs);
    this.provenance.noteRecorded(id, this.kind.nameOf(inputs));
  }

  /**
   * POSTs the create, never blindly twice. A create of this resource noted in the journal and never
   * settled (a crash) is looked for first. The name's holder is ours when it carries this stack's
   * marker for this resource, or, without a marker to read, when ITCare shows it was created since
   * the create was sent, by this client, as the program declares it (provenance.ts). A lost answer
   * is searched for (recovery.createdSince); only when ITCare provably holds nothing under the name
   * is the create sent again (3 sends at most): a late-appearing first one would then meet the
   * second with 409 and be recognised, never duplicated.
   */
  async send(inputs: Props, deadline: number, label: string, replacedId?: string): Promise<Sent | 'recreate'> {
    const earlier = this.journal.pending(inputs);
    if (earlier !== undefined) {
      const created = await this.recovery.createdSince(inputs, earlier, deadline, label, 0);
      if (created)
        return this.adoptOwn(
          inputs,
          created,
          label,
          'an earlier create of it was sent and never recorded (a crash)',
          earlier,
          deadline,
          replacedId,
        );
    }
    for (let attempt = 1; ; attempt++) {
      const postedAt = this.journal.begin(inputs, this.kind.nameOf(inputs));
      try {
        const accepted = await this.res.create(this.kind.owner.markedBody(this.kind.createBody(inputs), inputs));
        return { accepted, id: accepted.resourceId, postedAt };
      } catch (err) {
        const own = err instanceof ConflictError ? await this.recovery.ownHolder(inputs, deadline) : undefined;
        const created = own ?? (Recovery.lostAnswer(err) ? await this.recovery.createdSince(inputs, postedAt, deadline, label) : undefined);
        if (created)
          return this.adoptOwn(
            inputs,
            created,
            label,
            own ? "it carries this stack's ownership marker" : 'the answer to the create was lost',
            postedAt,
            deadline,
            replacedId,
          );
        // Nothing was created: a refusal, or a lost answer after which ITCare provably holds nothing of ours.
        if (!Recovery.lostAnswer(err)) this.journal.end(inputs);
        if (!Recovery.lostAnswer(err) || attempt >= 3 || Date.now() >= deadline) throw err;
        // Someone else's holds the name: the POST met a 409. A name that is not unique cannot stop a late first create: never twice.
        if (!this.d.uniqueName || (await this.recovery.holders(inputs, deadline)).length) throw err;
        const said = err instanceof Error ? err.message : String(err);
        process.stderr.write(`itcare: ${label}: the create was not applied (${said}; nothing holds the name); sending it again\n`);
      }
    }
  }

  /**
   * A resource this create (or an earlier, unrecorded one) made: taken over, or let go when it is
   * being deleted. Never the resource a replacement replaces: it carries the same marker.
   */
  private async adoptOwn(
    inputs: Props,
    created: Model,
    label: string,
    why: string,
    postedAt: number,
    deadline: number,
    replacedId?: string,
  ): Promise<Sent | 'recreate'> {
    if (created.status === this.d.statuses.deleting) {
      // Ours, but being deleted (a destroy that crashed): let it go, then create anew.
      await this.recovery.untilSettled(String(created.id), this.kind.nameOf(inputs), { gone: true }, deadline);
      return 'recreate';
    }
    if (replacedId !== undefined && String(created.id) === replacedId) {
      // Create-before-delete of a name ITCare keeps unique: the holder is the resource being replaced.
      throw new ConflictError(
        `${label}: the replacement cannot be created while resource ${replacedId}, the one it replaces, holds the name (ITCare names are unique per service); it must be deleted first: remove the resource option \`deleteBeforeReplace: false\``,
      );
    }
    process.stderr.write(`itcare: ${label}: found resource ${String(created.id)} that this resource created (${why}); adopting it\n`);
    this.recovery.assertAdoptable(inputs, created, label);
    return { accepted: {} as Accepted, id: this.d.id ? String(created.id) : Number(created.id), postedAt, took: true };
  }
}
