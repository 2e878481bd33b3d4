import type { Estate, EstateEntry } from './estate';
import { header, leftOut, type Provenance } from './fleetFile';

/**
 * Writes an estate as a Pulumi TypeScript program: one resource per ITCare resource, declared with
 * the class of its kind (`itcare.<module>.<Kind>`, from its descriptor), its current values and
 * `adopt: true`; each secret field read from the stack's secret config (`config.requireSecret`),
 * never written. Values are JSON literals, which TypeScript reads as they are.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(k: string): string {
  return IDENTIFIER.test(k) ? k : JSON.stringify(k);
}

/** The arguments of one resource, one property a line. */
export function argsText(e: EstateEntry): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(e.inputs)) {
    if (k === 'name' && v === e.pulumiName) continue; // the class defaults the name to the Pulumi name
    lines.push(`  ${key(k)}: ${JSON.stringify(v)},`);
  }
  for (const [field, ref] of Object.entries(e.secrets)) lines.push(`  ${key(field)}: config.requireSecret(${JSON.stringify(ref)}),`);
  return lines;
}

export function resourceText(e: EstateEntry): string {
  const cls = `itcare.${e.kind.d.module}.${e.kind.d.kind}`;
  return [
    `// ${e.kind.key} ${e.name}: ITCare id ${e.id}, service ${e.service.key ?? e.service.id}`,
    `new ${cls}(${JSON.stringify(e.pulumiName)}, {`,
    ...argsText(e),
    '});',
  ].join('\n');
}

/** The program's text (index.ts of a Pulumi project depending on pulumi-itcare). */
export function programFile(estate: Estate, from: Provenance): string {
  const comment = (lines: string[]) => lines.map((l) => `//${l}`);
  const usesSecrets = estate.entries.some((e) => Object.keys(e.secrets).length > 0);
  const parts = [
    ...comment(header(estate, from)),
    ...(usesSecrets ? ['//   (pulumi config set --secret <NAME>)'] : []),
    ...(estate.excluded.length ? comment(leftOut(estate)) : []),
    "import * as itcare from 'pulumi-itcare';",
    ...(usesSecrets ? ["import * as pulumi from '@pulumi/pulumi';", '', 'const config = new pulumi.Config();'] : []),
    '',
    ...estate.entries.map((e) => `${resourceText(e)}\n`),
  ];
  return `${parts.join('\n').trimEnd()}\n`;
}
