import { InvalidArgumentError } from './errors';

/**
 * Paths under the API base. The bearer token goes with every request, so a path must never leave the
 * base: ids become one encoded segment after being checked against the resource's id rule, and the
 * generic verbs refuse what could escape (`..`, `.`, an absolute URL, a backslash) instead of letting
 * `get('../../actions')` reach GET /itcare/actions or a URL send the token elsewhere.
 */

/** What an id of a resource looks like; a descriptor may declare its own (e.g. `\d+-snap-\d+`). */
export interface IdRule {
  pattern: RegExp;
  /** For the error, e.g. "an int64 id (digits)". */
  allowed: string;
}

/** ITCare's default: an int64, as a number or a string of digits. */
export const INT64_ID: IdRule = { pattern: /^\d{1,19}$/, allowed: 'an int64 id: a non-negative integer or a string of digits' };

/** The id as one path segment, after checking it against the rule; the error names the value. */
export function idSegment(id: unknown, rule: IdRule = INT64_ID, what = 'id'): string {
  const text = typeof id === 'number' ? (Number.isSafeInteger(id) ? String(id) : undefined) : typeof id === 'string' ? id : undefined;
  if (text === undefined || !rule.pattern.test(text)) {
    throw new InvalidArgumentError(`Invalid ${what} ${JSON.stringify(id) ?? String(id)}: expected ${rule.allowed}`, { argument: what });
  }
  return encodeURIComponent(text);
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A path for the generic verbs: kept under the API base, or refused naming the value. */
export function apiPath(path: string): string {
  const refuse = (why: string): never => {
    throw new InvalidArgumentError(`Invalid ITCare path ${JSON.stringify(path)}: ${why}`, { argument: 'path' });
  };
  if (typeof path !== 'string' || path === '') refuse('expected a path under the API base, e.g. /compute/instances');
  if (SCHEME.test(path) || path.startsWith('//'))
    refuse('an absolute URL would send the bearer token elsewhere: give a path under the API base');
  if (path.includes('\\')) refuse('backslashes are not allowed');
  const [pathname] = path.split(/[?#]/, 1);
  for (const raw of pathname.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return refuse(`segment ${JSON.stringify(raw)} is not valid percent-encoding`);
    }
    if (segment === '..' || segment === '.') refuse('"." and ".." segments could leave the API base');
    if (segment.includes('/') || segment.includes('\\')) refuse(`segment ${JSON.stringify(raw)} encodes a path separator`);
  }
  return path.startsWith('/') ? path : `/${path}`;
}
