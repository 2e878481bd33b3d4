import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { CatalogKey } from '../../sdk/resources';
import { resourceClasses } from '../resources/classes';
import type { SecretLookup } from './check';
import { loadFleet, type Fleet } from './load';
import { FleetError } from './problems';

/**
 * A fleet declared to Pulumi: one resource of the catalogue's classes per entry, secret references
 * resolved from the stack's config or the environment and passed as Pulumi secrets. The file is
 * checked completely first: a broken file declares nothing. Kinds under a parent take the parent's id
 * as a plain number: a fleet entry cannot reference another.
 */
const classes = resourceClasses;

type Declared = InstanceType<(typeof classes)[CatalogKey]>;

export interface DeclaredFleet {
  fleet: Fleet;
  /** group → entry name → resource. */
  resources: Record<string, Record<string, Declared>>;
  /** group → entry name → { kind, resourceId, status }: a small stack output for reviews. */
  summary: pulumi.Output<Record<string, Record<string, { kind: string; resourceId: number | string; status: string }>>>;
}

/**
 * `{ secret: NAME }`: the stack's config key NAME (or `namespace:key`), else the environment variable
 * NAME (a CI secret). Read without Pulumi's "secret read as plain" warning: it is wrapped again below.
 */
export const stackSecrets: SecretLookup = (reference) =>
  pulumi.runtime.getConfig(reference.includes(':') ? reference : `${pulumi.getProject()}:${reference}`) ??
  process.env[reference] ??
  undefined;

/** Loads `file` (relative to the program's directory) or takes a loaded fleet, and declares it. */
export function declareFleet(file: string | Fleet, opts: pulumi.CustomResourceOptions = {}): DeclaredFleet {
  let fleet: Fleet;
  try {
    fleet =
      typeof file === 'string' ? loadFleet(path.relative(process.cwd(), path.resolve(file)) || file, { secrets: stackSecrets }) : file;
  } catch (err) {
    // A RunError is printed as its message alone: the problems, not a stack trace.
    if (err instanceof FleetError) throw new pulumi.RunError(err.message);
    throw err;
  }
  const resources: DeclaredFleet['resources'] = {};
  const summaries: Record<string, Record<string, pulumi.Output<{ kind: string; resourceId: number | string; status: string }>>> = {};
  for (const entry of fleet.entries) {
    const args: Record<string, unknown> = { ...entry.inputs };
    for (const [field, reference] of Object.entries(entry.secrets)) {
      const value = stackSecrets(reference);
      if (value === undefined)
        throw new pulumi.RunError(`${fleet.file}: group ${entry.group}, entry ${entry.name}: ${field}: secret ${reference} is not set`);
      args[field] = pulumi.secret(value);
    }
    const Resource = classes[entry.kind] as unknown as new (name: string, args: unknown, opts?: pulumi.CustomResourceOptions) => Declared;
    const resource = new Resource(
      entry.name,
      args,
      entry.options.protect === undefined ? opts : { ...opts, protect: entry.options.protect },
    );
    resources[entry.group] ??= {};
    resources[entry.group][entry.name] = resource;
    summaries[entry.group] ??= {};
    summaries[entry.group][entry.name] = pulumi
      .all([resource.resourceId as pulumi.Output<number | string>, resource.status as pulumi.Output<unknown>])
      .apply(([resourceId, status]) => ({ kind: entry.kind, resourceId, status: String(status) }));
  }
  return { fleet, resources, summary: pulumi.output(summaries) as DeclaredFleet['summary'] };
}
