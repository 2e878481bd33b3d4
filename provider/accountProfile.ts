import { type Profile, readProfile } from '../sdk/accountProfile';
import { RefusedChangeError } from '../sdk/errors';
import type { PlannedOperation } from './plan';
import { session } from './session';
import { profileFile } from './settings';

/**
 * What itcare-doctor found about this ITCare account (`itcare:profile` / ITCARE_PROFILE: the file of
 * `itcare-doctor --json`), heeded at preview without a release: a change that needs an operation the
 * account does not know is refused before anything is sent, even where ITCare's dry run is off
 * (`itcare:serverValidation=false`). Read once per provider process; a profile for another endpoint
 * is an error, not silently applied (the one read is the session's, session.ts).
 */

export function accountProfile(url: string): Profile | undefined {
  const file = profileFile();
  if (!file) return undefined;
  if (session.profile?.file !== file) session.profile = { file, profile: readProfile(file) };
  const loaded = session.profile;
  const checked = loaded.profile.endpoint.url.replace(/\/+$/, '');
  if (checked !== url.replace(/\/+$/, '')) {
    throw new RefusedChangeError(
      `itcare:profile ${file} was made against ${checked}, not ${url}: run itcare-doctor against this endpoint, or unset itcare:profile`,
    );
  }
  return loaded.profile;
}

/** Refuses `plan` when a step needs an operation the profile says this ITCare does not know for the kind. */
export function assertOperationsKnown(kind: string, name: string, plan: PlannedOperation[], changed: string[], url: string): void {
  const profile = accountProfile(url);
  if (!profile) return;
  const unknown = plan.map((p) => p.operation).filter((op) => profile.unknownOperations.some((u) => u.kind === kind && u.operation === op));
  if (!unknown.length) return;
  throw new RefusedChangeError(
    `${kind} ${name}: changing ${changed.join(', ')} needs the operation${unknown.length > 1 ? 's' : ''} ${unknown.map((o) => `\`${o}\``).join(', ')}, ` +
      `which this ITCare does not know (itcare-doctor, ${profile.checkedAt}, profile ${session.profile?.file}): make the change by replacing the resource, or in the ITCare console`,
  );
}
