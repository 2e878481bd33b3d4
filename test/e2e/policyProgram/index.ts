/**
 * The policy pack test's program: config `resources` is a JSON map of Pulumi resource name to
 * `{ type: "databases.PostgreSQL", args, protect? }`, so one stack can be made compliant or not by
 * `setConfig` alone.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

type Ctor = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;
const specs = new pulumi.Config().requireObject<Record<string, { type: string; args: Record<string, unknown>; protect?: boolean }>>('resources');

for (const [key, { type, args, protect }] of Object.entries(specs)) {
  const [module, kind] = type.split('.');
  const Resource = (itcare as unknown as Record<string, Record<string, Ctor>>)[module][kind];
  new Resource(key, args, { protect });
}
