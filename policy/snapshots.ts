import { type PolicyResource, type StackValidationPolicy, UnknownValueError } from '@pulumi/policy';
import type { ParentSpec } from '../sdk/resources/descriptor';
import { envList, environmentOf } from './environment';
import { kindOf, snapshotOf } from './kinds';

/**
 * Snapshots' instances are stateful: an instance that a snapshot of the stack is kept of holds data
 * worth keeping, so in PRODUCTION it is protected like a database. Only a stack policy can tell: the
 * instance's own validation never sees the snapshot. What a snapshot is of comes from its descriptor
 * (kinds.ts snapshotOf: the parent field, instanceId, and the parent kind, Instance).
 */

/** A value of a stack policy's props, or undefined while it is unknown (an output at preview). */
function known(props: Record<string, unknown>, field: string): unknown {
  try {
    return props[field];
  } catch (e) {
    if (e instanceof UnknownValueError) return undefined;
    throw e;
  }
}

const isKind = (r: PolicyResource, of: ParentSpec['of']) => kindOf(r.type)?.d === of;

/**
 * The resources of the stack that `snapshot` is a snapshot of. Its parent field is usually another
 * resource's output (`instance.resourceId`), unknown at preview for a new instance: the engine's
 * property dependencies of that field name the resource. A literal id (an instance created
 * elsewhere in the stack's history) is matched against the instances' `resourceId` outputs.
 */
export function snapshotted(snapshot: PolicyResource, parent: ParentSpec, resources: readonly PolicyResource[]): PolicyResource[] {
  const byDependency = (snapshot.propertyDependencies[parent.field] ?? []).filter((r) => isKind(r, parent.of));
  if (byDependency.length) return byDependency;
  const id = known(snapshot.props, parent.field);
  if (id === undefined) return snapshot.dependencies.filter((r) => isKind(r, parent.of));
  return resources.filter(
    (r) => isKind(r, parent.of) && known(r.props, 'resourceId') !== undefined && String(known(r.props, 'resourceId')) === String(id),
  );
}

export const snapshotProtect: StackValidationPolicy = {
  name: 'itcare-snapshot-protect',
  description: 'Instances that a snapshot of the stack is kept of are stateful: in PRODUCTION they have the protect resource option.',
  enforcementLevel: 'mandatory',
  configSchema: { properties: { environments: envList } },
  validateStack: (args, report) => {
    const { environments } = args.getConfig<{ environments: string[] }>();
    const reported = new Set<string>();
    for (const snapshot of args.resources) {
      const sk = kindOf(snapshot.type);
      const parent = sk && snapshotOf(sk.d);
      if (!sk || !parent) continue;
      for (const target of snapshotted(snapshot, parent, args.resources)) {
        if (target.opts.protect || reported.has(target.urn)) continue;
        const env = environmentOf(parent.of, target.props);
        if (!env || !environments.includes(env)) continue;
        reported.add(target.urn);
        report(
          `${parent.of.kind} "${target.name}" protect: ${sk.d.kind} "${snapshot.name}" is a snapshot of it (${parent.field}), so it holds ${env} data a plan must not replace or delete; add the resource option \`protect: true\` to "${target.name}".`,
          target.urn,
        );
      }
    }
  },
};
