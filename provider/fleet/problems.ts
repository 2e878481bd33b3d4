import { ITCareError } from '../../sdk/errors';
import type { FleetSource, Position, YamlPath } from './source';

/**
 * What is wrong with a fleet file, said the way a reviewer reads it: the file and line, the group,
 * the entry, the property, and the rule or the allowed values. Every problem of the file is
 * collected before anything is declared, so one failed CI run lists them all.
 */
export interface FleetProblem {
  file: string;
  line?: number;
  column?: number;
  group?: string;
  entry?: string;
  property?: string;
  reason: string;
}

/** A fleet file that cannot be declared: nothing was sent to ITCare nor declared to Pulumi. */
export class FleetError extends ITCareError {
  override readonly code = 'ITCARE_INVALID_FLEET';
  readonly problems: readonly FleetProblem[];

  constructor(found: readonly FleetProblem[]) {
    // In file order: a reviewer walks the file top to bottom.
    const problems = [...found].sort(
      (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
    const files = [...new Set(problems.map((p) => p.file))].join(', ');
    const head = `Invalid fleet file ${files}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing was declared`;
    super([head, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'));
    this.problems = problems;
  }
}

/** `fleets/dev.yaml:12:7: group web, entry web-02: cpu: <reason>` */
export function formatProblem(p: FleetProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  const context = [p.group !== undefined && `group ${p.group}`, p.entry !== undefined && `entry ${p.entry}`].filter(Boolean).join(', ');
  return `${where}: ${context ? `${context}: ` : ''}${p.property ? `${p.property}: ` : ''}${p.reason}`;
}

/** Collects problems of one source, each placed at the first of `paths` written in the file. */
export class Problems {
  readonly list: FleetProblem[] = [];
  constructor(private readonly source: FleetSource) {}

  add(paths: YamlPath | readonly YamlPath[], problem: Omit<FleetProblem, 'file' | 'line' | 'column'>): void {
    const candidates = (paths.length && Array.isArray(paths[0]) ? paths : [paths]) as readonly YamlPath[];
    let position: Position | undefined;
    for (const path of candidates) {
      position = this.source.positionOf(path);
      if (position) break;
    }
    const found: FleetProblem = {
      file: this.source.file,
      ...(position ? { line: position.line, column: position.column } : {}),
      ...problem,
    };
    // A problem in defaults is found once per entry that inherits it: said once, naming them all.
    const same = this.list.find(
      (p) =>
        p.line === found.line &&
        p.column === found.column &&
        p.property === found.property &&
        p.reason === found.reason &&
        p.group === found.group,
    );
    if (same && found.entry !== undefined && same.entry !== undefined) same.entry = `${same.entry}, ${found.entry}`;
    else if (!same) this.list.push(found);
  }

  throwIfAny(): void {
    if (this.list.length) throw new FleetError(this.list);
  }
}
