/**
 * The catalogue lifecycle test's program: config `resources` is a JSON map of Pulumi resource name to
 * `{type: "databases.PostgreSQL", args}`, so one stack holds one resource per descriptor and each test
 * step changes them all with `setConfig`. Passwords arrive as plain config strings on purpose: the
 * resource classes must still store them as secrets.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

type Ctor = new (name: string, args: Record<string, unknown>) => pulumi.CustomResource & {
  resourceId: pulumi.Output<number>; status: pulumi.Output<string>; powerState: pulumi.Output<string | undefined>;
};
const specs = new pulumi.Config().requireObject<Record<string, { type: string; args: Record<string, unknown> }>>('resources');

const out: Record<string, pulumi.Output<unknown>> = {};
for (const [key, { type, args }] of Object.entries(specs)) {
  const [module, kind] = type.split('.');
  const Resource = (itcare as unknown as Record<string, Record<string, Ctor>>)[module][kind];
  const r = new Resource(key, args);
  out[key] = pulumi.all([r.resourceId, r.status, r.powerState]).apply(([resourceId, status, powerState]) => ({ resourceId, status, powerState }));
}
export const resources = out;
