// Totals of a Stryker run per folder (sdk/, provider/) and per file, as test/MUTATION.md records them:
//   node test/mutation/summary.mjs            (reports/mutation/mutation.json, the end-of-run report)
//   node test/mutation/summary.mjs --partial  (reports/mutation/partial.ndjson, written as mutants are tested)
//   add --survivors to list the surviving and uncovered mutants.
// Score = detected (killed + timeout) / valid (detected + survived + no coverage), Stryker's definition;
// compile errors (the type checker rejected the mutant) and ignored (static) mutants are not valid.
// "of tested" = detected / (detected + survived): the score among mutants whose tests ran, the fair
// figure for a partial run (its no-coverage and compile-error mutants are all known from the start).
import fs from 'node:fs';

const args = new Set(process.argv.slice(2));
const rows = args.has('--partial')
  ? fs.readFileSync('reports/mutation/partial.ndjson', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : Object.entries(JSON.parse(fs.readFileSync('reports/mutation/mutation.json', 'utf8')).files).flatMap(([file, f]) =>
      f.mutants.map((m) => ({ file, line: m.location.start.line, mutator: m.mutatorName, replacement: m.replacement, status: m.status })));

const STATUSES = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'];
function totals(list) {
  const t = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of list) t[r.status] = (t[r.status] ?? 0) + 1;
  const detected = t.Killed + t.Timeout;
  const valid = detected + t.Survived + t.NoCoverage;
  const ran = detected + t.Survived;
  return { ...t, total: list.length, score: valid ? ((100 * detected) / valid).toFixed(1) : 'n/a', ofTested: ran ? ((100 * detected) / ran).toFixed(1) : 'n/a' };
}
const line = (name, t) => `| ${name} | ${t.total} | ${t.Killed} | ${t.Timeout} | ${t.Survived} | ${t.NoCoverage} | ${t.CompileError + t.RuntimeError} | ${t.Ignored} | ${t.score} | ${t.ofTested} |`;

console.log('| scope | mutants | killed | timeout | survived | no coverage | compile/runtime error | ignored (static) | score % | of tested % |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const folder of ['sdk/', 'provider/']) console.log(line(`**${folder}**`, totals(rows.filter((r) => r.file.startsWith(folder)))));
for (const file of [...new Set(rows.map((r) => r.file))].sort()) console.log(line(file, totals(rows.filter((r) => r.file === file))));

if (args.has('--survivors')) {
  console.log('\n| file:line | mutator | replacement | status |\n|---|---|---|---|');
  for (const r of rows.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage').sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    console.log(`| ${r.file}:${r.line} | ${r.mutator} | \`${String(r.replacement).replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 70)}\` | ${r.status} |`);
  }
}
