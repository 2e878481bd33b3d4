import { catalog, type CatalogKey } from '../../sdk/resources';
import { ResourceKind } from '../resourceKind';
import type { Problems } from './problems';
import type { YamlPath } from './source';

/**
 * The fleet file's structure (FLEET.md, version 1) and its merge rule: file defaults, then group
 * defaults, then the entry; `tags` merged key by key, every other field replaced whole by the more
 * specific level. Secret fields are references only ({ secret: NAME }), never values.
 */
export const FLEET_VERSION = 1;

type Fields = Record<string, unknown>;

export interface FleetEntry {
  group: string;
  /** The Pulumi resource name (the entry's key); ITCare's `name` defaults to it. */
  name: string;
  kind: CatalogKey;
  /** Merged inputs, secret fields left out (see `secrets`). */
  inputs: Fields;
  /** Secret field → the config key or environment variable holding its value ('' when malformed, already reported). */
  secrets: Record<string, string>;
  /** Where a property of this entry can be written, most specific first. */
  origins: YamlPath[];
  /** Pulumi resource options the file sets (`protect`), apart from the inputs. */
  options: { protect?: boolean };
}

const FILE_KEYS = ['version', 'defaults', 'groups'];
const GROUP_KEYS = ['kind', 'defaults', 'resources'];
const REFERENCE = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
/**
 * Pulumi resource options a fleet file may set, at any level like an input: `protect` (a PRODUCTION
 * database must have it under the policy pack, and the engine then refuses to replace or delete it).
 */
const OPTION_KEYS = ['protect'];

export const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (keys: readonly string[]) => keys.join(', ');

/** The entries of a parsed file, merged; structural problems are added to `problems`. */
export function fleetEntries(data: unknown, problems: Problems): FleetEntry[] {
  if (!isFields(data)) {
    problems.add([], { reason: `a fleet file is a map with ${list(FILE_KEYS)} (see FLEET.md)` });
    return [];
  }
  for (const key of Object.keys(data))
    if (!FILE_KEYS.includes(key)) problems.add([key], { property: key, reason: `unknown key (allowed: ${list(FILE_KEYS)})` });
  if (data.version !== FLEET_VERSION)
    problems.add([['version'], []], {
      property: 'version',
      reason: `${data.version === undefined ? 'required' : `unsupported version ${JSON.stringify(data.version)}`} (allowed: ${FLEET_VERSION})`,
    });
  const fileDefaults = defaultsAt(data.defaults, ['defaults'], problems, {});
  if (!isFields(data.groups)) {
    problems.add([['groups'], []], { property: 'groups', reason: 'required: a map of group name → { kind, defaults, resources }' });
    return [];
  }
  const entries: FleetEntry[] = [];
  for (const [group, spec] of Object.entries(data.groups)) {
    const at: YamlPath = ['groups', group];
    if (!isFields(spec)) {
      problems.add(at, { group, reason: `a group is a map with ${list(GROUP_KEYS)}` });
      continue;
    }
    for (const key of Object.keys(spec))
      if (!GROUP_KEYS.includes(key))
        problems.add([...at, key], { group, property: key, reason: `unknown key (allowed: ${list(GROUP_KEYS)})` });
    const kind = spec.kind;
    if (typeof kind !== 'string' || !(kind in catalog)) {
      problems.add([[...at, 'kind'], at], {
        group,
        property: 'kind',
        reason: `${kind === undefined ? 'required' : `unknown kind ${JSON.stringify(kind)}`} (allowed: ${list(Object.keys(catalog))})`,
      });
      continue;
    }
    const groupDefaults = defaultsAt(spec.defaults, [...at, 'defaults'], problems, { group });
    if (spec.resources !== undefined && spec.resources !== null && !isFields(spec.resources)) {
      problems.add([...at, 'resources'], { group, property: 'resources', reason: 'a map of resource name → its inputs' });
      continue;
    }
    for (const [name, body] of Object.entries(spec.resources ?? {})) {
      const path: YamlPath = [...at, 'resources', name];
      if (body !== null && !isFields(body)) {
        problems.add(path, { group, entry: name, reason: 'an entry is a map of inputs (or empty)' });
        continue;
      }
      const origins = [path, [...at, 'defaults'], ['defaults']];
      const merged = merge([applicable(kind as CatalogKey, fileDefaults), groupDefaults, body ?? {}]);
      const { inputs, options } = splitOptions(merged, origins, problems, group, name);
      entries.push({
        group,
        name,
        kind: kind as CatalogKey,
        origins,
        options,
        ...splitSecrets(kind as CatalogKey, inputs, origins, problems, group, name),
      });
    }
  }
  return entries;
}

function defaultsAt(value: unknown, path: YamlPath, problems: Problems, context: { group?: string }): Fields {
  if (value === undefined || value === null) return {};
  if (!isFields(value)) {
    problems.add(path, { ...context, property: 'defaults', reason: 'a map of input fields common to the resources below' });
    return {};
  }
  // Every resource would get the same ITCare name: names are unique per service.
  if ('name' in value)
    problems.add([...path, 'name'], {
      ...context,
      property: 'name',
      reason: 'not allowed in defaults (each resource has its own name: the entry key, or `name` in the entry)',
    });
  return value;
}

/**
 * File defaults reach every kind, and not every kind has every field (PostgreSQL has no `tags`):
 * a kind takes the fields it knows. Group defaults and entries are checked strictly.
 */
function applicable(kind: CatalogKey, defaults: Fields): Fields {
  const known = new Set([...Object.keys(ResourceKind.of(catalog[kind]).inputSchema().shape), ...OPTION_KEYS]);
  return Object.fromEntries(Object.entries(defaults).filter(([k]) => known.has(k)));
}

/** Least specific first. `tags` maps merge key by key; anything else is replaced whole. */
export function merge(levels: readonly Fields[]): Fields {
  const out: Fields = {};
  for (const level of levels) {
    for (const [key, value] of Object.entries(level)) {
      out[key] = key === 'tags' && isFields(out.tags) && isFields(value) ? { ...out.tags, ...value } : value;
    }
  }
  return out;
}

/** The resource options out of the merged fields: what is left are the inputs. */
function splitOptions(merged: Fields, origins: YamlPath[], problems: Problems, group: string, entry: string) {
  const inputs: Fields = {};
  const options: FleetEntry['options'] = {};
  for (const [key, value] of Object.entries(merged)) {
    if (!OPTION_KEYS.includes(key)) inputs[key] = value;
    else if (typeof value === 'boolean') options.protect = value;
    else
      problems.add(
        origins.map((o) => [...o, key]),
        { group, entry, property: key, reason: `a resource option: true or false, not ${JSON.stringify(value)}` },
      );
  }
  return { inputs, options };
}

function splitSecrets(kind: CatalogKey, merged: Fields, origins: YamlPath[], problems: Problems, group: string, entry: string) {
  const secretFields: readonly string[] = catalog[kind].secrets ?? [];
  const inputs: Fields = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    const at = origins.map((o) => [...o, key]);
    const ref = isFields(value) && Object.keys(value).length === 1 && 'secret' in value ? value.secret : undefined;
    if (secretFields.includes(key)) {
      if (typeof ref === 'string' && REFERENCE.test(ref)) secrets[key] = ref;
      else {
        secrets[key] = ''; // reported here, not again as a missing field
        // Never echo the value: it may be the secret itself.
        problems.add(at, {
          group,
          entry,
          property: key,
          reason: `a secret is never written in a fleet file: write \`${key}: { secret: NAME }\`, NAME being a pulumi config key (set with --secret) or an environment variable`,
        });
      }
    } else if (ref !== undefined) {
      problems.add(at, {
        group,
        entry,
        property: key,
        reason: `not a secret field: { secret: … } is allowed only for ${secretFields.length ? list(secretFields) : `secret fields (${kind} has none)`}`,
      });
    } else {
      inputs[key] = value;
    }
  }
  return { inputs, secrets };
}
