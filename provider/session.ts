import type { Profile } from '../sdk/accountProfile';
import type { ITCareClient } from '../sdk/client';
import type { ConfigSource } from './settings';
import { ValidationCache } from './validationCache';

/**
 * What one provider process knows beyond the arguments of the call it serves: its settings, what
 * the preview judged, and what this engine pass (preview or update) did so far. One provider process
 * serves one engine pass of one stack, so this lives as long as the process; it is the only state
 * of provider/ that outlives a call (the resource kinds, resourceKind.ts, hold none). Keys name the
 * resource kind, and the target where a process may meet more than one (tests calling the engine
 * directly do).
 */
export class ProviderSession {
  /** The stack config given to configure() (settings.ts); the ITCARE_* variables when none. */
  config: ConfigSource | undefined;
  /** The API client built from it on first use (settings.ts apiClient). */
  client: ITCareClient | undefined;
  /** The itcare-doctor profile read once per file (accountProfile.ts). */
  profile: { file: string; profile: Profile } | undefined;

  /**
   * Which inputs ITCare already validated in dry run, on disk for the current `pulumi` command only
   * (validationCache.ts): the engine calls check again in the update process of an `up`. Built on
   * first use, in the provider process only (the program loads settings.ts too).
   */
  get validated(): ValidationCache {
    this.cache ??= new ValidationCache();
    return this.cache;
  }
  private cache: ValidationCache | undefined;

  /** Replacements diff validated, awaiting the engine's second check of the same inputs (with no olds). */
  readonly replacements = new Set<string>();

  /**
   * Names held by the resource being checked itself: `check(olds, news)` with olds of the same
   * (serviceId, name). When the engine then replaces it on its own (replaceOnChanges), it checks the
   * news again with no olds, and the dry run of the create meets the resource it replaces.
   * Keyed by the ownership marker too (the resource's stack and Pulumi name): another resource of the
   * program with the same service and name (a copy) must never take the note of the one checked before it.
   */
  readonly selfHeld = new Set<string>();

  /**
   * Names claimed by the new resources checked in this provider process. ITCare names are unique per
   * service, so of two resources of one program with the same name, the second create fails at `up`,
   * although a dry run of each alone passes (neither exists yet). The engine checks each new resource
   * once per pass (a replacement's second check is answered before claims: takeReplacement), so a
   * second claim of a name is a second resource.
   */
  readonly claimed = new Set<string>();

  /**
   * Resources (kind/id) that a create of this provider process took over instead of creating (adopt,
   * or a holder recognised as its own): see engine.ts delete. Not the ones it created: those may be deleted.
   */
  readonly tookHere = new Set<string>();

  /**
   * Resources diff planned to replace, by kind and ownership marker (one per Pulumi resource): the
   * id of the one being replaced, so that its replacement's create never takes it (adopt, recovery).
   */
  readonly replacing = new Map<string, string>();

  /**
   * Resources that a create of this provider process already returned to Pulumi, and when: each is
   * another resource's (a snapshot of the same description a moment before), never a later create's
   * (provenance.ts). A create action submitted after that moment is another creation that got the same id and name.
   */
  readonly recorded = new Map<string, number>();
}

/** The session of this provider process. */
export const session = new ProviderSession();
