import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BehaviourSpec } from '../../sdk/answerShapes';
import { catalog, fillPath, type AnyResourceDescriptor } from '../../sdk/resources';
import { tokenOf } from '../../native/tokens';
import type { FaultSpec } from './emulator';

/**
 * The server-shape profiles of the e2e matrix (test/e2e/shapeMatrix.test.ts), the front doors it
 * runs them through, and its table of kinds × (profile, door). Shapes are combined into a few profiles, not run one by one, so the matrix costs
 * one lifecycle per profile: each profile puts together shapes that do not hide each other (a
 * create followed by its action cannot be told apart from one followed without, so `accepted=empty`
 * and `accepted=action` are in different profiles).
 */
export interface Profile {
  name: string;
  shapes: BehaviourSpec;
  /** Faults added before the first up (and only for it). */
  faults?: (kinds: [string, AnyResourceDescriptor][]) => FaultSpec[];
  /** An at-rest status the client does not know, shown for a refresh and a no-op up after the create. */
  atRest?: string;
  /** Only create, no-op up and destroy: the profile's faults are the create's, the later steps would repeat 'documented'. */
  short?: boolean;
  why: string;
}

const listPath = (d: AnyResourceDescriptor) => `^/itcare${fillPath(d.path, '[^/]+')}$`;

export const PROFILES: Profile[] = [
  { name: 'documented', shapes: {}, why: "the emulator's defaults (filters ignored, as every suite runs)" },
  {
    name: 'sparse',
    shapes: { accepted: 'action', inFlightStatuses: 'unknown', ignoreQueryFilters: true, echoTags: false, dryRun: 'empty' },
    why: '202s without resourceId (found by name), actions PENDING and resources DEPLOYING/PENDING/DECOMMISSIONING, filters ignored, no tags echoed, dry runs 204',
  },
  {
    name: 'empty',
    shapes: {
      accepted: 'empty',
      dryRun: 'accepted',
      omitFields: ['creationTime', 'creationUser', 'environment'],
      serverTags: { backup: 'daily' },
      ignoreQueryFilters: true,
    },
    atRest: 'MAINTENANCE',
    why: 'empty 202s (no action id: the resource is followed), dry runs 202 action, INFERRED model fields left out, tags the server adds, an unknown status at rest',
  },
  {
    name: 'lost-create',
    shapes: { dryRun: 'blank', ignoreQueryFilters: true },
    short: true,
    faults: (kinds) =>
      kinds.flatMap(([, d]) => [
        { method: 'POST', path: listPath(d), dryRun: false, reset: 'after' as const, count: 1 },
        // Armed by the real create: the lookup recovery makes after the lost answer, not a pre-create check.
        { method: 'GET', path: listPath(d), status: 503, count: 1, after: { method: 'POST', path: listPath(d), dryRun: false } },
      ]),
    why: "each kind's create processed then its socket reset, a 503 on the next lookup of its collection (after the create); dry runs 200 with no body",
  },
];

export const matrixKinds = () => Object.entries(catalog) as [string, AnyResourceDescriptor][];

/**
 * The front doors onto the one engine (provider/engine.ts): pulumi-itcare's dynamic classes, and
 * pulumi-itcare/native's classes served by the native plugin (native/). The state type of a kind
 * follows the door.
 */
export type Door = 'dynamic' | 'native';
export const stateTypeOf = (door: Door, kind: string) =>
  door === 'native' ? tokenOf(kind) : `pulumi-nodejs:dynamic/${kind.replace('.', ':')}`;

/**
 * Pass/fail per kind and column (a profile through a door, `documented/native`): a cell fails with
 * the first step whose check failed for that kind. Each column's wall time is shown under it.
 */
export class MatrixTable {
  private readonly cells = new Map<string, string>();
  private readonly seconds = new Map<string, number>();

  constructor(
    private readonly kinds: string[],
    private readonly columns: string[],
  ) {}

  /** Records the failures of one step (kind → why); kinds already failed keep their first failure. */
  record(column: string, step: string, failures: Record<string, string>): void {
    for (const [kind, why] of Object.entries(failures)) {
      const key = `${column}|${kind}`;
      if (!this.cells.has(key)) this.cells.set(key, `${step}: ${why}`);
    }
  }

  /** The wall time of a column's whole lifecycle (measured, never asserted). */
  timed(column: string, ms: number): void {
    this.seconds.set(column, Math.round(ms / 1000));
  }

  failed(column: string, kind: string): string | undefined {
    return this.cells.get(`${column}|${kind}`);
  }

  /** The table as text, with the reason of each failed cell under it. */
  render(ran: Map<string, Set<string>>): string {
    const width = Math.max(...this.kinds.map((k) => k.length), 'duration (s)'.length);
    const cols = Math.max(11, ...this.columns.map((c) => c.length));
    const row = (first: string, cell: (column: string) => string) =>
      [first.padEnd(width), ...this.columns.map((c) => cell(c).padEnd(cols))].join(' | ');
    const head = row('kind', (c) => c);
    const rows = this.kinds.map((k) =>
      row(k, (c) => (!ran.has(c) ? 'not run' : !ran.get(c)!.has(k) ? '-' : this.failed(c, k) ? 'FAIL' : 'pass')),
    );
    const time = row('duration (s)', (c) => String(this.seconds.get(c) ?? '-'));
    const why = [...this.cells].map(([key, reason]) => `  ${key.replace('|', ' × ')}: ${reason}`);
    return [
      head,
      '-'.repeat(head.length),
      ...rows,
      '-'.repeat(head.length),
      time,
      ...(why.length ? ['', 'failed cells:', ...why] : []),
    ].join('\n');
  }

  /** Printed and written under the system temp dir (jest's cache lives there too). */
  /** `ran`: the columns that ran, each with the kinds its program declared. */
  publish(ran: Map<string, Set<string>>): string {
    const text = this.render(ran);
    const file = path.join(os.tmpdir(), 'itcare-shape-matrix.txt');
    fs.writeFileSync(file, `${text}\n`);
    process.stderr.write(`\nkinds × server shapes × front doors (also in ${file}):\n${text}\n`);
    return text;
  }
}
