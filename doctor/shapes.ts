import { ANSWER_SHAPES, type BehaviourSpec, type ShapeName } from '../sdk/answerShapes';
import type { Finding } from './findings';
import type { Observed } from './observed';

/**
 * How the doctor reads each of the emulator's answer shapes (emulator/answerShapes.ts) off a real
 * ITCare. One entry per shape, checked by the compiler: a new shape cannot be declared without
 * saying here how it is observed, or why it cannot be with reads and dry runs only. A reading gives
 * the shape's value (what goes into the profile's `emulator` part, which `itcare-emulator --profile`
 * plays back) and the report's row.
 */

export interface Reading {
  /** The shape's value as observed; absent when not observable here. */
  value?: unknown;
  observed: string;
  /** Why it could not be told, when value is absent. */
  notChecked?: string;
  consequence?: string;
}

const sameAsDefault = (name: ShapeName, v: unknown) => JSON.stringify(v) === JSON.stringify(ANSWER_SHAPES[name].default);
const list = (xs: string[]) => xs.join(', ');

export const SHAPE_READINGS: Record<ShapeName, { assumption: string; read(o: Observed): Reading }> = {
  accepted: {
    assumption: 'A 202 carries {id (the action), status, message, resourceId}',
    read: () => ({ observed: '', notChecked: 'only a real create, operation or delete answers 202; the doctor sends none' }),
  },
  dryRun: {
    assumption: 'A passed dry run answers 200 {"status":"VALID",…}',
    read: (o) => {
      if (!o.dryRunAnswer) return { observed: '', notChecked: 'no dry run passed' };
      const { shape, status, what } = o.dryRunAnswer;
      return shape === 'other'
        ? {
            observed: `${what}: HTTP ${status}, none of the known answers`,
            consequence: 'the SDK takes any 2xx with the echo as passed; the emulator cannot play this one',
          }
        : {
            value: shape,
            observed: `${what}: HTTP ${status} (\`${shape}\`)`,
            consequence: 'none: the SDK takes any 2xx that echoes the header as passed',
          };
    },
  },
  inFlightStatuses: {
    assumption: 'While an action runs it reads IN_PROGRESS and its resource a status the descriptors name (CREATING, DELETING, …)',
    read: (o) => {
      if (!o.runningActionStatuses.length) return { observed: '', notChecked: 'no action was running on this account' };
      const unknown = o.runningActionStatuses.filter((s) => s !== 'IN_PROGRESS').concat(o.unknownInFlight);
      const seen = `running actions: ${list(o.runningActionStatuses)}; their resources: ${list(o.inFlightSeen) || 'none listed'}`;
      return unknown.length
        ? {
            value: 'unknown',
            observed: `${seen} (unknown: ${list(unknown)})`,
            consequence: 'none for correctness: the waiter treats every status but SUCCESS/ERROR as running',
          }
        : { value: 'known', observed: seen };
    },
  },
  atRestStatus: {
    assumption: 'A resource at rest shows a status its descriptor names (ACTIVE, INACTIVE, ERROR, …)',
    read: (o) => {
      if (!o.kinds.some((k) => k.items.length)) return { observed: '', notChecked: 'no resource listed' };
      if (!o.unknownAtRest.length) return { value: null, observed: 'every resource at rest shows a known status' };
      return {
        value: o.unknownAtRest[0],
        observed: `unknown statuses at rest: ${list(o.unknownAtRest)}`,
        consequence: "reads, refreshes and previews work; a power change or delete planned from such a status meets ITCare's own 409",
      };
    },
  },
  omitFields: {
    assumption: 'Models carry every field the SDK schema declares (but optional create fields)',
    read: (o) =>
      o.omitted === undefined
        ? { observed: '', notChecked: 'no resource listed' }
        : o.omitted.length
          ? {
              value: o.omitted,
              observed: `never present: ${list(o.omitted)}`,
              consequence: 'outputs of these fields stay empty; a diff on them is not seen',
            }
          : { value: [], observed: 'every judged field present' },
  },
  ignoreQueryFilters: {
    assumption: 'List and query filters are applied',
    read: (o) => {
      if (!o.filters.length) return { observed: '', notChecked: 'no list had a resource to filter on' };
      const ignored = o.filters.filter((x) => x.verdict === 'ignored');
      return ignored.length
        ? {
            value: true,
            observed: `ignored: ${list(ignored.map((x) => `${x.path}?${x.filter}`))}`,
            consequence: 'none for correctness (answers are checked client-side); more pages read',
          }
        : { value: false, observed: `applied: ${list(o.filters.map((x) => `${x.path}?${x.filter}`))}` };
    },
  },
  serverTags: {
    assumption: "The server keeps a resource's tags as sent, adding none",
    read: () => ({ observed: '', notChecked: 'only a real create shows which tags the server adds; the doctor creates nothing' }),
  },
  echoTags: {
    assumption: 'Models echo their tags',
    read: (o) =>
      o.tagsEchoed === undefined
        ? { observed: '', notChecked: 'no resource of a kind with tags listed' }
        : o.tagsEchoed
          ? { value: true, observed: 'models carry `tags`' }
          : {
              value: false,
              observed: 'no model carries `tags`',
              consequence: 'the provider cannot see tag drift; tags are compared with what it last sent',
            },
  },
  unknownOperations: {
    assumption: 'ITCare knows every operation the descriptors name (start, stop, resize, update_metadata, …)',
    read: (o) => {
      if (!o.operations.length)
        return { observed: '', notChecked: 'no resource to dry-run an operation on, or unknown operations are not recognisable' };
      const unknown = [...new Set(o.operations.filter((x) => !x.known).map((x) => x.operation))].sort();
      return unknown.length
        ? {
            value: unknown,
            observed: `unknown: ${list(unknown)}`,
            consequence: `a change that needs ${list(unknown)} fails at preview (ITCare's 400 in the dry run)`,
          }
        : { value: [], observed: `all ${o.operations.length} known` };
    },
  },
};

/** The shapes observed (the profile's `emulator` part) and one report row per shape. */
export function readShapes(o: Observed): { emulator: BehaviourSpec; rows: Finding[] } {
  const emulator: Record<string, unknown> = {};
  const rows: Finding[] = [];
  for (const [name, r] of Object.entries(SHAPE_READINGS) as [ShapeName, (typeof SHAPE_READINGS)[ShapeName]][]) {
    const reading = r.read(o);
    const base = {
      id: `shape.${name}`,
      assumption: r.assumption,
      docs: `INFERRED (emulator shape \`${name}\`, default ${JSON.stringify(ANSWER_SHAPES[name].default)})`,
    };
    if (reading.value === undefined) {
      rows.push({
        ...base,
        observed: reading.notChecked ? `not checked: ${reading.notChecked}` : reading.observed,
        consequence: reading.consequence ?? 'unknown: the provider keeps its tolerant reading',
        verdict: reading.notChecked ? 'not-checked' : 'differs',
      });
      continue;
    }
    emulator[name] = reading.value;
    const holds = sameAsDefault(name, reading.value);
    rows.push({
      ...base,
      observed: reading.observed,
      consequence: reading.consequence ?? 'none: the provider works as built',
      verdict: holds ? 'holds' : 'differs',
    });
  }
  return { emulator: emulator as BehaviourSpec, rows };
}
