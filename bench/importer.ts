import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './project';
import type { Bench, Target } from './types';
import { median } from './types';

/**
 * `itcare-import` of 1,000 instances (a real-sized estate): the bin as users run it (a process of
 * its own, credentials in ITCARE_*), against the emulator of this process, for both output formats,
 * with the emulator honouring list filters and ignoring them (then every list answers everything and
 * the importer filters alone). 2 % of the instances are in ERROR and must be left out.
 */
const TOTAL = 1000;
const RUNS = 3;

async function seed(t: Target): Promise<void> {
  await t.control('POST', '/reset');
  for (let i = 0; i < TOTAL; i++) {
    // An explicit address per instance: a seeded /24 holds ~245 (the value is irrelevant to an import).
    const ipAddress = `10.${100 + Math.floor(i / 250)}.${i % 250}.10`;
    const status = i % 50 === 7 ? 'ERROR' : i % 5 === 0 ? 'INACTIVE' : 'ACTIVE';
    await t.control('POST', '/resources/instances', {
      name: `vm${String(i).padStart(4, '0')}`,
      serviceId: 1001,
      networkId: i % 2 ? 2001 : 2002,
      status,
      ipAddress,
      ...(i % 3 ? { tags: { app: `app${i % 7}`, env: 'prod' } } : {}),
    });
  }
}

function runBin(t: Target, out: string): Promise<{ ms: number; stderr: string }> {
  const env = {
    ...process.env,
    ITCARE_URL: t.url,
    ITCARE_OIDC_ISSUER: t.issuer,
    ITCARE_CLIENT_ID: t.clientId,
    ITCARE_CLIENT_SECRET: t.clientSecret,
  };
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(REPO, 'dist', 'importer', 'cli.js'), '--service', 'DEMO', '--out', out],
      { env, maxBuffer: 64 << 20 },
      (err, _stdout, stderr) => {
        if (err) reject(new Error(`itcare-import failed: ${err.message}\n${stderr}`));
        else resolve({ ms: performance.now() - start, stderr });
      },
    );
  });
}

export async function importBench(t: Target): Promise<Bench> {
  await seed(t);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-import-bench-'));
  const rows: (string | number)[][] = [];
  const errors = Math.ceil((TOTAL - 7) / 50);
  try {
    for (const ignore of [false, true]) {
      await t.control('PUT', '/behaviour', { ignoreQueryFilters: ignore });
      for (const file of ['fleet.yaml', 'index.ts']) {
        const times: number[] = [];
        let requests = 0;
        let said = '';
        for (let i = 0; i < RUNS; i++) {
          await t.control('DELETE', '/log');
          const run = await runBin(t, path.join(dir, file));
          times.push(run.ms);
          said = run.stderr;
          requests = ((await t.control('GET', '/log')) as unknown[]).length;
        }
        const expected = `${TOTAL - errors} resource(s) to adopt written to`;
        if (!said.includes(expected) || !said.includes(`${errors} left out`))
          throw new Error(`itcare-import did not adopt ${TOTAL - errors} and leave ${errors} out:\n${said}`);
        const s = median(times) / 1000;
        rows.push([
          ignore ? 'ignored' : 'applied',
          file,
          TOTAL - errors,
          errors,
          requests,
          (fs.statSync(path.join(dir, file)).size / 1024).toFixed(0),
          s.toFixed(2),
          `< 30 s: ${s < 30 ? 'meets' : 'misses'}`,
        ]);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.control('POST', '/reset');
  }
  const slowest = Math.max(...rows.map((r) => Number(r[6])));
  return {
    id: 'import',
    title: `Estate import: ${TOTAL} instances (itcare-import, the bin)`,
    question: `How long does \`itcare-import --service DEMO --out <file>\` take for ${TOTAL} instances (2 % in ERROR, left out), from the process start to the file written, median of ${RUNS}?`,
    header: ['query filters', 'output', 'adopted', 'left out', 'requests', 'file KiB', 'wall s', 'goal'],
    rows,
    finding: `the slowest import takes ${slowest.toFixed(2)} s (goal < 30 s); requests are the token, the service list, one running-actions list and the pages of 500 of every kind.`,
  };
}
