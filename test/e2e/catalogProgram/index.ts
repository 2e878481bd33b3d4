/**
 * The catalogue lifecycle test's program: config `resources` is a JSON map of Pulumi resource name to
 * `{type: "databases.PostgreSQL", args}`, so one stack holds one resource per descriptor and each test
 * step changes them all with `setConfig`. Passwords arrive as plain config strings on purpose: the
 * resource classes must still store them as secrets. An arg `{ $ref: "compute.Instance" }` (alone or
 * in an array) is the resourceId output of that type's resource, declared before it: a URL's
 * loadBalancerId, a snapshot's instanceId, a load balancer's members.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

type Ctor = new (name: string, args: Record<string, unknown>) => pulumi.CustomResource & {
  resourceId: pulumi.Output<number>; status: pulumi.Output<string>; powerState: pulumi.Output<string | undefined>;
};
const specs = new pulumi.Config().requireObject<Record<string, { type: string; args: Record<string, unknown> }>>('resources');

const out: Record<string, pulumi.Output<unknown>> = {};
const byType: Record<string, InstanceType<Ctor>> = {};
const resolve = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(resolve);
  const ref = v && typeof v === 'object' ? (v as { $ref?: string }).$ref : undefined;
  return ref ? byType[ref].resourceId : v;
};
for (const [key, { type, args }] of Object.entries(specs)) {
  const [module, kind] = type.split('.');
  const Resource = (itcare as unknown as Record<string, Record<string, Ctor>>)[module][kind];
  const r = new Resource(key, Object.fromEntries(Object.entries(args).map(([k, v]) => [k, resolve(v)])));
  byType[type] = r;
  out[key] = pulumi.all([r.resourceId, r.status, r.powerState]).apply(([resourceId, status, powerState]) => ({ resourceId, status, powerState }));
}
export const resources = out;
