import { catalog } from '../../sdk/resources';
import { describeIssue } from '../inputs';
import { ResourceKind } from '../resourceKind';
import type { FleetEntry } from './entries';
import type { Problems } from './problems';

/**
 * Each merged entry checked as the provider's preview would check it (the descriptor's create schema,
 * its cross-field rules, powerState, adopt, timeouts, changeReference), before Pulumi declares
 * anything; plus what only the whole file shows: two entries that would share a Pulumi name, or an
 * ITCare name in one service.
 */

/** A secret reference's value, or undefined when neither the config key nor the variable is set. */
export type SecretLookup = (reference: string) => string | undefined;

/** Provider-internal inputs set by the resource classes, never by a fleet file. */
const INTERNAL = ['__owner', '__replaceOnChanges', '__deleteBeforeReplace'];

export function checkEntries(entries: readonly FleetEntry[], problems: Problems, lookup?: SecretLookup): void {
  const pulumiNames = new Map<string, FleetEntry>();
  const itcareNames = new Map<string, FleetEntry>();
  for (const entry of entries) {
    checkEntry(entry, problems, lookup);
    const ctx = { group: entry.group, entry: entry.name };
    const urn = `${entry.kind}/${entry.name}`;
    const twin = pulumiNames.get(urn);
    if (twin)
      problems.add(entry.origins[0], {
        ...ctx,
        reason: `another ${entry.kind} entry has the same name (group ${twin.group}): Pulumi names are unique per kind`,
      });
    else pulumiNames.set(urn, entry);
    const itcareName = `${entry.kind}/${String(entry.inputs.serviceId)}/${String(entry.inputs.name ?? entry.name)}`;
    const holder = itcareNames.get(itcareName);
    if (holder && holder !== twin) {
      problems.add([...entry.origins.map((o) => [...o, 'name']), entry.origins[0]], {
        ...ctx,
        property: 'name',
        reason: `ITCare name ${String(entry.inputs.name ?? entry.name)} is also used by entry ${holder.name} (group ${holder.group}) in service ${String(entry.inputs.serviceId)}: names are unique per service`,
      });
    } else if (!holder) itcareNames.set(itcareName, entry);
  }
}

function checkEntry(entry: FleetEntry, problems: Problems, lookup?: SecretLookup): void {
  const d = catalog[entry.kind];
  const ctx = { group: entry.group, entry: entry.name };
  const candidate: Record<string, unknown> = { ...entry.inputs, name: entry.inputs.name ?? entry.name };
  const unresolved = new Set<string>();
  for (const [field, reference] of Object.entries(entry.secrets)) {
    const value = reference ? lookup?.(reference) : undefined;
    if (value !== undefined) candidate[field] = value;
    else {
      // A stand-in, so the cross-field rules (which run once the fields parse) still judge the rest.
      candidate[field] = 'Unresolved#Secret1';
      unresolved.add(field);
    }
    if (lookup && reference && value === undefined) {
      problems.add(
        entry.origins.map((o) => [...o, field]),
        {
          ...ctx,
          property: field,
          reason: `secret ${reference} is set neither as a pulumi config key (pulumi config set --secret ${reference}) nor as an environment variable`,
        },
      );
    }
  }
  for (const key of INTERNAL) {
    if (key in candidate)
      problems.add(
        entry.origins.map((o) => [...o, key]),
        { ...ctx, property: key, reason: 'set by the resource class, never in a fleet file' },
      );
    delete candidate[key];
  }
  const schema = ResourceKind.of(d).inputSchema();
  const allowed = Object.keys(schema.shape).filter((k) => !INTERNAL.includes(k));
  const result = (d.rules ? schema.superRefine(d.rules) : schema).safeParse(candidate);
  if (result.success) return;
  for (const issue of result.error.issues) {
    // An unresolved secret is reported above (or, without a lookup, judged when the program runs).
    if (unresolved.has(String(issue.path[0]))) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const within = issue.path.map(String);
        const known = within.length ? keysAt(schema, within) : allowed;
        problems.add(
          entry.origins.map((o) => [...o, ...within, key]),
          {
            ...ctx,
            property: [...within, key].join('.'),
            reason: `unknown property for ${entry.kind}${within.length ? ` ${within.join('.')}` : ''} (allowed: ${known?.join(', ') ?? 'see docs/reference.md'})`,
          },
        );
      }
      continue;
    }
    const { property, reason } = describeIssue(issue);
    const path = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
    const missing = issue.code === 'invalid_type' && valueAt(candidate, path) === undefined;
    problems.add(
      [
        ...entry.origins.flatMap((o) => [
          [...o, ...path],
          [...o, ...path.slice(0, 1)],
        ]),
        entry.origins[0],
      ],
      {
        ...ctx,
        property,
        reason:
          (missing ? `required (${issue.expected})` : reason) +
          (property === 'name' && entry.inputs.name === undefined ? ' (the entry key is the ITCare name when `name` is absent)' : ''),
      },
    );
  }
}

/** The keys of the object schema at `path` (optional wrappers looked through), for "allowed: …". */
function keysAt(schema: unknown, path: readonly string[]): string[] | undefined {
  type Node = { def?: { innerType?: Node }; shape?: Record<string, Node> } | undefined;
  const unwrap = (n: Node): Node => (n?.def?.innerType ? unwrap(n.def.innerType) : n);
  let node = unwrap(schema as Node);
  for (const segment of path) node = unwrap(node?.shape?.[segment]);
  return node?.shape ? Object.keys(node.shape) : undefined;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const s of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[s] : undefined;
  return v;
}
