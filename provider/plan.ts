import { InvalidInputError } from '../sdk/errors';
import { type AnyResourceDescriptor, type OperationSpec, changeOf } from '../sdk/resources/descriptor';
import { type Props, sameValue } from './inputs';
import { declaredValue } from './outputs';

/** One PATCH `{operation, options}` to send, in order. */
export interface PlannedOperation {
  operation: string;
  options: Record<string, unknown>;
}

/**
 * Planning for one kind (ResourceKind.plan): what ITCare operations take a resource from its model to
 * the program, and which changes none can make.
 */
export class Planner {
  constructor(private readonly d: AnyResourceDescriptor) {}

  /**
   * The minimal sequence of operations that takes the resource from `current` (the server's model) to
   * `desired` (the inputs). Planning against the server, not against old state, makes an update that
   * was interrupted half-way converge when it runs again.
   *
   * Order: in-place changes first (resize is allowed in either power state, and a resize of a
   * running VM is what users ask for), then the power state.
   */
  operations(desired: Props, current: Props): PlannedOperation[] {
    const refused = this.refusedChanges(desired, current);
    // Never send an operation the descriptor says cannot do this (e.g. shrink a cluster): diff said so at preview.
    if (refused.length) throw new InvalidInputError(`${this.d.kind} ${String(desired.name ?? '')}: ${refused.join('; ')}`);
    const plan: PlannedOperation[] = [];
    for (const op of this.pendingOperations(desired, current).keys()) {
      const spec = this.d.operations[op] as OperationSpec;
      // An operation's options carry all of its fields (resize takes cpu and ram together): unchanged
      // ones keep the server's current value; fields neither side has are left out.
      const options: Props = {};
      if (spec.optionsFrom) {
        for (const [k, v] of Object.entries(spec.optionsFrom(desired, current))) if (v !== undefined && v !== null) options[k] = v;
      } else {
        for (const key of Object.keys((spec.options as { shape?: object }).shape ?? {})) {
          const v = desired[key] ?? current[key];
          if (v !== undefined && v !== null) options[key] = v;
        }
      }
      plan.push({ operation: op, options });
    }
    if (this.d.power) {
      const want = desired[this.d.power.field];
      if (want === 'running' && current.status !== this.d.power.running.status)
        plan.push({ operation: this.d.power.running.operation, options: {} });
      if (want === 'stopped' && current.status !== this.d.power.stopped.status)
        plan.push({ operation: this.d.power.stopped.operation, options: {} });
    }
    return plan;
  }

  /** Operations needed for the updatable fields that differ, each with the fields that call for it. */
  private pendingOperations(desired: Props, current: Props): Map<string, string[]> {
    const byOperation = new Map<string, string[]>();
    for (const [field, op] of Object.entries(this.d.updatable) as [string, string][]) {
      if (desired[field] === undefined || sameValue(desired[field], current[field])) continue;
      byOperation.set(op, [...(byOperation.get(op) ?? []), field]);
    }
    return byOperation;
  }

  /**
   * Changes no operation can make: an operation that refuses this transition (a cluster that would
   * shrink), or a secret (password) that ITCare cannot change on an existing resource. Each is said
   * at preview, naming the field; none is ever turned into a silent replace. `previous` holds the
   * values declared before (the state), for fields the server does not return (secrets).
   */
  refusedChanges(desired: Props, current: Props, previous: Props = current): string[] {
    const said: string[] = [];
    for (const [op, fields] of this.pendingOperations(desired, current)) {
      const why = (this.d.operations[op] as OperationSpec).refuses?.(desired, current);
      if (why)
        said.push(
          `${fields.join(', ')}: ${why}. Keep the current value, or replace the resource explicitly (\`pulumi up --replace <urn>\`).`,
        );
    }
    for (const field of this.d.secrets ?? []) {
      if (
        changeOf(this.d, field) !== 'secret' ||
        desired[field] === undefined ||
        previous[field] === undefined ||
        sameValue(desired[field], previous[field])
      )
        continue;
      said.push(
        `${field} changed, but ITCare has no operation to change it on an existing ${this.d.kind}, and replacing it would lose its data. ` +
          `Change it on the ${this.d.kind} itself, then either keep the previous value in the program or add \`ignoreChanges: ["${field}"]\` to the resource's options; ` +
          `to get a new ${this.d.kind} with the new value, replace it explicitly (\`pulumi up --replace <urn>\`).`,
      );
    }
    return said;
  }

  /** Input fields whose change needs a new resource. */
  replacedFields(olds: Props, news: Props): string[] {
    return this.d.createOnly.filter((f: string) => news[f] !== undefined && !sameValue(news[f], declaredValue(olds, f)));
  }

  /** Input fields that differ from the old state: create-only ones against what was declared. */
  changedFields(olds: Props, news: Props): string[] {
    return Object.keys(news).filter((k) => {
      if (k === '__provider' || news[k] === undefined) return false;
      return !sameValue(news[k], this.d.createOnly.includes(k) ? declaredValue(olds, k) : olds[k]);
    });
  }
}
