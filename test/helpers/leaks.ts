import type { SpawnedEmulator } from './emulator';

/**
 * Secrets that must never reach Pulumi's state, backups, history or any printed output: the client
 * secret, every access and refresh token the issuer handed out during the test, and an
 * Authorization header. Returns what was found (empty when clean), never the secret itself.
 */
export async function leaks(em: SpawnedEmulator, texts: Record<string, string>): Promise<string[]> {
  const { accessTokens, refreshTokens } = await em.control.issuedTokens();
  const needles: [string, string][] = [
    ['client secret', em.clientSecret],
    ...accessTokens.map((t, i): [string, string] => [`access token #${i}`, t]),
    ...refreshTokens.map((t, i): [string, string] => [`refresh token #${i}`, t]),
  ];
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const [what, needle] of needles) if (needle && text.includes(needle)) found.push(`${what} in ${where}`);
    if (/authorization/i.test(text)) found.push(`"Authorization" in ${where}`);
    if (/Bearer\s+ey/i.test(text)) found.push(`a bearer token in ${where}`);
  }
  return found;
}
