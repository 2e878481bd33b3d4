#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { type ConfigSource, settingFrom } from '../provider/settings';
import { parseTimeout } from '../sdk/config';
import { renderReport } from './report';
import { runDoctor } from './run';

/**
 * itcare-doctor [--stack-config Pulumi.<stack>.yaml] [--json] [--out profile.json]
 * Checks the ITCare the provider is configured for (stack config file, else ITCARE_* variables),
 * with reads and dry runs only. Anything that would change ITCare is refused before a request.
 */

const USAGE = `usage: itcare-doctor [doctor] [--stack-config Pulumi.<stack>.yaml] [--json] [--out profile.json]
  Credentials: itcare:url, itcare:oidcIssuer, itcare:clientId, itcare:clientSecret of the stack config file,
  else ITCARE_URL, ITCARE_OIDC_ISSUER, ITCARE_CLIENT_ID, ITCARE_CLIENT_SECRET (an encrypted secret in the
  file cannot be read here: export ITCARE_CLIENT_SECRET=$(pulumi config get itcare:clientSecret)).
  --json prints the profile (for itcare-emulator --profile and bug reports) instead of the report;
  --out also writes it to a file.`;

/** Flags and words that ask for a change: refused by name, so the user knows why nothing happened. */
const MUTATING =
  /^(--?)?(apply|create|fix|repair|mutate|delete|destroy|up|update|write-itcare|no-dry-run|real|allow-mutations?|force)(=.*)?$/i;

export const REFUSAL = 'itcare-doctor only reads and dry-runs (ITCare-DryRun: true); it never creates, changes or deletes anything, so';

/** Reads plain itcare:* values of a Pulumi stack config file; encrypted ones fall back to the environment. */
function stackConfig(file: string): ConfigSource {
  const doc = parseYaml(readFileSync(file, 'utf8')) as { config?: Record<string, unknown> } | null;
  const config = doc?.config ?? {};
  return { get: (key) => (typeof config[key] === 'string' ? (config[key] as string) : undefined) };
}

async function main(argv: string[]): Promise<number> {
  const refused = argv.find((a) => MUTATING.test(a));
  if (refused) {
    console.error(`${REFUSAL} ${JSON.stringify(refused)} is refused. Nothing was sent.`);
    return 3;
  }
  let values: { json?: boolean; out?: string; 'stack-config'?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, out: { type: 'string' }, 'stack-config': { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.some((p) => p !== 'doctor')) {
    console.error(`unknown command ${positionals.filter((p) => p !== 'doctor').join(' ')}\n${USAGE}`);
    return 2;
  }
  const config = values['stack-config'] ? stackConfig(values['stack-config']) : undefined;
  const setting = (name: Parameters<typeof settingFrom>[1]) => settingFrom(config, name);
  const clientId = setting('clientId');
  const clientSecret = setting('clientSecret');
  if (!clientId || !clientSecret) {
    console.error(
      `ITCare credentials are missing: set itcare:clientId / itcare:clientSecret (plain) in the stack config file, or ITCARE_CLIENT_ID / ITCARE_CLIENT_SECRET\n${USAGE}`,
    );
    return 2;
  }
  const { profile } = await runDoctor({
    url: setting('url'),
    issuer: setting('issuer'),
    clientId,
    clientSecret,
    timeoutMs: parseTimeout(setting('timeout'), 'itcare:timeout'),
    userAgent: 'itcare-doctor',
  });
  const json = `${JSON.stringify(profile, null, 2)}\n`;
  if (values.out) writeFileSync(values.out, json);
  process.stdout.write(values.json ? json : `${renderReport(profile)}\n`);
  return profile.findings.some((r) => r.verdict === 'differs') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('itcare-doctor failed:', err instanceof Error ? err.message : err);
    process.exitCode = 2;
  },
);
