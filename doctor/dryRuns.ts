import { randomBytes } from 'node:crypto';
import { createSchema, nameFieldOf, probeName } from '../sdk/resources';
import type { Findings } from './findings';
import { type DryRunAnswer, type KindSample, type Observed, knownStatuses } from './observed';
import { type ReadOnlyWire, type WireAnswer, errorDesc } from './wire';

/**
 * Dry-run creates (bodies modelled on the account's own resources) and every operation of each kind
 * on an existing resource, all with ITCare-DryRun: true. Each method is first tried with a request
 * ITCare must refuse even if it ignored the header (an empty create body, an operation nobody has),
 * so a server that does not honour dry runs is found out before a valid request is sent.
 */

const BOGUS_OPERATION = 'doctor_probe_no_such_operation';

interface OperationSpec {
  from: readonly string[];
  to?: string;
  sets?: readonly string[];
  options: { safeParse(x: unknown): { success: boolean } };
}
const DOCS = 'VERIFIED header ITCare-DryRun echoed back; INFERRED answer body';

/** How a passed dry run was answered, in the emulator's `dryRun` shape names. */
export function dryRunShape(a: WireAnswer): DryRunAnswer {
  const body = a.body as Record<string, unknown> | undefined;
  if (a.status === 204) return 'empty';
  if (a.status === 200 && a.empty) return 'blank';
  if (a.status === 200 && body?.status === 'VALID') return 'valid';
  if (a.status === 202 && body && typeof body === 'object') return 'accepted';
  return 'other';
}

function notePassed(o: Observed, a: WireAnswer, what: string): void {
  if (a.status >= 200 && a.status < 300 && a.echoed && !o.dryRunAnswer) o.dryRunAnswer = { shape: dryRunShape(a), status: a.status, what };
}

/** A password the VERIFIED rule accepts, fresh for this run and never shown. */
const probePassword = () => `Dr7!${randomBytes(6).toString('hex')}`;

/** A create body for `sample`'s kind from one of its models: create fields only, a new name, fresh secrets. */
function bodyFrom({ d, items }: KindSample): { body?: Record<string, unknown>; why?: string } {
  const model = items[0];
  const shape = d.create.shape as Record<string, unknown>;
  const body: Record<string, unknown> = Object.fromEntries(
    Object.keys(shape)
      .filter((k) => model[k] !== undefined && model[k] !== null)
      .map((k) => [k, model[k]]),
  );
  if (d.uniqueName) body[nameFieldOf(d)] = probeName(d);
  for (const s of d.secrets ?? []) body[s] = probePassword();
  if (d.parent) body[d.parent.field] = Number(model[d.parent.field]) || model[d.parent.field];
  const ok = createSchema(d).safeParse(body);
  if (!ok.success)
    return {
      why: `no valid create body could be made from your ${d.kind} ${String(model.id)}: ${ok.error.issues[0].path.join('.')}: ${ok.error.issues[0].message}`,
    };
  if (d.parent) delete body[d.parent.field]; // in the path, as the SDK sends it
  return { body };
}

export async function checkDryRuns(wire: ReadOnlyWire, f: Findings, o: Observed): Promise<void> {
  const withItems = o.kinds.filter((k) => k.items.length);
  const first = o.kinds.find((k) => !k.d.parent);
  if (first) {
    const probe = await wire.send('POST', first.path, { body: {}, dryRun: true });
    const observed = `POST ${first.path} {} dry run: HTTP ${probe.status}, header ${probe.echoed ? 'echoed' : 'NOT echoed'}`;
    if (probe.echoed) f.holds('dryrun.echo', 'A dry run echoes ITCare-DryRun: true', DOCS, observed);
    else
      f.differs(
        'dryrun.echo',
        'A dry run echoes ITCare-DryRun: true',
        DOCS,
        observed,
        'the SDK refuses every dry-run answer (DryRunNotHonouredError): set itcare:serverValidation=false; the doctor sent no further dry run',
      );
  }
  for (const sample of withItems) {
    if (wire.dryRunsStopped) break;
    const { body, why } = bodyFrom(sample);
    const id = `dryrun.create.${sample.key}`;
    const assumption = `A ${sample.d.kind} create can be validated with a dry run`;
    if (!body) {
      f.notChecked(id, assumption, DOCS, why!);
      continue;
    }
    const a = await wire.send('POST', sample.path, { body, dryRun: true });
    notePassed(o, a, `POST ${sample.path}`);
    if (a.status < 300)
      f.holds(id, assumption, DOCS, `HTTP ${a.status}, a body modelled on your ${sample.d.kind} ${String(sample.items[0].id)} passed`);
    else
      f.info(
        id,
        assumption,
        DOCS,
        `HTTP ${a.status} on ${errorDesc(a) ?? '(no errorDesc)'}: ITCare validated the body modelled on your ${sample.d.kind} and refused it`,
        "none: the route validates in dry run (the refusal is about the doctor's body, not the provider)",
      );
  }
  await checkOperations(wire, f, o, withItems);
}

/** Each operation of each kind on one resource at rest: a 400 on `operation` means ITCare does not know it. */
async function checkOperations(wire: ReadOnlyWire, f: Findings, o: Observed, kinds: KindSample[]): Promise<void> {
  const operable = kinds.filter((k) => Object.keys(k.d.operations).length);
  let recognisable: boolean | undefined;
  for (const sample of operable) {
    const { d } = sample;
    const known = knownStatuses(d);
    // A resource at rest, so that an operation's dry run meets its own checks, not a running action.
    const target =
      sample.items.find((it) => it.status === d.statuses.created) ??
      sample.items.find((it) => known.has(String(it.status)) && !o.inFlightSeen.includes(String(it.status))) ??
      sample.items[0];
    const path = `${sample.path}/${encodeURIComponent(String(target.id))}`;
    if (recognisable === undefined) {
      if (wire.dryRunsStopped) break;
      const probe = await wire.send('PATCH', path, { body: { operation: BOGUS_OPERATION, options: {} }, dryRun: true });
      recognisable = probe.status === 400 && errorDesc(probe) === 'operation';
      const observed = `PATCH ${path} {operation: ${BOGUS_OPERATION}} dry run: HTTP ${probe.status} on ${errorDesc(probe) ?? '(no errorDesc)'}, header ${probe.echoed ? 'echoed' : 'NOT echoed'}`;
      if (recognisable && probe.echoed)
        f.holds(
          'operation.unknown-answer',
          'An unknown operation is 400 with errorDesc "operation"',
          'VERIFIED error body; INFERRED errorDesc',
          observed,
        );
      else
        f.differs(
          'operation.unknown-answer',
          'An unknown operation is 400 with errorDesc "operation"',
          'VERIFIED error body; INFERRED errorDesc',
          observed,
          "the doctor cannot tell known operations from unknown ones; the provider's preview still fails on what ITCare refuses",
        );
      if (!recognisable) break;
    }
    for (const [operation, spec] of Object.entries(d.operations) as [string, OperationSpec][]) {
      if (wire.dryRunsStopped) break;
      // Sent where even a server that ignored the header would do no harm: an operation that would act
      // with empty options (stop, start, reset: no field to set, a status to reach) goes only to a
      // resource in a status it is not allowed from; with none at hand it is not sent (a real stop or
      // reboot of a production VM is no price for a finding). With empty options, one that sets
      // fields (resize, update_metadata) would set none.
      const acts = spec.options.safeParse({}).success && (spec.to !== undefined || !spec.sets?.length);
      const harmless = acts ? sample.items.find((it) => !spec.from.includes(String(it.status))) : target;
      if (!harmless) {
        f.notChecked(
          `operation.${sample.key}.${operation}`,
          `ITCare knows the ${d.kind} operation \`${operation}\``,
          'INFERRED',
          `not sent: every ${d.kind} seen is in a status ${operation} is allowed from (${spec.from.join(', ')}), where a server ignoring the dry-run header would really run it`,
        );
        continue;
      }
      const opPath = `${sample.path}/${encodeURIComponent(String(harmless.id))}`;
      const a = await wire.send('PATCH', opPath, { body: { operation, options: {} }, dryRun: true });
      notePassed(o, a, `PATCH ${opPath} ${operation}`);
      const isKnown = !(a.status === 400 && errorDesc(a) === 'operation');
      o.operations.push({ kind: d.kind, operation, known: isKnown });
      const assumption = `ITCare knows the ${d.kind} operation \`${operation}\``;
      const docs = ['stop'].includes(operation) && d.kind === 'Instance' ? 'VERIFIED' : 'INFERRED from permission names and product pages';
      const observed = `dry run with empty options: HTTP ${a.status}${errorDesc(a) ? ` on ${errorDesc(a)}` : ''}`;
      if (isKnown) f.holds(`operation.${sample.key}.${operation}`, assumption, docs, observed);
      else
        f.differs(
          `operation.${sample.key}.${operation}`,
          assumption,
          docs,
          observed,
          `a change that needs ${operation} fails at preview with ITCare's 400 (nothing is changed); make such changes by replacing, or in the console`,
        );
    }
  }
}
