import { createHash } from 'node:crypto';
import type { ITCareClient } from '../sdk/client';
import { ConflictError, ITCareHttpError } from '../sdk/errors';
import { ResourceClient } from '../sdk/resourceClient';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { createBody, describeIssue, inputSchema, isUnknown } from './inputs';
import type { PlannedOperation } from './plan';

type Props = Record<string, unknown>;
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Validation for check (creates) and diff (updates): the shared zod schema first, then the server
 * itself in dry run (`ITCare-DryRun: true`), so that `pulumi preview` fails on what ITCare would
 * reject, before anything is mutated. Results are cached by input hash: the engine calls check
 * again during `up`.
 */
const validated = new Set<string>();

export function inputsKey(kind: string, target: string, what: string, payload: unknown): string {
  return createHash('sha256').update(JSON.stringify([kind, target, what, payload])).digest('hex');
}

/** zod validation of all inputs; issues on fields that are still unknown are not failures yet. */
export function schemaFailures(d: AnyResourceDescriptor, news: Props): { inputs: Props; failures: CheckFailure[] } {
  const candidate = { ...news };
  delete candidate.__provider;
  const unknown = new Set(Object.keys(candidate).filter((k) => isUnknown(candidate[k])));
  const r = inputSchema(d).safeParse(candidate);
  if (r.success) return { inputs: { ...news, ...r.data }, failures: [] };
  const failures = r.error.issues
    .filter((i) => !unknown.has(String(i.path[0])))
    .map((i) => {
      const f = describeIssue(i);
      return { property: f.property, reason: `${d.kind} ${String(news.name ?? '')}: ${f.property}: ${f.reason}` };
    });
  return { inputs: news, failures };
}

/** A dry-run rejection as a check failure on the field ITCare names (errorDesc). */
function failureFrom(d: AnyResourceDescriptor, name: unknown, err: ITCareHttpError): CheckFailure {
  const property = err.errorDesc && /^[A-Za-z][\w.]*$/.test(err.errorDesc) ? err.errorDesc : '';
  const said = err.errorMessage ?? err.message;
  return { property, reason: `${d.kind} ${String(name ?? '')}: ITCare rejected it in dry run (${err.errorCode ?? `HTTP ${err.httpStatus}`}): ${said}` };
}

/** Dry-run POST of a new resource. Returns failures; transport or auth errors are thrown. */
export async function dryRunCreate(d: AnyResourceDescriptor, api: ITCareClient, target: string, inputs: Props, opts: { replacing?: boolean } = {}): Promise<CheckFailure[]> {
  if (isUnknown(inputs)) return []; // preview of values not known yet: the server cannot judge them
  const body = createBody(d, inputs);
  const key = inputsKey(d.kind, target, 'create', body);
  if (validated.has(key)) return [];
  try {
    await new ResourceClient(d, api).create(body, { dryRun: true });
  } catch (err) {
    if (err instanceof ConflictError && (inputs.adopt || opts.replacing)) {
      // adopt: the existing resource is the point. Replacing with deleteBeforeReplace: the old one
      // holding the name is deleted before the create.
    } else if (err instanceof ConflictError) {
      return [{ property: 'name', reason: `${d.kind} ${String(inputs.name)}: ${err.errorMessage ?? 'already exists'} (ITCare ${err.errorCode ?? 'CONFLICT'}). Set \`adopt: true\` to manage the existing one instead of creating a duplicate.` }];
    } else if (err instanceof ITCareHttpError && (err.httpStatus === 400 || err.httpStatus === 422 || err.httpStatus === 404)) {
      return [failureFrom(d, inputs.name, err)];
    } else {
      throw err;
    }
  }
  validated.add(key);
  return [];
}

/**
 * Dry run of the planned operations. Only the first operation is judged against the server's current
 * state; later ones depend on the earlier ones having run (a stop then a start), so the server
 * cannot judge them yet.
 */
export async function dryRunOperations(d: AnyResourceDescriptor, api: ITCareClient, target: string, id: string, plan: PlannedOperation[], name: unknown): Promise<void> {
  const first = plan[0];
  if (!first || isUnknown(first.options)) return;
  const key = inputsKey(d.kind, target, `patch:${id}`, plan);
  if (validated.has(key)) return;
  try {
    await new ResourceClient(d, api).operate(id, first.operation, first.options, { dryRun: true });
  } catch (err) {
    if (err instanceof ITCareHttpError) {
      const f = failureFrom(d, name, err);
      throw new Error(`${f.reason}${f.property ? ` (property ${f.property})` : ''}; planned operations: ${plan.map((p) => p.operation).join(', ')}`);
    }
    throw err;
  }
  validated.add(key);
}
