/**
 * `npm run bench [-- --quick] [-- --only P1,P3] [-- --waits 2,10,60]`: side-by-side measurements against the emulator
 * and the real Pulumi CLI, merged into bench/RESULTS.md (a section per benchmark: a partial run
 * replaces only the sections it measured). Each benchmark compares strategies in one run on one
 * machine, its goal printed next to the measured value.
 *
 *   P1  action waits at D = 2 / 10 / 60 / 300 s (--quick: 2 and 10 s; --waits: those Ds), adaptive vs capped backoff vs fixed 1 s
 *   P2  token requests for 200 parallel calls
 *   P3  up / no-op up / destroy of 100 instances vs 100 trivial dynamic resources (real CLI)
 *   P4  peak RSS and state size at 500 (--scale N for another count; skipped by --quick)
 *   pagination  page sizes for 600 instances
 *   soak  100 instances, --parallel 50, ~20 % of requests faulted, until converged (skipped by --quick)
 *   import  itcare-import of 1,000 instances, both output formats
 *
 * The emulator runs in this process: absolute times include its work, comparisons are what count.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../emulator/server';
import { DURATIONS_ENV } from '../sdk/actionDurations';
import { ITCareClient } from '../sdk/client';
import { scaleBench, upBench } from './cli';
import { importBench } from './importer';
import { paginationBench } from './pagination';
import { soakBench } from './soak';
import { REPO } from './project';
import { tokenBench } from './tokens';
import { waiterBench } from './waiter';
import type { Bench, Target } from './types';

function render(r: Bench, machine: string): string {
  const lines = [
    `<!-- ${r.id} -->`,
    `## ${r.title}`,
    '',
    `${machine}. ${r.question}`,
    '',
    `| ${r.header.join(' | ')} |`,
    `|${r.header.map(() => '---').join('|')}|`,
  ];
  for (const row of r.rows) lines.push(`| ${row.join(' | ')} |`);
  lines.push('', `**Finding:** ${r.finding}`, `<!-- /${r.id} -->`, '');
  return lines.join('\n');
}

/** Replaces the sections measured now, keeps the others as recorded before. */
function merge(file: string, sections: Map<string, string>): string {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (!text.startsWith('# Benchmark results')) {
    text =
      '# Benchmark results\n\nRecorded by `npm run bench` (see bench/run.ts); each section says when and on what. Compare rows within a table, not across machines. Notes on reading them: see the end of this file.\n\n';
  }
  for (const [id, body] of sections) {
    const re = new RegExp(`<!-- ${id} -->[\\s\\S]*?<!-- /${id} -->\\n?`);
    text = re.test(text) ? text.replace(re, body) : `${text.trimEnd()}\n\n${body}`;
  }
  return text;
}

async function main() {
  // The bench's actions (the emulator's, its CLI runs') never teach the user's record of durations.
  process.env[DURATIONS_ENV] = path.join(mkdtempSync(path.join(os.tmpdir(), 'itcare-bench-')), 'action-durations.json');
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, scale: { type: 'string' }, waits: { type: 'string' } },
  });
  const quick = values.quick ?? false;
  const only = values.only?.split(',').map((s) => s.trim());
  const wanted = (id: string) => (only ? only.includes(id) : !['P4', 'soak'].includes(id) || !quick);
  const em = await startEmulator({ port: 0, actionMs: 1000 });
  const base = em.url.replace(/\/itcare$/, '');
  const target: Target = {
    ...em,
    client: () => new ITCareClient({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret }),
    control: async (method, route, body) => {
      const res = await fetch(`${base}/_emulator${route}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return text ? JSON.parse(text) : undefined;
    },
  };
  const cpus = os.cpus();
  const machine = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg()[0].toFixed(1)}`;
  const plan: [string, () => Promise<Bench | Bench[]>][] = [
    ['P1', () => waiterBench(target, quick, values.waits?.split(',').map(Number))],
    ['P2', () => tokenBench(target)],
    ['P3', () => upBench(target)],
    ['P4', () => scaleBench(target, values.scale ? Number(values.scale) : 500)],
    ['pagination', () => paginationBench(target)],
    ['soak', () => soakBench(target)],
    ['import', () => importBench(target)],
  ];
  const sections = new Map<string, string>();
  try {
    for (const [id, run] of plan) {
      if (!wanted(id)) continue;
      process.stderr.write(`bench: ${id}…\n`);
      for (const r of ([] as Bench[]).concat(await run())) {
        const body = render(r, machine);
        sections.set(r.id, body);
        process.stdout.write(`${body}\n`);
      }
    }
  } finally {
    await em.close();
  }
  const out = path.join(REPO, 'bench', 'RESULTS.md');
  writeFileSync(out, merge(out, sections));
  process.stderr.write(`bench: written to ${out}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
