import type { z } from 'zod';
import { InvalidInputError } from './errors';

/**
 * Input checks shared by the SDK and the provider: a body, options or query that fails its schema is
 * an InvalidInputError whose message names each field and what is allowed (zod's issues stay on
 * `issues` for programs), never a ZodError's JSON dump. The provider's preview uses describeIssue for
 * its check failures, so both say the same thing.
 */

/** One zod issue as a property and a reason: the rule, the unknown keys, the allowed values. */
export function describeIssue(issue: z.core.$ZodIssue): { property: string; reason: string } {
  const property = issue.path.map(String).join('.') || '(inputs)';
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') reason = `unknown propert${issue.keys.length > 1 ? 'ies' : 'y'} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_value') reason = `${issue.message} (allowed: ${issue.values.map((x) => JSON.stringify(x)).join(', ')})`;
  return { property, reason };
}

/** Parses `value` with `schema`, or throws an InvalidInputError about `what` (e.g. "Instance create body"). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const said = r.error.issues.map((i) => {
    const { property, reason } = describeIssue(i);
    return `${property}: ${reason}`;
  });
  throw new InvalidInputError(`Invalid ${what}: ${said.join('; ')}`, { issues: r.error.issues });
}
