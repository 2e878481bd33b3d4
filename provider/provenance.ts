import type { ITCareClient } from '../sdk/client';
import { ConflictError } from '../sdk/errors';
import type { Action } from '../sdk/resources/action';
import type { Model, Props } from './inputs';
import { patiently } from './patiently';
import type { ResourceKind } from './resourceKind';
import { type ProviderSession, session as processSession } from './session';

/** How far another clock may be from ours when an action's or a model's date is compared with `since`. */
export const CLOCK_SKEW_MS = 60_000;

/**
 * Who created a holder of the name, for resources whose body cannot carry the ownership tag
 * (databases, Kafka, OpenSearch, Overdrive, load balancers, URLs, snapshots). What ITCare shows
 * instead: the holder's create action (VERIFIED: actions name their resource, process, submittedBy
 * and submittedAt), read through actions.forResource, which checks every action client-side (a
 * server that ignores the list filters answers them all). A holder is this create's when:
 * - its create action was submitted when the create was sent (`since`, a minute of clock skew either
 *   way, plus the request's timeout: ITCare submits it while it answers);
 * - by this API client, where the action says who submitted it (the field's format is INFERRED: the
 *   client id or Keycloak's `service-account-<client id>`; any other value is someone else);
 * - its create-only fields are what the program sends.
 * One holder like that, and no holder that cannot be judged, decides; anything else does not.
 */
export type Provenance =
  | { verdict: 'ours'; holder: Model }
  | { verdict: 'none' }
  /** `why`: per holder, why it cannot be judged or why several qualify. */
  | { verdict: 'undecided'; candidates: Model[]; why: string[] };

type Judged = { holder: Model; as: 'fresh' | 'foreign' | 'unknown'; why: string };

/** True when `who` (an action's submittedBy, a model's creationUser) names this API client. */
export function submittedByUs(api: ITCareClient, who: string): boolean {
  const id = api.options.clientId.toLowerCase();
  const said = who.trim().toLowerCase();
  return said === id || said === `service-account-${id}`;
}

/** A creation date the model shows (instances' creationTime, snapshots' creationDate), when it parses. */
function createdAt(model: Model): number | undefined {
  for (const f of ['creationTime', 'creationDate']) {
    const v = model[f];
    if (typeof v !== 'string') continue;
    // ITCare writes +0000 offsets, which Date.parse reads only as +00:00.
    const t = Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}

/**
 * The judge of a kind's name holders for one API client (see Provenance above). What a create of
 * this provider process already returned is the session's (session.ts recorded).
 */
export class CreateProvenance {
  constructor(
    private readonly kind: ResourceKind,
    private readonly api: ITCareClient,
    private readonly session: ProviderSession = processSession,
  ) {}

  private recordKey(id: string, name: string): string {
    return JSON.stringify([this.kind.d.module, this.kind.d.kind, id, name]);
  }

  /** Notes a resource a create returned (it is in Pulumi's state from now on). */
  noteRecorded(id: string, name: string): void {
    this.session.recorded.set(this.recordKey(id, name), Date.now());
  }

  /** Reads each holder's actions since `since` (a minute of skew) and gives the verdict. */
  async of(inputs: Props, holders: Model[], since: number, deadline: number, label: string): Promise<Provenance> {
    const judged: Judged[] = [];
    for (const holder of holders) {
      const ref = { id: String(holder.id), name: this.kind.nameOf(inputs), type: this.kind.d.resourceType };
      // Every create action of the holder: an old one says "not this create" as clearly as a new one says "maybe".
      const actions = await patiently(`${label}: reading the actions of ${ref.id}`, () => this.api.actions.forResource(ref), deadline);
      judged.push(this.judge(inputs, holder, actions, since, label));
    }
    const open = judged.filter((j) => j.as !== 'foreign');
    if (!open.length) return { verdict: 'none' };
    if (open.length === 1 && open[0].as === 'fresh') return { verdict: 'ours', holder: open[0].holder };
    return { verdict: 'undecided', candidates: open.map((j) => j.holder), why: open.map((j) => j.why) };
  }

  private judge(inputs: Props, holder: Model, actions: Action[], since: number, label: string): Judged {
    const api = this.api;
    const id = String(holder.id);
    const creates = actions.filter((a) => /^CREATE/.test(a.process ?? ''));
    const born = createdAt(holder);
    const refusal = this.kind.refusals.adoptionRefusal(inputs, holder, label);
    if (refusal) return { holder, as: 'foreign', why: `${id}: ${refusal.property} differs from the program` };
    // ITCare submits the create while it answers the POST: after the request's own timeout, it is another create.
    const from = since - CLOCK_SKEW_MS;
    const until = since + CLOCK_SKEW_MS + api.options.timeoutMs;
    const within = (t: number) => t >= from && t <= until;
    const fresh = creates.filter((a) => within(a.submittedAt?.getTime() ?? 0));
    const returnedAt = this.session.recorded.get(this.recordKey(id, this.kind.nameOf(inputs)));
    if (returnedAt !== undefined && fresh.length && fresh.every((a) => (a.submittedAt?.getTime() ?? 0) <= returnedAt)) {
      return { holder, as: 'foreign', why: `${id}: another create of this run returned it` };
    }
    if ((creates.length && !fresh.length) || (!fresh.length && born !== undefined && !within(born))) {
      return {
        holder,
        as: 'foreign',
        why: `${id}: created ${(creates[0]?.submittedAt?.getTime() ?? born ?? 0) < from ? 'before' : 'well after'} this create was sent`,
      };
    }
    const who = [...fresh.map((a) => a.submittedBy), holder.creationUser, holder.creator].filter(
      (w): w is string => typeof w === 'string' && w !== '',
    );
    const other = who.find((w) => !submittedByUs(api, w));
    if (other !== undefined) return { holder, as: 'foreign', why: `${id}: created by ${other}` };
    if (!fresh.length) return { holder, as: 'unknown', why: `${id}: ITCare shows no create action for it` };
    return { holder, as: 'fresh', why: `${id}: created since this create started, by this API client` };
  }
}

/**
 * The failure when the evidence cannot decide: the resource, the holders in question and why, and
 * the one step that settles it. Nothing is adopted and nothing is created again.
 */
export function undecided(label: string, p: Extract<Provenance, { verdict: 'undecided' }>): ConflictError {
  const ids = p.candidates.map((h) => String(h.id));
  const fix =
    ids.length === 1
      ? `If resource ${ids[0]} is this one, set \`adopt: true\` on ${label} and run \`pulumi up\` (then remove it); if not, delete or rename it in ITCare and run \`pulumi up\` again.`
      : `Delete in ITCare those of resources ${ids.join(', ')} that are not this one, then set \`adopt: true\` on ${label} and run \`pulumi up\` (then remove it).`;
  return new ConflictError(
    `${label}: ITCare may hold this resource's create, but cannot show which resource it is (${p.why.join('; ')}); nothing was adopted and nothing created twice. ${fix}`,
  );
}
