/**
 * The policy pack tests' program: config `resources` is a JSON map of Pulumi resource name to
 * `{ type: "databases.PostgreSQL", args, protect? }`, so one stack can be made compliant or not by
 * `setConfig` alone. An argument `{ "ref": "<name>" }` is the `resourceId` output of the resource of
 * that name declared before it (a snapshot's instanceId), with the dependency the engine records.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

type Ctor = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;
const specs = new pulumi.Config().requireObject<Record<string, { type: string; args: Record<string, unknown>; protect?: boolean }>>(
  'resources',
);
const made: Record<string, pulumi.CustomResource> = {};

const resolve = (v: unknown) => {
  const ref = v && typeof v === 'object' && 'ref' in v ? String((v as { ref: unknown }).ref) : undefined;
  return ref === undefined ? v : (made[ref] as unknown as { resourceId: pulumi.Output<unknown> }).resourceId;
};

for (const [key, { type, args, protect }] of Object.entries(specs)) {
  const [module, kind] = type.split('.');
  const Resource = (itcare as unknown as Record<string, Record<string, Ctor>>)[module][kind];
  made[key] = new Resource(key, Object.fromEntries(Object.entries(args).map(([f, v]) => [f, resolve(v)])), { protect });
}
