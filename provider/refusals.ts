import { ConflictError, type ITCareError, ITCareHttpError } from '../sdk/errors';
import { collectionPath } from '../sdk/resources/descriptor';
import { type Model, type Props, sameValue } from './inputs';
import type { PlannedOperation } from './plan';
import type { ResourceKind } from './resourceKind';

/**
 * What ITCare refused, said with the context only the provider has: which resource, which name in
 * which service, which input needed the refused operation, and what to do. The same words at
 * preview (dry run) and at `up` (real call), so a bare `HTTP 409` or an unknown operation never
 * reaches the user alone. The error keeps its class and ITCare's fields (code, errorCode, method,
 * path, status); ITCare's own message stays at the end.
 * One per kind (ResourceKind.refusals).
 */
export class Refusals {
  constructor(private readonly kind: ResourceKind) {}

  private get d() {
    return this.kind.d;
  }

  /** The path a create of these inputs was POSTed to (a child's holds its parent's id); none when it cannot be built. */
  private collectionPathOf(inputs: Props): string | undefined {
    const d = this.d;
    try {
      return collectionPath(d, d.parent ? inputs[d.parent.field] : undefined);
    } catch {
      return undefined;
    }
  }

  /** The text for a create refused with 409: the name, the service and the two ways out. */
  nameTakenReason(inputs: Props, err: ITCareHttpError): string {
    return `${this.d.kind} ${String(inputs.name)}: ITCare refused the name ${String(inputs.name)} in service ${String(inputs.serviceId)} (${said(err)}): names are unique per service, and another resource most likely holds it. Set \`adopt: true\` to manage that existing resource instead of creating a duplicate, or choose another name`;
  }

  /** The inputs of the program that an operation is needed for (e.g. update_metadata: tags, description). */
  inputsNeeding(operation: string, inputs: Props): string[] {
    const fields = (Object.entries(this.d.updatable) as [string, string][])
      .filter(([f, op]) => op === operation && inputs[f] !== undefined)
      .map(([f]) => f);
    if (this.d.power && (operation === this.d.power.running.operation || operation === this.d.power.stopped.operation))
      fields.push(this.d.power.field);
    return fields;
  }

  /** The text for a refused operation: which inputs needed it, and when the server does not know it, what that means. */
  operationReason(inputs: Props, step: PlannedOperation, err: ITCareHttpError, when: 'in dry run' | 'at update'): string {
    const fields = this.inputsNeeding(step.operation, inputs);
    const needed = fields.length ? ` (needed to change ${fields.join(', ')} in place)` : '';
    const unknown = err.httpStatus === 400 && (err.errorDesc === 'operation' || /unknown operation/i.test(err.errorMessage ?? ''));
    const hint = unknown
      ? `. This ITCare does not offer operation ${step.operation}: ${fields.length ? fields.join(', ') : 'this change'} cannot change in place here; revert the change, or recreate the resource (e.g. pulumi up --replace)`
      : '';
    return `${this.d.kind} ${String(inputs.name ?? '')}: ITCare refused operation ${step.operation}${needed} ${when} (${said(err)})${hint}`;
  }

  /** A create refused at `up`: a 409 says which name in which service and the fix; others get the resource's name. */
  refusedCreate(inputs: Props, err: unknown): unknown {
    if (!(err instanceof ITCareHttpError) || err.method !== 'POST' || err.path !== this.collectionPathOf(inputs)) return err;
    if (err instanceof ConflictError) return recast(err, `${this.d.module}.${this.nameTakenReason(inputs, err)}`);
    const field = err.errorDesc ? ` (property ${err.errorDesc})` : '';
    return recast(err, `${this.kind.label(inputs)}: ITCare refused the create${field}: ${said(err)}`);
  }

  /** An operation refused at `up`: names the operation and the inputs that needed it. */
  refusedOperation(inputs: Props, step: PlannedOperation, err: unknown): unknown {
    if (!(err instanceof ITCareHttpError)) return err;
    return recast(err, `${this.d.module}.${this.operationReason(inputs, step, err, 'at update')}`);
  }

  /**
   * Why `existing` cannot be adopted by these inputs (the first create-only field that differs, and the
   * whole explanation), or undefined: shared by the create (Recovery.assertAdoptable) and the preview.
   */
  adoptionRefusal(inputs: Props, existing: Model, label: string): { property: string; reason: string } | undefined {
    const differing = this.d.createOnly.filter(
      (f: string) => inputs[f] !== undefined && existing[f] !== undefined && existing[f] !== null && !sameValue(inputs[f], existing[f]),
    );
    if (!differing.length) return undefined;
    const what = differing
      .map((f: string) => `${f} is ${JSON.stringify(existing[f])} in ITCare but ${JSON.stringify(inputs[f])} in the program`)
      .join('; ');
    return {
      property: differing[0],
      reason: `${label}: cannot adopt resource ${String(existing.id)}: ${what}. Align the program with it, or remove \`adopt\` and choose another name.`,
    };
  }
}

/** ITCare's words: errorCode and errorMessage, or the bare status when the body was empty. */
function said(err: ITCareHttpError): string {
  const words = [err.errorCode, err.errorMessage].filter(Boolean).join(': ');
  return words || `HTTP ${err.httpStatus}, no details`;
}

/** Same class, same ITCare fields, a message with context; anything but an ITCare HTTP error is left as is. */
function recast(err: unknown, message: string): unknown {
  if (!(err instanceof ITCareHttpError)) return err;
  const fields = err.toJSON();
  delete fields.name;
  delete fields.code;
  delete fields.message;
  const Ctor = err.constructor as new (m: string, details: Record<string, unknown>) => ITCareError;
  return new Ctor(`${message} [ITCare ${err.method} ${err.path}: HTTP ${err.httpStatus}]`, { ...fields, cause: err });
}
