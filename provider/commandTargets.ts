import * as fs from 'node:fs';
import { OWNER_INPUT, ownerMarker } from './owner';
import { pulumiAncestor } from './validationCache';

type Props = Record<string, unknown>;

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
 * is recognised and the preview refuses the name as before, saying to use deleteBeforeReplace.
 */

/** URNs following --replace / --target-replace in a command line (both `--flag v` and `--flag=v`). */
export function replaceUrns(argv: string[]): string[] {
  const urns: string[] = [];
  argv.forEach((arg, i) => {
    const m = /^--(?:target-)?replace(?:=(.*))?$/.exec(arg);
    if (!m) return;
    const value = m[1] ?? argv[i + 1];
    if (value !== undefined && value.startsWith('urn:')) urns.push(value);
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
