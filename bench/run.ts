/**
 * `npm run bench`: side-by-side measurements against the emulator, written to bench/RESULTS.md.
 * Each benchmark compares strategies in one run on one machine; numbers are medians over repeats.
 * The emulator runs in this process: absolute times include its work, comparisons are what count.
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../emulator/server';
import { ITCareClient } from '../sdk/client';
import { paginationBench } from './pagination';
import { soakBench } from './soak';
import { tokenBench } from './tokens';
import { waiterBench } from './waiter';

export interface Bench {
  title: string;
  question: string;
  header: string[];
  rows: (string | number)[][];
  finding: string;
}

export type Target = Awaited<ReturnType<typeof startEmulator>> & {
  client: () => ITCareClient;
  control: (method: string, route: string, body?: unknown) => Promise<unknown>;
};

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const em = await startEmulator({ port: 0, actionMs: 1000 });
  const base = em.url.replace(/\/itcare$/, '');
  const target: Target = {
    ...em,
    client: () => new ITCareClient({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret }),
    control: async (method, route, body) => {
      const res = await fetch(`${base}/_emulator${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return text ? JSON.parse(text) : undefined;
    },
  };
  const results: Bench[] = [];
  try {
    for (const bench of [tokenBench, paginationBench, waiterBench, soakBench]) {
      process.stderr.write(`bench: ${bench.name}…\n`);
      results.push(await bench(target));
    }
  } finally {
    await em.close();
  }
  const lines = [
    '# Benchmark results',
    '',
    `Recorded by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB.`,
    'Emulator and client share one process: compare rows within a table, not across machines.',
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.title}`, '', r.question, '', `| ${r.header.join(' | ')} |`, `|${r.header.map(() => '---').join('|')}|`);
    for (const row of r.rows) lines.push(`| ${row.join(' | ')} |`);
    lines.push('', `**Finding:** ${r.finding}`, '');
  }
  const out = path.resolve(__dirname, '..', '..', 'bench', 'RESULTS.md');
  writeFileSync(out, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
  process.stderr.write(`\nbench: written to ${out}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
