import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { sameValue } from './inputs';
import { declaredValue } from './outputs';

/** One PATCH `{operation, options}` to send, in order. */
export interface PlannedOperation {
  operation: string;
  options: Record<string, unknown>;
}

/**
 * The minimal sequence of operations that takes the resource from `current` (the server's model) to
 * `desired` (the inputs). Planning against the server, not against old state, makes an update that
 * was interrupted half-way converge when it runs again.
 *
 * Order: in-place changes first (resize is allowed in either power state, and a resize of a
 * running VM is what users ask for), then the power state.
 */
export function planOperations(d: AnyResourceDescriptor, desired: Record<string, unknown>, current: Record<string, unknown>): PlannedOperation[] {
  const plan: PlannedOperation[] = [];
  const byOperation = new Map<string, string[]>();
  for (const [field, op] of Object.entries(d.updatable) as [string, string][]) {
    if (desired[field] === undefined || sameValue(desired[field], current[field])) continue;
    byOperation.set(op, [...(byOperation.get(op) ?? []), field]);
  }
  for (const op of byOperation.keys()) {
    // An operation's options carry all of its fields (resize takes cpu and ram together): unchanged
    // ones keep the server's current value; fields neither side has are left out.
    const options: Record<string, unknown> = {};
    for (const key of Object.keys(d.operations[op].options.shape ?? {})) {
      const v = desired[key] ?? current[key];
      if (v !== undefined && v !== null) options[key] = v;
    }
    plan.push({ operation: op, options });
  }
  if (d.power) {
    const want = desired[d.power.field];
    if (want === 'running' && current.status !== d.power.running.status) plan.push({ operation: d.power.running.operation, options: {} });
    if (want === 'stopped' && current.status !== d.power.stopped.status) plan.push({ operation: d.power.stopped.operation, options: {} });
  }
  return plan;
}

/** Input fields whose change needs a new resource. */
export function replacedFields(d: AnyResourceDescriptor, olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  return d.createOnly.filter((f: string) => news[f] !== undefined && !sameValue(news[f], declaredValue(olds, f)));
}

/** Input fields that differ from the old state: create-only ones against what was declared. */
export function changedFields(d: AnyResourceDescriptor, olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  return Object.keys(news).filter((k) => {
    if (k === '__provider' || news[k] === undefined) return false;
    return !sameValue(news[k], d.createOnly.includes(k) ? declaredValue(olds, k) : olds[k]);
  });
}
