import * as fs from 'node:fs';
import type { Props } from './inputs';
import { OWNER_INPUT, ownerMarker } from './owner';
import { pulumiAncestor } from './validationCache';

/**
 * Pulumi resource options the engine cannot apply to a dynamic resource by itself, passed by the
 * resource class as provider inputs (resources/options.ts) and applied here:
 * - `replaceOnChanges`: a dynamic provider's diff tells the engine no changed keys, so the engine
 *   never sees the listed fields change; diff adds them to its replaces.
 * - `ignoreChanges`: the engine copies the old inputs of the ignored fields into the news, but the
 *   provider plans against ITCare's live model (a refresh, an out-of-band resize) and, when it adopts
 *   an existing resource, against nothing old at all (adopting is a create for the engine, and a
 *   create ignores nothing). So the provider leaves ignored fields as ITCare has them: never diffed,
 *   never planned back, never changed by an adopt.
 * - `deleteBeforeReplace: false` (createsFirst): kinds with unique names default to true
 *   (resources/options.ts replaceOrder); an explicit false makes every replace create the new one
 *   first, which ITCare refuses when the name stays: such replaces are refused at preview.
 * - `--replace <urn>`: see replacedOnRequest below.
 */

export const REPLACE_ON_CHANGES = '__replaceOnChanges';
export const IGNORE_CHANGES = '__ignoreChanges';
export const DELETE_BEFORE_REPLACE = '__deleteBeforeReplace';

/** True when the program set `deleteBeforeReplace: false`: the engine creates a replacement before deleting. */
export function createsFirst(inputs: Props): boolean {
  return inputs[DELETE_BEFORE_REPLACE] === false;
}

/** Why a replacement that keeps a unique name cannot be created before the old one is deleted, and the fix. */
export function createFirstRefusal(kind: string, name: unknown, asked: string): string {
  return (
    `${kind} ${String(name)}: ${asked} keeps the name ${String(name)}, and ITCare names are unique per service, but the resource option ` +
    '`deleteBeforeReplace: false` makes Pulumi create the new one before deleting the old one: the create would meet the old one and nothing would be replaced. ' +
    'Remove `deleteBeforeReplace: false` (the default for this kind: the old one is stopped and deleted first, then the new one is created; ' +
    'it is unavailable meanwhile), or give the replacement another `name`.'
  );
}

/**
 * Fields the provider leaves as ITCare has them. Only whole fields: a nested path (`tags.team`) stays
 * the engine's job (it keeps the old value in the news), since a tag map is converged as a whole.
 */
export function ignoredFields(inputs: Props): string[] {
  return (Array.isArray(inputs[IGNORE_CHANGES]) ? (inputs[IGNORE_CHANGES] as unknown[]) : []).filter(
    (p): p is string => typeof p === 'string' && !/[.[]/.test(p),
  );
}

/** The inputs to converge to: ignored fields left out, so no operation is ever planned for them. */
export function withoutIgnored(inputs: Props): Props {
  const ignored = ignoredFields(inputs);
  if (!ignored.length) return inputs;
  const rest = { ...inputs };
  for (const f of ignored) delete rest[f];
  return rest;
}

/** Changed fields that replaceOnChanges turns into replaces (`*`: any change of a real input). */
export function replacesOnChanges(news: Props, changes: string[], providerOnly: string[]): string[] {
  const on = Array.isArray(news[REPLACE_ON_CHANGES]) ? (news[REPLACE_ON_CHANGES] as unknown[]) : [];
  return changes.filter((f) => !providerOnly.includes(f) && (on.includes(f) || on.includes('*')));
}

/**
 * Which resources the running `pulumi` command replaces on request (`--replace <urn>`,
 * `--target-replace <urn>`). For such a resource the engine calls check with no old inputs and never
 * calls diff (pulumi-dynamic-providers.md), so check alone must judge the replacement's create, and
 * its dry run meets the resource being replaced, which holds the name until it is deleted first.
 * A resource carrying our ownership marker is recognised by it; one created before the marker
 * existed, or adopted, carries none, and nothing the engine sends names the resource. The command
 * line of the CLI does: its URN gives the stack, project and Pulumi name, hence the marker the
 * program computed for it, compared with the `__owner` input.
 *
 * Read from /proc/<pid>/cmdline of the `pulumi` ancestor (as validationCache's pulumiRun): without
 * /proc, or for a URN given as a glob (`*`, `**`: the Pulumi name cannot be read from it), nothing
 * is recognised: the preview then refuses a name held by a resource without our marker, and under
 * `deleteBeforeReplace: false` cannot refuse the create-first replace (engine.ts delete says so).
 */

/** URNs following --replace / --target-replace in a command line (both `--flag v` and `--flag=v`). */
export function replaceUrns(argv: string[]): string[] {
  const urns: string[] = [];
  argv.forEach((arg, i) => {
    const m = /^--(?:target-)?replace(?:=(.*))?$/.exec(arg);
    if (!m) return;
    const value = m[1] ?? argv[i + 1];
    if (value?.startsWith('urn:')) urns.push(value);
  });
  return urns;
}

/**
 * The ownership marker of a literal URN `urn:pulumi:<stack>::<project>::<type>::<name>`, for `org`
 * and the resource kind (see owner.ts); undefined for a glob or anything else.
 */
export function markerOfUrn(urn: string, org: string, kind: string): string | undefined {
  if (urn.includes('*')) return undefined;
  const parts = urn.split('::');
  const head = /^urn:pulumi:(.+)$/.exec(parts[0] ?? '');
  if (!head || parts.length < 4) return undefined;
  return ownerMarker(org, parts[1], head[1], kind, parts.slice(3).join('::'));
}

/** The arguments of the `pulumi` command this provider process serves ([] when unknown). */
export function commandArgs(): string[] {
  const cli = pulumiAncestor();
  if (!cli) return [];
  try {
    return fs.readFileSync(`/proc/${cli.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** True when the running command replaces, by URN, the resource whose inputs these are. */
export function replacedOnRequest(kind: string, inputs: Props, argv: string[] = commandArgs()): boolean {
  const owner = inputs[OWNER_INPUT];
  if (typeof owner !== 'string') return false;
  const org = owner.split('/')[0];
  return replaceUrns(argv).some((urn) => markerOfUrn(urn, org, kind) === owner);
}
