// A Stryker reporter that appends each tested mutant to reports/mutation/partial.ndjson as it is
// tested: a run stopped before its end (2 cores, ~2000 mutants) still leaves honest per-file numbers,
// which mutation/summary.mjs totals per folder. The full JSON report exists only at the end.
import fs from 'node:fs';
import path from 'node:path';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const FILE = path.resolve('reports/mutation/partial.ndjson');

class PartialReporter {
  constructor() {
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    fs.writeFileSync(FILE, '');
  }

  onMutantTested(m) {
    const row = {
      id: m.id,
      file: path.relative(process.cwd(), m.fileName),
      line: m.location.start.line,
      column: m.location.start.column,
      mutator: m.mutatorName,
      replacement: m.replacement,
      status: m.status,
      static: m.static ?? false,
    };
    fs.appendFileSync(FILE, `${JSON.stringify(row)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'partial', PartialReporter)];
