import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { isUnknown } from './inputs';
import type { CheckFailure } from './validate';

/**
 * Names claimed by the new resources checked in this provider process. ITCare names are unique per
 * service, so of two resources of one program with the same name, the second create fails at `up`,
 * although a dry run of each alone passes (neither exists yet). One provider process serves one
 * engine pass (preview or update) of one stack, and the engine checks each new resource once per
 * pass (a replacement's second check is answered before claims: takeReplacement), so a second claim
 * of a name is a second resource. Keyed by target too: a process never mixes ITCare endpoints, but
 * tests calling the engine directly may.
 */
const claimed = new Set<string>();

/** Claims the name of a new resource; the failure when another resource of this pass holds it. */
export function claimName(d: AnyResourceDescriptor, target: string, inputs: Record<string, unknown>): CheckFailure | undefined {
  const { name, serviceId } = inputs;
  if (!d.uniqueName || name === undefined || isUnknown(name) || isUnknown(serviceId)) return undefined;
  const key = JSON.stringify([target, d.kind, serviceId, name]);
  if (!claimed.has(key)) {
    claimed.add(key);
    return undefined;
  }
  return {
    property: 'name',
    reason: `${d.kind} ${String(name)}: another resource of this program is also named ${String(name)} in service ${String(serviceId)}; ITCare names are unique per service, so one of the two creates would fail at \`up\`. Give each resource its own \`name\`.`,
  };
}
