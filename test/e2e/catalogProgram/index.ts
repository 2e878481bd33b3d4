/**
 * The catalogue lifecycle test's program: config `resources` is a JSON map of Pulumi resource name to
 * `{type: "databases.PostgreSQL", args, opts?}`, so one stack holds one resource per descriptor and each
 * test step changes them all with `setConfig`. Config `door` picks the front door: `dynamic` (default,
 * pulumi-itcare's classes) or `native` (pulumi-itcare/native's, served by pulumi-resource-itcare): the
 * same classes, arguments and outputs, so one program serves both. Passwords arrive as plain config
 * strings on purpose: the resource classes must still store them as secrets. An arg
 * `{ $ref: "compute.Instance" }` (alone or in an array) is the resourceId output of that type's
 * resource, declared before it: a URL's loadBalancerId, a snapshot's instanceId, a load balancer's
 * members. `opts` are resource options (replaceOnChanges, deleteBeforeReplace…) given as they are.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';
import * as native from 'pulumi-itcare/native';

type Ctor = new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource & {
  resourceId: pulumi.Output<number>;
  status: pulumi.Output<string>;
  powerState: pulumi.Output<string | undefined>;
};
const config = new pulumi.Config();
const specs =
  config.requireObject<Record<string, { type: string; args: Record<string, unknown>; opts?: pulumi.CustomResourceOptions }>>('resources');
const door = config.get('door') ?? 'dynamic';
if (door !== 'dynamic' && door !== 'native') throw new Error(`config door: dynamic or native, not ${door}`);
const classes = (door === 'native' ? native : itcare) as unknown as Record<string, Record<string, Ctor>>;

const out: Record<string, pulumi.Output<unknown>> = {};
const byType: Record<string, InstanceType<Ctor>> = {};
const resolve = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(resolve);
  const ref = v && typeof v === 'object' ? (v as { $ref?: string }).$ref : undefined;
  return ref ? byType[ref].resourceId : v;
};
for (const [key, { type, args, opts }] of Object.entries(specs)) {
  const [module, kind] = type.split('.');
  const Resource = classes[module][kind];
  const r = new Resource(key, Object.fromEntries(Object.entries(args).map(([k, v]) => [k, resolve(v)])), opts);
  byType[type] = r;
  out[key] = pulumi
    .all([r.resourceId, r.status, r.powerState])
    .apply(([resourceId, status, powerState]) => ({ resourceId, status, powerState }));
}
export const resources = out;
