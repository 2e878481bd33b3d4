// Totals of a Stryker run per folder (sdk/, provider/) and per file, as mutation/README.md records them:
//   node mutation/summary.mjs            (reports/mutation/mutation.json, the end-of-run report)
//   node mutation/summary.mjs --partial  (reports/mutation/partial.ndjson, written as mutants are tested)
//   node mutation/summary.mjs --incremental  (the shards in the mutation cache (stryker.config.mjs): the provider/ and sdk/ runs'
//       incremental files, each holding the latest result of every mutant of its folder, and the
//       focused runs' kills when there are some: see withFocus)
//   add --survivors to list the surviving and uncovered mutants,
//   add --judged to apply mutation/judged.tsv: survivors and uncovered mutants judged since the run,
//   each either killed by a test written since (checked by hand: the mutant applied, the test seen
//   failing) or equivalent (no test can tell it apart, with the reason). Judged kills count as
//   detected; equivalent mutants leave the score (they are not valid mutants). The run's own figures
//   stay in the first table; the second one says what they become with the judgements.
// Score = detected (killed + timeout) / valid (detected + survived + no coverage), Stryker's definition;
// compile errors (the type checker rejected the mutant) and ignored (static) mutants are not valid.
// "of tested" = detected / (detected + survived): the score among mutants whose tests ran, the fair
// figure for a partial run (its no-coverage and compile-error mutants are all known from the start).
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './stryker.config.mjs';

const args = new Set(process.argv.slice(2));
const readReport = (json) => JSON.parse(fs.readFileSync(json, 'utf8')).files;
const fromReport = (files, folder) =>
  Object.entries(files)
    .filter(([file]) => file.startsWith(folder))
    .flatMap(([file, f]) =>
      f.mutants.map((m) => ({
        file,
        line: m.location.start.line,
        column: m.location.start.column,
        mutator: m.mutatorName,
        replacement: m.replacement,
        status: m.status,
      })),
    );
const key = (r) => [r.file, r.line, r.column, r.mutator, r.replacement].join('\t');
/** A mutant no test has detected yet: what the focused runs and the judgements may settle, and --survivors lists. */
const open = (r) => r.status === 'Survived' || r.status === 'NoCoverage';

/**
 * A focused run's kills (stryker.focus.conf.mjs: the files new tests aim at, only those tests) settle
 * the shards' survivors and uncovered mutants, where the focused run mutated the same source.
 */
function withFocus(rows, shards) {
  const focused = fs
    .readdirSync(cacheDir)
    .filter((f) => /^stryker-incremental\.focus-.+\.json$/.test(f))
    .sort();
  if (!focused.length) return rows;
  const kills = new Set(
    focused.flatMap((name) => {
      const focus = readReport(path.join(cacheDir, name));
      return fromReport(
        Object.fromEntries(Object.entries(focus).filter(([file, f]) => shards.some((s) => s[file]?.source === f.source))),
        '',
      )
        .filter((r) => r.status === 'Killed' || r.status === 'Timeout')
        .map(key);
    }),
  );
  let settled = 0;
  const out = rows.map((r) => {
    if (!open(r) || !kills.has(key(r))) return r;
    settled++;
    return { ...r, status: 'Killed' };
  });
  console.log(`${settled} survivor(s) or uncovered mutant(s) of the shards killed by the focused runs (${focused.join(', ')}).\n`);
  return out;
}

function shardRows() {
  const shards = ['provider', 'sdk'].map((s) => readReport(path.join(cacheDir, `stryker-incremental.${s}.json`)));
  return withFocus([...fromReport(shards[0], 'provider/'), ...fromReport(shards[1], 'sdk/')], shards);
}

const rows = args.has('--partial')
  ? fs
      .readFileSync('reports/mutation/partial.ndjson', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : args.has('--incremental')
    ? shardRows()
    : fromReport(readReport('reports/mutation/mutation.json'), '');

const STATUSES = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'];
function totals(list) {
  const t = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of list) t[r.status] = (t[r.status] ?? 0) + 1;
  const detected = t.Killed + t.Timeout;
  const valid = detected + t.Survived + t.NoCoverage;
  const ran = detected + t.Survived;
  return {
    ...t,
    total: list.length,
    score: valid ? ((100 * detected) / valid).toFixed(1) : 'n/a',
    ofTested: ran ? ((100 * detected) / ran).toFixed(1) : 'n/a',
  };
}
const line = (name, t) =>
  `| ${name} | ${t.total} | ${t.Killed} | ${t.Timeout} | ${t.Survived} | ${t.NoCoverage} | ${t.CompileError + t.RuntimeError} | ${t.Ignored} | ${t.score} | ${t.ofTested} |`;

function printTable(rows) {
  console.log(
    '| scope | mutants | killed | timeout | survived | no coverage | compile/runtime error | ignored (static) | score % | of tested % |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const folder of ['sdk/', 'provider/']) console.log(line(`**${folder}**`, totals(rows.filter((r) => r.file.startsWith(folder)))));
  for (const file of [...new Set(rows.map((r) => r.file))].sort()) console.log(line(file, totals(rows.filter((r) => r.file === file))));
}
printTable(rows);
let final = rows; // what --survivors lists: the judged view when --judged is given

if (args.has('--judged')) {
  // file  line  mutator  replacement (a prefix of Stryker's, or *)  verdict (killed|equivalent)  why
  const judged = fs
    .readFileSync('mutation/judged.tsv', 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [file, ln, mutator, replacement, verdict, why] = l.split('\t');
      if (!['killed', 'equivalent'].includes(verdict) || !why) throw new Error(`judged.tsv: bad line: ${l}`);
      const [lineNo, column] = ln.split(':').map(Number); // "63" or "63:48" (a column where one line has look-alikes)
      return { file, line: lineNo, column, mutator, replacement, verdict, used: 0 };
    })
    .sort((a, b) => (a.column === undefined) - (b.column === undefined));
  const adjusted = rows.map((r) => {
    const j =
      open(r) &&
      judged.find(
        (x) =>
          x.file === r.file &&
          x.line === r.line &&
          (x.column === undefined || x.column === r.column) &&
          (x.mutator === '*' || x.mutator === r.mutator) &&
          (x.replacement === '*' || String(r.replacement).startsWith(x.replacement)),
      );
    if (!j) return r;
    j.used++;
    return { ...r, status: j.verdict === 'killed' ? 'Killed' : 'Ignored' };
  });
  final = adjusted;
  const unused = judged.filter((j) => j.used === 0);
  console.log(`\nWith mutation/judged.tsv (${judged.length} judgements; killed by hand count as killed, equivalent as ignored):\n`);
  printTable(adjusted);
  if (unused.length)
    console.log(
      `\n${unused.length} judgement(s) matched no open mutant of this run: ${unused.map((j) => `${j.file}:${j.line} ${j.mutator}`).join(', ')}`,
    );
}

if (args.has('--survivors')) {
  console.log('\n| file:line | mutator | replacement | status |\n|---|---|---|---|');
  for (const r of final.filter(open).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    console.log(
      `| ${r.file}:${r.line} | ${r.mutator} | \`${String(r.replacement).replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 70)}\` | ${r.status} |`,
    );
  }
}
