#!/usr/bin/env node
import { renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseFleet } from '../provider/fleet/load';
import { ITCareClient } from '../sdk/client';
import { type Estate, readEstate } from './estate';
import { fleetFile, type Provenance } from './fleetFile';
import { importFile } from './importFile';
import { programFile } from './program';

/**
 * itcare-import --service DEMO [--kinds instance,postgresql] [--names 'web*'] --out fleet.yaml|index.ts
 *
 * Reads what exists in ITCare (credentials from ITCARE_CLIENT_ID, ITCARE_CLIENT_SECRET, ITCARE_URL,
 * ITCARE_OIDC_ISSUER, as the SDK) and writes a fleet file (.yaml / .yml) or a Pulumi TypeScript
 * program (.ts) that adopts it, or a `pulumi import --file` file (.json, for the native provider).
 * Progress, and every resource left out with its reason, on stderr.
 * The output is written only once everything was read: a failure leaves no partial file.
 */

export const USAGE =
  "usage: itcare-import --service <key|name|id>[,…] [--kinds instance,postgresql,…] [--names 'web*,!web99'] --out <fleet.yaml|index.ts|import.json>";

export type Format = 'fleet' | 'program' | 'import';

export class UsageError extends Error {}

export interface ImportArgs {
  service: string;
  kinds?: string;
  names?: string;
  out: string;
  format: Format;
}

/** The command line, checked: a wrong one is a UsageError saying what is expected. */
export function parseCommandLine(argv: string[]): ImportArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        service: { type: 'string' },
        kinds: { type: 'string' },
        names: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (values.help) return 'help';
  if (typeof values.service !== 'string' || values.service.trim() === '') throw new UsageError(`--service is required\n${USAGE}`);
  if (typeof values.out !== 'string' || values.out === '') throw new UsageError(`--out is required\n${USAGE}`);
  const ext = path.extname(values.out).toLowerCase();
  const format = ({ '.yaml': 'fleet', '.yml': 'fleet', '.ts': 'program', '.json': 'import' } as Record<string, Format>)[ext];
  if (!format)
    throw new UsageError(
      `--out ${values.out}: the file's extension says what to write: .yaml / .yml (a fleet file), .ts (a Pulumi program) or .json (a \`pulumi import --file\` file)\n${USAGE}`,
    );
  return {
    service: values.service,
    kinds: values.kinds as string | undefined,
    names: values.names as string | undefined,
    out: values.out,
    format,
  };
}

/** What is said on stderr once the estate is read: each resource left out, with why, and the totals. */
export function summary(estate: Estate, out: string): string[] {
  const lines = estate.excluded.map(
    (x) => `left out: ${x.kind.key} ${x.name} (id ${x.id}, service ${x.service.key ?? x.service.id}): ${x.reason}`,
  );
  lines.push(`${estate.entries.length} resource(s) to adopt written to ${out}; ${estate.excluded.length} left out`);
  const refs = estate.entries.flatMap((e) => Object.values(e.secrets));
  if (refs.length)
    lines.push(`${refs.length} secret reference(s) to give a value before \`pulumi up\` (see the file's header): ${refs.join(', ')}`);
  return lines;
}

export async function runImport(args: ImportArgs, api: ITCareClient, say: (line: string) => void, now = new Date()): Promise<Estate> {
  const estate = await readEstate(api, { services: args.service, kinds: args.kinds, names: args.names, progress: say });
  const from: Provenance = {
    command: [
      'itcare-import',
      '--service',
      args.service,
      ...(args.kinds ? ['--kinds', args.kinds] : []),
      ...(args.names ? ['--names', `'${args.names}'`] : []),
      '--out',
      args.out,
    ].join(' '),
    generatedAt: now,
  };
  const text =
    args.format === 'fleet' ? fleetFile(estate, from) : args.format === 'import' ? importFile(estate) : programFile(estate, from);
  // The fleet loader's own check (secrets by form only): a file it would refuse is never written.
  if (args.format === 'fleet') parseFleet(text, args.out);
  // Written whole or not at all: a reader never sees half a file.
  const tmp = `${args.out}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, args.out);
  for (const line of summary(estate, args.out)) say(line);
  return estate;
}

async function main(): Promise<void> {
  const say = (line: string) => process.stderr.write(`itcare-import: ${line}\n`);
  try {
    const args = parseCommandLine(process.argv.slice(2));
    if (args === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    await runImport(args, ITCareClient.fromEnv(), say);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) void main();
