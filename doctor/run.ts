import { type ClientOptions, resolveOptions } from '../sdk/config';
import { SecretRegistry, redactDeep } from '../sdk/redact';
import { checkDryRuns } from './dryRuns';
import { type Finding, Findings } from './findings';
import { checkHealth, checkTokens } from './identity';
import { checkFilters, checkPaging, judgeOmissions, readKinds } from './lists';
import { emptyObserved } from './observed';
import { PROFILE_FORMAT, type Profile } from '../sdk/accountProfile';
import { readShapes } from './shapes';
import { ReadOnlyWire } from './wire';

/**
 * One doctor run: health and identity, then (with a token) lists, filters, paging, models, dry runs,
 * and the answer shapes read off what was seen. Returns the report's rows and the profile, both
 * passed through the SDK's redaction with the client secret and the token registered.
 */
export async function runDoctor(
  options: ClientOptions,
  now = new Date(),
): Promise<{ findings: Finding[]; profile: Profile; sent: ReadOnlyWire['sent'] }> {
  const opts = resolveOptions(options);
  const secrets = new SecretRegistry();
  secrets.add(opts.clientSecret);
  const f = new Findings();
  const o = emptyObserved();
  await checkHealth(opts, f);
  const tokens = await checkTokens(opts, f);
  secrets.add(tokens.accessToken);
  o.tokens = { accessTtl: tokens.accessTtl, refreshTtl: tokens.refreshTtl };
  let sent: ReadOnlyWire['sent'] = [];
  if (tokens.accessToken) {
    const wire = new ReadOnlyWire(opts.url, tokens.accessToken, opts.timeoutMs);
    sent = wire.sent;
    await readKinds(wire, f, o);
    judgeOmissions(o);
    await checkPaging(wire, f, o);
    await checkFilters(wire, f, o);
    await checkDryRuns(wire, f, o);
    if (wire.dryRunsStopped)
      f.differs(
        'dryrun.stopped',
        'Dry runs are honoured',
        'VERIFIED: ITCare-DryRun',
        wire.dryRunsStopped,
        'set itcare:serverValidation=false: a preview cannot ask this ITCare to validate',
      );
  } else {
    f.notChecked('api', "The API can be read with this client's token", 'VERIFIED', 'no token: nothing else was checked');
  }
  const shapes = readShapes(o);
  f.rows.push(...shapes.rows);
  const notReproducible = [
    ...(o.pageBase !== undefined && o.pageBase !== 0 ? [`pageBase ${o.pageBase}: the emulator's pages are 0-based`] : []),
    ...f.rows.filter((r) => r.verdict === 'differs' && /cannot play/.test(r.consequence)).map((r) => `${r.id}: ${r.observed}`),
    ...conflictingOperations(o.operations),
  ];
  const profile: Profile = {
    format: PROFILE_FORMAT,
    checkedAt: now.toISOString(),
    endpoint: { url: opts.url, issuer: opts.issuer },
    clientId: opts.clientId,
    emulator: shapes.emulator,
    tokens: o.tokens,
    ...(o.pageBase !== undefined ? { pageBase: o.pageBase } : {}),
    untrustedFilters: o.filters.filter((x) => x.verdict === 'ignored').map(({ path, filter }) => ({ path, filter })),
    unknownOperations: o.operations.filter((x) => !x.known).map(({ kind, operation }) => ({ kind, operation })),
    notReproducible,
    findings: f.rows,
  };
  return redactDeep({ findings: f.rows, profile, sent }, secrets);
}

/** The emulator refuses an operation by name for every kind: one kind knowing it and another not cannot be played. */
function conflictingOperations(ops: { kind: string; operation: string; known: boolean }[]): string[] {
  const unknown = new Set(ops.filter((x) => !x.known).map((x) => x.operation));
  return [...unknown]
    .filter((op) => ops.some((x) => x.operation === op && x.known))
    .map((op) => `operation ${op} is unknown for some kinds only: the emulator refuses it for all`);
}
