import type { ITCareClient } from '../sdk/client';
import type { Service } from '../sdk/resources/lookups';

/**
 * What the command line selects: the services (`--service DEMO,1002`) and the names (`--names
 * 'web*,!web99'`). Both are checked here, on what ITCare answered: how strictly ITCare applies its
 * list filters, and whether `names` expands patterns at all, is INFERRED (emulator/README.md), so
 * filters are at most sent as hints and never trusted to have selected anything.
 */

/** A compiled `--names` list: comma-separated glob patterns (`*`, `?`), a leading `!` excludes. */
export interface NameFilter {
  matches(name: string): boolean;
}

function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  // Case-insensitive, as ITCare compares its own list filters.
  return new RegExp(`^${body}$`, 'i');
}

/**
 * `web*,db0?` keeps names matching any positive pattern; `!web99` drops those matching a negated one;
 * a list of negations only keeps everything else (ITCare's comma-list rule).
 */
export function nameFilter(list: string | undefined): NameFilter {
  const terms = (list ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const excluded = terms.filter((t) => t.startsWith('!')).map((t) => globRegExp(t.slice(1)));
  const wanted = terms.filter((t) => !t.startsWith('!')).map(globRegExp);
  return {
    matches: (name) => !excluded.some((re) => re.test(name)) && (wanted.length === 0 || wanted.some((re) => re.test(name))),
  };
}

/** True when `s` is the service the user named: its key, its name (any case) or its id. */
export function isNamed(s: Service, wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  return String(s.id) === w || s.name.toLowerCase() === w || (s.key ?? '').toLowerCase() === w;
}

/**
 * The services named by `--service` (comma list of keys, names or ids), read from ITCare's service
 * list (every page) and matched here. A name that matches no service, or more than one, is an error
 * naming the services the credentials can see.
 */
export async function resolveServices(api: ITCareClient, list: string): Promise<Service[]> {
  const wanted = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!wanted.length) throw new Error('--service: give a service key, name or id (e.g. --service DEMO)');
  const visible: Service[] = [];
  for await (const s of api.services()) visible.push(s);
  const found = new Map<number, Service>();
  for (const w of wanted) {
    const matches = visible.filter((s) => isNamed(s, w));
    const known = () => visible.map((s) => `${s.key ?? s.name} (${s.id})`).join(', ') || 'none';
    if (matches.length === 0) throw new Error(`--service: no service ${JSON.stringify(w)} among those these credentials see: ${known()}`);
    if (matches.length > 1)
      throw new Error(
        `--service: ${JSON.stringify(w)} names ${matches.length} services (${matches.map((s) => s.id).join(', ')}): give the id`,
      );
    found.set(matches[0].id, matches[0]);
  }
  return [...found.values()];
}
