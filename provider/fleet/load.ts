import * as fs from 'node:fs';
import { checkEntries, type SecretLookup } from './check';
import { fleetEntries, type FleetEntry } from './entries';
import { FleetError, Problems } from './problems';
import { readSource } from './source';

/**
 * Reading a fleet file, without Pulumi: parse with positions, merge the defaults, check every entry.
 * Any problem throws one FleetError listing them all; nothing is declared from a file with one.
 */
export interface Fleet {
  file: string;
  entries: FleetEntry[];
}

export interface LoadOptions {
  /**
   * Resolves `{ secret: NAME }` references, so their values are checked like any input and a missing
   * one fails here. Without it, references are checked for their form only.
   */
  secrets?: SecretLookup;
}

/** Checks the text of a fleet file; `file` is the name its problems carry. */
export function parseFleet(text: string, file: string, options: LoadOptions = {}): Fleet {
  const source = readSource(text, file);
  const problems = new Problems(source);
  for (const s of source.syntax) problems.add([], { reason: `YAML: ${s.message}` });
  if (source.syntax.length) {
    // positionOf cannot place these: the syntax error carries its own position.
    throw new FleetError(
      problems.list.map((p, i) => ({ ...p, line: source.syntax[i].position.line, column: source.syntax[i].position.column })),
    );
  }
  const entries = fleetEntries(source.data, problems);
  checkEntries(entries, problems, options.secrets);
  problems.throwIfAny();
  return { file, entries };
}

/** Reads and checks the fleet file at `path` (named as given in its problems). */
export function loadFleet(path: string, options: LoadOptions = {}): Fleet {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new FleetError([{ file: path, reason: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }]);
  }
  return parseFleet(text, path, options);
}
