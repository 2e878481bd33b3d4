import { z } from 'zod';

/**
 * ITCare dates are ISO 8601 with a zone: `2016-06-01T12:27:19.000+0200` (no colon, as Java's
 * SimpleDateFormat writes them), `2025-07-06T11:01:21.263Z`, or `+02:00`. JavaScript's Date parser
 * rejects the colon-less offset, so it is normalised before parsing.
 */
const ITCARE_DATE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})$/;

export function parseITCareDate(text: string): Date | undefined {
  const m = ITCARE_DATE.exec(text);
  if (!m) return undefined;
  const zone = m[2] === 'Z' ? 'Z' : `${m[2].slice(0, 3)}:${m[2].slice(-2)}`;
  // Fractions beyond milliseconds are cut: Date has millisecond precision.
  const local = m[1].replace(/(\.\d{3})\d+$/, '$1');
  const d = new Date(local + zone);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Formats in ITCare's own form, in UTC: `2016-06-01T10:27:19.000+0000`. */
export function formatITCareDate(date: Date): string {
  return date.toISOString().replace(/Z$/, '+0000');
}

/** zod codec: the wire string decodes to a Date and encodes back in ITCare's form. */
export const itcareDate = z.codec(
  z.string().refine((s) => parseITCareDate(s) !== undefined, { message: 'expected an ISO 8601 date with a zone' }),
  z.date(),
  {
    decode: (s) => parseITCareDate(s) as Date,
    encode: (d) => formatITCareDate(d),
  },
);
