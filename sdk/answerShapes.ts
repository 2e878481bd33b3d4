import { z } from 'zod';

/**
 * Every INFERRED answer shape ITCare could give, one line each (in sdk/ because three parts read it:
 * the emulator plays them, itcare-doctor observes them on a real ITCare, the tests switch them): its switch (schema), the default
 * (the documented or most convenient reading), how the start-up flag `--shape name=value` spells it,
 * and why a real ITCare could plausibly answer that way. Each applies to every kind the generic
 * routes serve (routes.ts, through ServerBehaviour), switches combine, `PUT /_emulator/behaviour`
 * changes them at run time and `POST /_emulator/reset` returns to the start-up values. The next
 * shape found is one more entry here, plus the one place that produces it. emulator/README.md
 * ("Answer shapes") is the reader's copy of this list.
 */

const bool = (s: string) => s === 'true';
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const pairs = (s: string) => Object.fromEntries(list(s).map((kv) => kv.split(':', 2).map((x) => x.trim())));

interface Shape<S extends z.ZodType> {
  schema: S;
  default: z.output<S>;
  /** The value of `--shape <name>=<text>`. */
  parse(text: string): unknown;
  why: string;
}
const shape = <S extends z.ZodType>(s: Shape<S>) => s;

export const ANSWER_SHAPES = {
  accepted: shape({
    schema: z.enum(['action-with-resource', 'action', 'empty']),
    default: 'action-with-resource',
    parse: String,
    why: 'The 202 of a create / operation / delete: the docs show a 202, not its body. `action-with-resource` {id, status, message, resourceId}; `action` without resourceId (only the tracking object, as the action model has no resource id); `empty` (a gateway or an API that only acknowledges).',
  }),
  dryRun: shape({
    schema: z.enum(['valid', 'blank', 'empty', 'accepted']),
    default: 'valid',
    parse: String,
    why: 'A dry run that passed: the header is documented, the answer is not. `valid` 200 {status: "VALID", message}; `blank` 200 with no body; `empty` 204; `accepted` 202 {id: 0, status: "SUCCESS", message} (the real 202 shape with no action behind it).',
  }),
  inFlightStatuses: shape({
    schema: z.enum(['known', 'unknown']),
    default: 'known',
    parse: String,
    why: 'Statuses while an action runs: the docs list no action or transient status set. `unknown`: the action reads PENDING instead of IN_PROGRESS, and the resource DEPLOYING while created, PENDING while an operation runs, DECOMMISSIONING while deleted (IN_FLIGHT below).',
  }),
  atRestStatus: shape({
    schema: z.string().min(1).nullable(),
    default: null,
    parse: (s) => s || null,
    why: 'A status at rest the client does not know (e.g. MAINTENANCE, set by an operator or a newer ITCare): every resource that is not busy, failed, being created or deleted reads it instead of its own. The client must keep reading, refreshing and previewing it; it cannot plan power changes from it.',
  }),
  omitFields: shape({
    schema: z.array(z.string().min(1)),
    default: [],
    parse: list,
    why: 'Fields left out of every model (GET of one, each item of a list): the model fields beyond id, name, status, serviceId are INFERRED (creationTime, creationUser, instanceCount, endpoint, vip, …).',
  }),
  ignoreQueryFilters: shape({
    schema: z.boolean(),
    default: false,
    parse: bool,
    why: 'List and query filters ignored: the docs name the filters, not how strictly they apply. Every GET list answers everything (still paged and sorted).',
  }),
  serverTags: shape({
    schema: z.record(z.string(), z.string()),
    default: {},
    parse: pairs,
    why: 'Tags the server adds on its own to every resource with tags that it creates (a backup policy, a cost centre): nothing says tags are kept exactly as sent. `--shape serverTags=backup:daily,cost:42`.',
  }),
  echoTags: shape({
    schema: z.boolean(),
    default: true,
    parse: bool,
    why: 'false: models do not echo tags at all (a GET representation without the field): only the model fields shown in the docs are sure to come back.',
  }),
  unknownOperations: shape({
    schema: z.array(z.string().min(1)),
    default: [],
    parse: list,
    why: 'PATCH operations the server does not know (update_metadata, update_members, update_healthcheck are INFERRED): refused 400 on `operation`, dry runs included.',
  }),
} as const;

export type ShapeName = keyof typeof ANSWER_SHAPES;
export type AnswerShapes = { -readonly [K in ShapeName]: z.output<(typeof ANSWER_SHAPES)[K]['schema']> };

/** What `inFlightStatuses: unknown` shows instead of the client's known statuses while an action runs. */
export const IN_FLIGHT = { action: 'PENDING', creating: 'DEPLOYING', operating: 'PENDING', deleting: 'DECOMMISSIONING' } as const;

const entries = Object.entries(ANSWER_SHAPES) as [ShapeName, Shape<z.ZodType>][];

/** The body of PUT /_emulator/behaviour: any subset of the shapes. */
export const BehaviourSpec = z.strictObject(
  Object.fromEntries(entries.map(([k, s]) => [k, s.schema.optional()])) as {
    [K in ShapeName]: z.ZodOptional<(typeof ANSWER_SHAPES)[K]['schema']>;
  },
);
export type BehaviourSpec = z.input<typeof BehaviourSpec>;

export function defaultShapes(): AnswerShapes {
  return structuredClone(Object.fromEntries(entries.map(([k, s]) => [k, s.default]))) as AnswerShapes;
}

/** `--shape name=value` flags (start-up) → a BehaviourSpec, each value checked by its shape's schema. */
export function shapesFromFlags(flags: string[]): BehaviourSpec {
  const spec: Record<string, unknown> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    const name = (at < 0 ? flag : flag.slice(0, at)) as ShapeName;
    const s = ANSWER_SHAPES[name] as Shape<z.ZodType> | undefined;
    if (!s) throw new Error(`unknown answer shape ${name} (known: ${Object.keys(ANSWER_SHAPES).join(', ')})`);
    spec[name] = at < 0 ? true : s.parse(flag.slice(at + 1));
  }
  const parsed = BehaviourSpec.safeParse(spec);
  if (!parsed.success) throw new Error(`--shape: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as BehaviourSpec;
}
