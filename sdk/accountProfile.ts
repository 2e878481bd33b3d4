import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BehaviourSpec } from './answerShapes';
import { ConfigurationError } from './errors';

/**
 * The doctor's machine-readable profile (`itcare-doctor --json`): what one ITCare account did, in a
 * form the provider heeds (`itcare:profile`: operations to refuse at preview), the emulator plays back (`itcare-emulator --profile <file>`: the `emulator` part IS a
 * BehaviourSpec of the answer shapes, plus the token lifetimes) and a bug report can carry. It never
 * holds a secret or a token: the account is named by its client id, the endpoint by its URLs.
 */

export const PROFILE_FORMAT = 'itcare-doctor-profile/1';

export const ProfileFinding = z.object({
  id: z.string(),
  assumption: z.string(),
  docs: z.string(),
  observed: z.string(),
  consequence: z.string(),
  verdict: z.enum(['holds', 'differs', 'not-checked', 'info']),
});

export const Profile = z.object({
  format: z.literal(PROFILE_FORMAT),
  checkedAt: z.string(),
  endpoint: z.object({ url: z.string(), issuer: z.string() }),
  clientId: z.string(),
  /** The answer shapes observed: `PUT /_emulator/behaviour`'s body, `--shape` flags' values. */
  emulator: BehaviourSpec,
  /** Token lifetimes (s) as granted: the emulator issues the same. */
  tokens: z.object({ accessTtl: z.number().int().positive().optional(), refreshTtl: z.number().int().positive().optional() }),
  /** 0 (Spring's default, what the SDK sends), 1, or unclear; absent when not checked. */
  pageBase: z.union([z.literal(0), z.literal(1), z.literal('unclear')]).optional(),
  /** Filters this ITCare ignored: never trust their answers (the SDK checks client-side anyway). */
  untrustedFilters: z.array(z.object({ path: z.string(), filter: z.string() })),
  /** Operations this ITCare does not know, per kind: a change needing one fails at preview. */
  unknownOperations: z.array(z.object({ kind: z.string(), operation: z.string() })),
  /** Findings the emulator cannot play back (the profile still records them). */
  notReproducible: z.array(z.string()),
  findings: z.array(ProfileFinding),
});
export type Profile = z.output<typeof Profile>;

/** What `itcare-emulator --profile` starts with: the shapes and token lifetimes, and what it cannot play. */
export interface EmulatorProfile {
  shapes: BehaviourSpec;
  accessTtl?: number;
  refreshTtl?: number;
  notReproducible: string[];
}

export function readProfile(file: string): Profile {
  // A ConfigurationError, read by the provider (itcare:profile) as much as by the emulator (--profile).
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigurationError(`profile ${file}: not a JSON file (${(err as Error).message})`);
  }
  const parsed = Profile.safeParse(raw);
  if (!parsed.success)
    throw new ConfigurationError(
      `profile ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export function emulatorProfile(p: Profile): EmulatorProfile {
  return { shapes: p.emulator, accessTtl: p.tokens.accessTtl, refreshTtl: p.tokens.refreshTtl, notReproducible: p.notReproducible };
}
