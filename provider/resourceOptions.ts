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
 */
type Props = Record<string, unknown>;

export const REPLACE_ON_CHANGES = '__replaceOnChanges';
export const IGNORE_CHANGES = '__ignoreChanges';

/**
 * Fields the provider leaves as ITCare has them. Only whole fields: a nested path (`tags.team`) stays
 * the engine's job (it keeps the old value in the news), since a tag map is converged as a whole.
 */
export function ignoredFields(inputs: Props): string[] {
  return (Array.isArray(inputs[IGNORE_CHANGES]) ? (inputs[IGNORE_CHANGES] as unknown[]) : []).filter((p): p is string => typeof p === 'string' && !/[.[]/.test(p));
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
