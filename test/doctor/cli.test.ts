import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Profile } from '../../sdk/accountProfile';
import { useEmulator } from '../helpers/emulator';
import { mutations, seedAccount } from './account';

/** The built bin, as a user runs it: the refusal, the report, --json / --out, a stack config file. */
const CLI = path.resolve(__dirname, '../../dist/doctor/cli.js');
const run = promisify(execFile);
const em = useEmulator([], { queryFilters: 'applied' });
const dir = mkdtempSync(path.join(tmpdir(), 'doctor-cli-'));

async function doctor(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const envOf = () => ({
  ITCARE_URL: em.url,
  ITCARE_OIDC_ISSUER: em.issuer,
  ITCARE_CLIENT_ID: em.clientId,
  ITCARE_CLIENT_SECRET: em.clientSecret,
});

test.each(
  [['--create'], ['--apply'], ['doctor', 'fix'], ['--no-dry-run'], ['--allow-mutations']].map((args) => ({ shown: args.join(' '), args })),
)('`$shown` is refused, saying why, and nothing is sent', async ({ args }) => {
  await em.control.clearLog();
  const r = await doctor(args, envOf());
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/only reads and dry-runs .* is refused\. Nothing was sent\./);
  expect(await em.control.log()).toEqual([]);
});

test('the report names the account and the endpoint; --json --out writes the profile; a stack config file gives the settings', async () => {
  await seedAccount(em);
  const report = await doctor(['doctor'], envOf());
  expect(report.code).toBe(0); // nothing differs on the default emulator
  expect(report.stdout).toContain(`account (client id): ${em.clientId}`);
  expect(report.stdout).toContain(`API: ${em.url}`);
  expect(report.stdout).toContain('| verdict | assumption | what the docs say | what this ITCare did | consequence |');
  expect(report.stdout).not.toContain(em.clientSecret);

  // Plain values from the stack file, the (encrypted there) secret from the environment.
  const stack = path.join(dir, 'Pulumi.dev.yaml');
  writeFileSync(
    stack,
    `config:\n  itcare:url: ${em.url}\n  itcare:oidcIssuer: ${em.issuer}\n  itcare:clientId: ${em.clientId}\n  itcare:clientSecret:\n    secure: v1:AAAA\n`,
  );
  const out = path.join(dir, 'profile.json');
  await em.control.behaviour({ unknownOperations: ['update_metadata'] });
  const json = await doctor(['--stack-config', stack, '--json', '--out', out], { ITCARE_CLIENT_SECRET: em.clientSecret });
  expect(json.code).toBe(1); // a finding differs
  const profile = Profile.parse(JSON.parse(json.stdout));
  expect(Profile.parse(JSON.parse(readFileSync(out, 'utf8')))).toEqual(profile);
  expect(profile).toMatchObject({ clientId: em.clientId, endpoint: { url: em.url }, emulator: { unknownOperations: ['update_metadata'] } });
  expect(profile.unknownOperations).toEqual([{ kind: 'Instance', operation: 'update_metadata' }]);
  expect(json.stdout).not.toContain(em.clientSecret);
  expect(mutations(await em.control.log())).toEqual([]);
});

test('missing credentials are named', async () => {
  const r = await doctor([], {});
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/ITCare credentials are missing/);
});
