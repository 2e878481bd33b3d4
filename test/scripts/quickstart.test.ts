import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/pulumi';

/**
 * The README's first set-up command, `npm ci && npm start`, runs scripts/quickstart.js: an embedded
 * emulator, `pulumi up` of examples/quickstart, its outputs, what ITCare holds, then destroy. It is run
 * here as a user runs it (its own process, the real CLI), with only the state backend moved to a
 * temporary directory, so a broken quickstart fails CI instead of a newcomer's first minute.
 */
jest.setTimeout(600_000);

// The emulator's demo client secret (emulator/oidc.ts DEMO_CLIENT), read as text: importing the
// emulator would load oidc-provider, an ESM module jest does not load.
const DEMO_SECRET = /clientSecret: '([^']+)'/.exec(fs.readFileSync(path.join(REPO, 'emulator', 'oidc.ts'), 'utf8'))![1];

function runQuickstart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'quickstart.js')], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('npm start: up, outputs and destroy on the embedded emulator; nothing left behind, no secret printed', async () => {
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-quickstart-'));
  try {
    const run = await runQuickstart({ ...process.env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_SKIP_UPDATE_CHECK: 'true' });
    expect({ code: run.code, tail: run.code === 0 ? '' : run.output.slice(-3000) }).toEqual({ code: 0, tail: '' });
    for (let step = 1; step <= 6; step++) expect(run.output).toContain(`[${step}/6]`);
    // Two instances created, listed from ITCare with the SDK, then stopped and deleted by the destroy.
    expect(run.output).toMatch(/\+ 3 created/); // the stack and two instances
    expect(run.output.match(/^ {2}\S+ +id \d+ +ACTIVE /gm)).toHaveLength(2);
    expect(new Set(run.output.match(/DELETE_INSTANCE action \d+ SUCCESS/g))).toHaveProperty('size', 2); // live, and again in the summary
    expect(run.output).toContain("Stack 'quickstart' has been removed!");
    expect(DEMO_SECRET.length).toBeGreaterThan(10);
    expect(run.output).not.toContain(DEMO_SECRET);
    expect(fs.existsSync(path.join(REPO, 'Pulumi.quickstart.yaml'))).toBe(false); // `stack rm` took its config
  } finally {
    fs.rmSync(backend, { recursive: true, force: true });
  }
});
