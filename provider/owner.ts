import { createHash } from 'node:crypto';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import type { Props } from './inputs';

/**
 * Ownership marker: every resource this provider creates carries a tag naming the Pulumi stack and
 * resource that created it. After a crash between ITCare's acceptance of a create and the moment
 * Pulumi records it (a killed provider leaves no trace in state), the next `up` finds the resource
 * by name, sees its own marker and adopts it instead of failing with 409 — and never adopts a
 * resource someone else created (another stack, the console), which carries no marker or another one.
 *
 * Why a tag: tags are key/value pairs of every ITCare resource (itcare-api.md: "has id, type, name,
 * status, environment, tags"), returned by GET and changeable in place; the description and
 * changeReference are the user's own free text (changeReference is not even returned by GET).
 * The key has no ":" so that it stays usable in ITCare's `tags=key:value` list filter.
 */
export const OWNER_TAG = 'pulumi-itcare-owner';
/** The input carrying the marker, set by the program-side resource class (see ownerMarker). */
export const OWNER_INPUT = '__owner';

/**
 * `<organization>/<project>/<stack>/<hash>`: the hash covers the same parts plus the resource's kind and
 * Pulumi name (a tag value stays short and free of user text). Computed in the program: the dynamic
 * provider process is not told which stack or resource it works for (no URN, no stack name).
 */
export function ownerMarker(org: string, project: string, stack: string, kind: string, name: string): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([org, project, stack, kind, name]))
    .digest('hex')
    .slice(0, 16);
  return `${org}/${project}/${stack}/${hash}`;
}

/**
 * The marker as one kind carries it (ResourceKind.owner): only resources whose create body has tags
 * can carry it; for the others every method leaves the body, the inputs and the model as they are.
 */
export class OwnerMarking {
  private readonly tagged: boolean;

  constructor(d: AnyResourceDescriptor) {
    this.tagged = 'tags' in d.create.shape;
  }

  /** Resources whose create body has tags can carry the marker. */
  carriesMarker(): boolean {
    return this.tagged;
  }

  /** The create body with the marker added to its tags. */
  markedBody(body: Props, inputs: Props): Props {
    const owner = inputs[OWNER_INPUT];
    if (!this.tagged || typeof owner !== 'string') return body;
    return { ...body, tags: { ...tagsOf(body), [OWNER_TAG]: owner } };
  }

  /**
   * The state to converge to: the declared tags, the tags the program never declared (ITCare's own, or
   * someone else's: kept, never planned out of existence), and the marker. `previousTags` are the tags
   * the program declared before (the old outputs' view, see programView): a key declared then and
   * dropped now is removed. The marker never causes an operation on its own: a resource without it
   * (created before it existed, or adopted) gets it with its next tags change, so that an ITCare
   * without update_metadata (an INFERRED operation) never fails an update over it.
   */
  desiredWithOwner(inputs: Props, current: Props, previousTags?: unknown): Props {
    if (!this.tagged || (inputs.tags === undefined && typeof inputs[OWNER_INPUT] !== 'string')) return inputs;
    const owner = inputs[OWNER_INPUT];
    const serverTags = withoutOwner(tagsOf(current));
    let base = serverTags;
    if (inputs.tags !== undefined) {
      const declared = tagsOf(inputs);
      const dropped = tagsOf({ tags: previousTags });
      const undeclared = Object.entries(serverTags).filter(([k]) => !(k in declared) && !(k in dropped));
      base = { ...Object.fromEntries(undeclared), ...declared };
    }
    const marked = typeof owner === 'string' && tagsOf(current)[OWNER_TAG] === owner;
    const unchanged = JSON.stringify(sortKeys(base)) === JSON.stringify(sortKeys(serverTags));
    // Nothing of ours to change: the tags stay exactly as ITCare has them (a foreign marker included).
    if (unchanged && !marked) return { ...inputs, tags: tagsOf(current) };
    if (typeof owner !== 'string') return { ...inputs, tags: base };
    return { ...inputs, tags: { ...base, [OWNER_TAG]: owner } };
  }

  /**
   * The model as the program sees it: the marker is the provider's business, and of the tags, those
   * the program declares (none when it declares no tags): tags ITCare adds on its own never show as a
   * diff, and never count as declared before (desiredWithOwner's previousTags), so no update removes
   * them. A declared key missing at ITCare stays missing here, so refresh shows it.
   */
  programView(model: Props, declaredTags?: unknown): Props {
    if (!this.tagged || !model.tags || typeof model.tags !== 'object') return model;
    const declared = declaredTags && typeof declaredTags === 'object' ? (declaredTags as object) : {};
    const tags = Object.entries(withoutOwner(tagsOf(model))).filter(([k]) => k in declared);
    return { ...model, tags: Object.fromEntries(tags) };
  }
}

function tagsOf(o: Props): Record<string, string> {
  const t = o.tags;
  return t && typeof t === 'object' ? (t as Record<string, string>) : {};
}

function sortKeys(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

function withoutOwner(tags: Record<string, string>): Record<string, string> {
  const rest = { ...tags };
  delete rest[OWNER_TAG];
  return rest;
}

/** True when `model` carries exactly the marker of these inputs. */
export function ownedBy(model: Props, inputs: Props): boolean {
  const owner = inputs[OWNER_INPUT];
  return typeof owner === 'string' && owner.length > 0 && tagsOf(model)[OWNER_TAG] === owner;
}
