import { z } from 'zod';
import { describeIssue } from '../sdk/inputs';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { ResourceKind } from '../provider/resourceKind';
import { OWNER_TAG } from '../provider/owner';

type Props = Record<string, unknown>;

/**
 * One ITCare resource as the inputs of a program that adopts it: the create-schema fields its model
 * shows, with their current values, its power state from its status, and `adopt: true`. What the
 * first `pulumi up` then does is compare, find nothing to change and record it: no create, no
 * operation. A resource that cannot be adopted that way gets a reason instead, and is left out.
 */

/** The statuses the provider manages a resource in: its power states, or its created status. */
export function manageableStatuses(d: AnyResourceDescriptor): string[] {
  return d.power ? [d.power.running.status, d.power.stopped.status] : [d.statuses.created];
}

/** Why a resource in `status` cannot be imported now, or undefined. */
export function statusProblem(d: AnyResourceDescriptor, status: string): string | undefined {
  const ok = manageableStatuses(d);
  if (ok.includes(status)) return undefined;
  if (status === d.statuses.failed)
    return `status ${status}: ITCare marked it failed, and no operation repairs it (delete it, or repair it in ITCare, then import again)`;
  if (status === d.statuses.deleting) return `status ${status}: it is being deleted`;
  if (status === d.statuses.creating) return `status ${status}: it is still being created (import again once it is ${d.statuses.created})`;
  return `status ${status}: the provider manages it only in ${ok.join(' or ')} (import again once its action ends)`;
}

/** The current inputs of a resource, from its model: never a secret, never a field sent once. */
export function currentInputs(d: AnyResourceDescriptor, model: Props): Props {
  const skipped = new Set<string>([...(d.secrets ?? []), ...(d.sentOnly ?? [])]);
  const inputs: Props = {};
  for (const field of Object.keys(d.create.shape)) {
    const v = model[field];
    if (skipped.has(field) || v === undefined || v === null) continue;
    if (field === 'tags' && typeof v === 'object') {
      // The ownership marker is the provider's business (owner.ts), never a declared tag.
      const tags = Object.fromEntries(Object.entries(v as Record<string, string>).filter(([k]) => k !== OWNER_TAG));
      if (Object.keys(tags).length) inputs.tags = tags;
      continue;
    }
    inputs[field] = v;
  }
  const power = ResourceKind.of(d).outputs.powerStateOf(model.status);
  if (d.power && power) inputs[d.power.field] = power;
  inputs.adopt = true;
  return inputs;
}

/**
 * The stack whose ownership marker the resource carries (`org/project/stack`), if any: a resource
 * another stack already manages is left out rather than managed twice.
 */
export function managedBy(model: Props): string | undefined {
  const tags = model.tags;
  const marker = tags && typeof tags === 'object' ? (tags as Record<string, unknown>)[OWNER_TAG] : undefined;
  return typeof marker === 'string' ? marker.split('/').slice(0, 3).join('/') : undefined;
}

/**
 * Why these inputs would fail the program's own check (the resource's create schema with powerState
 * and the provider's inputs, secrets aside: they are references), or undefined. Such a resource is
 * left out: a file that fails at preview would import nothing.
 */
export function schemaProblem(d: AnyResourceDescriptor, inputs: Props): string | undefined {
  const secrets = new Set<string>(d.secrets ?? []);
  const shape = Object.fromEntries(Object.entries(ResourceKind.of(d).inputSchema().shape).filter(([f]) => !secrets.has(f)));
  let schema: z.ZodType = z.strictObject(shape);
  if (d.rules) schema = schema.superRefine(d.rules as (b: unknown, ctx: z.RefinementCtx) => void);
  const r = schema.safeParse(inputs);
  if (r.success) return undefined;
  const said = r.error.issues.map((i) => {
    const { property, reason } = describeIssue(i);
    return `${property}: ${reason}`;
  });
  return `its current values do not pass the ${d.kind} schema (${said.join('; ')})`;
}

/** Name of the environment variable / config key holding a secret field of one resource. */
export function secretReference(d: AnyResourceDescriptor, pulumiName: string, field: string): string {
  return `${d.kind}_${pulumiName}_${field}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
