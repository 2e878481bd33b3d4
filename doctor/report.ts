import type { Finding } from './findings';
import type { Profile } from '../sdk/accountProfile';

/**
 * The report a person reads: which account and endpoint, then one table row per assumption (what the
 * docs say, what this ITCare did, what that means), the differences first.
 */

const ORDER = { differs: 0, 'not-checked': 1, holds: 2, info: 3 } as const;
const MARK = { differs: 'DIFFERS', 'not-checked': 'not checked', holds: 'holds', info: 'info' } as const;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function renderReport(profile: Profile): string {
  const rows = [...profile.findings].sort((a: Finding, b: Finding) => ORDER[a.verdict] - ORDER[b.verdict]);
  const count = (v: Finding['verdict']) => profile.findings.filter((r) => r.verdict === v).length;
  return [
    `itcare-doctor — ${profile.checkedAt}`,
    `account (client id): ${profile.clientId}`,
    `API: ${profile.endpoint.url}`,
    `OIDC issuer: ${profile.endpoint.issuer}`,
    `only reads and dry runs were sent; nothing was created, changed or deleted`,
    '',
    `${count('differs')} differ, ${count('not-checked')} not checked, ${count('holds')} hold, ${count('info')} for information`,
    '',
    '| verdict | assumption | what the docs say | what this ITCare did | consequence |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${MARK[r.verdict]} | ${cell(r.assumption)} | ${cell(r.docs)} | ${cell(r.observed)} | ${cell(r.consequence)} |`),
    '',
    `emulator profile (answer shapes): ${JSON.stringify(profile.emulator)}; tokens ${JSON.stringify(profile.tokens)}`,
    ...(profile.notReproducible.length ? [`the emulator cannot play: ${profile.notReproducible.join('; ')}`] : []),
    'Reproduce locally: itcare-doctor --json > profile.json && itcare-emulator --profile profile.json',
  ].join('\n');
}
