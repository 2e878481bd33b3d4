import type { SpawnedEmulator, StoredInstance } from './emulator';
import type { TestStack } from './pulumi';

/**
 * How far Pulumi's state and the emulator's store agree, for the fault and crash tests. Every list
 * is empty when the stack converged: each declared instance exists once in ITCare, healthy, with
 * the declared sizing, and state holds exactly those ids, nothing pending.
 */
export interface Convergence {
  /** Names held by more than one instance in ITCare. */
  duplicates: string[];
  /** Instances in ITCare that state does not hold. */
  orphans: string[];
  /** Declared instances that state or ITCare lacks. */
  missing: string[];
  /** Instances not in their created status, or with another sizing than declared. */
  unhealthy: string[];
  /** State entries whose id or outputs differ from ITCare's view, and pending operations. */
  stateMismatch: string[];
}

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

export async function convergence(
  em: SpawnedEmulator,
  t: TestStack,
  desired: Record<string, { cpu?: number; ram?: number }>,
): Promise<Convergence> {
  const stored = await em.control.instances();
  const exported = await t.stack.exportStack();
  const resources = ((exported.deployment.resources ?? []) as StateResource[]).filter((r) => r.type.endsWith(':Instance'));
  const pending = (exported.deployment.pending_operations ?? []) as unknown[];
  const byName = new Map<string, StoredInstance[]>();
  for (const s of stored) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const stateIds = new Set(resources.map((r) => String(r.id)));
  const c: Convergence = { duplicates: [], orphans: [], missing: [], unhealthy: [], stateMismatch: [] };
  for (const [name, held] of byName) if (held.length > 1) c.duplicates.push(`${name} x${held.length}`);
  for (const s of stored) if (!stateIds.has(String(s.id))) c.orphans.push(`${s.name} (${s.id}, ${s.status})`);
  for (const [name, spec] of Object.entries(desired)) {
    const held = byName.get(name) ?? [];
    const inState = resources.find((r) => r.urn.endsWith(`::${name}`));
    if (!held.length || !inState) {
      c.missing.push(`${name}${held.length ? '' : ' (not in ITCare)'}${inState ? '' : ' (not in state)'}`);
      continue;
    }
    const s = held[0];
    if (s.status !== 'ACTIVE' || (spec.cpu !== undefined && s.cpu !== spec.cpu) || (spec.ram !== undefined && s.ram !== spec.ram)) {
      c.unhealthy.push(`${name}: ${s.status} cpu ${String(s.cpu)} ram ${String(s.ram)}`);
    }
    const o = inState.outputs ?? {};
    if (inState.id !== String(s.id) || o.status !== s.status || o.cpu !== s.cpu || o.ram !== s.ram || o.__createActionId !== undefined) {
      c.stateMismatch.push(
        `${name}: state id ${String(inState.id)} ${String(o.status)} cpu ${String(o.cpu)} ram ${String(o.ram)}; ITCare ${s.id} ${s.status} cpu ${String(s.cpu)} ram ${String(s.ram)}`,
      );
    }
  }
  for (const r of resources)
    if (!stored.some((s) => String(s.id) === String(r.id))) c.stateMismatch.push(`${r.urn} holds ${String(r.id)}, absent from ITCare`);
  if (pending.length) c.stateMismatch.push(`${pending.length} pending operation(s)`);
  return c;
}

export const CONVERGED: Convergence = { duplicates: [], orphans: [], missing: [], unhealthy: [], stateMismatch: [] };
