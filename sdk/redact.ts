/**
 * Secret scrubbing for anything that may reach a log, an error or a Pulumi state file. Errors are built
 * from safe fields only (see errorMapping.ts); this is the second line: known secret values and
 * anything shaped like a bearer token or a JWT are replaced wherever a string is kept.
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

