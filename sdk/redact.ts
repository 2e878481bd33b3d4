/**
 * Secret scrubbing for anything that may reach a log, an error or a Pulumi state file. This is the
 * one redaction point: the transport passes every answer body through redactDeep (an action's
 * message may echo the client secret or a token, and the provider stores messages in state), and
 * ITCareError's constructor redacts every string it keeps. Known secret values and anything shaped
 * like a bearer token or a JWT are replaced wherever a string is kept.
 */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
export const REDACTED = '[REDACTED]';

export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    // Very short values would redact innocent words; real secrets and tokens are long.
    if (value && value.length >= 6) this.values.add(value);
  }

  redact(text: string): string {
    let out = text.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
    for (const v of this.values) out = out.split(v).join(REDACTED);
    return out;
  }
}

/** Token and JWT shapes only: for errors built where no client (and so no registry) is known. */
const PATTERNS_ONLY = new SecretRegistry();

/** Every string in a JSON-like value, redacted; other values are kept (a new object, never mutated). */
export function redactDeep<T>(value: T, secrets: SecretRegistry = PATTERNS_ONLY, depth = 0): T {
  if (typeof value === 'string') return secrets.redact(value) as T;
  if (!value || typeof value !== 'object' || depth > 32 || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // class instances keep their own rules
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, secrets, depth + 1);
  return out as T;
}
