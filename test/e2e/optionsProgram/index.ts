/**
 * The Pulumi options test's program: config `resources` is a JSON map of Pulumi resource name to
 * `{ args, opts, secret, component }`: Instance args, the Pulumi resource options to give it (aliases
 * as old names or URNs; dependsOn and parent as keys of earlier rows), and the args whose value is
 * the name of a secret config key to read it from (so the plain value is never in the stack's
 * config); `component: true` makes the row a WebTier, a ComponentResource holding instances. One
 * program covers every row of the matrix.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

interface Row {
  args?: Record<string, unknown>;
  opts?: Omit<pulumi.CustomResourceOptions, 'aliases' | 'dependsOn' | 'parent'> & {
    aliases?: string[];
    dependsOn?: string[];
    parent?: string;
  };
  secret?: string[];
  component?: true;
}

/** A group of instances, as users build them (e.g. the web servers of one application). */
class WebTier extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('itcare:e2e:WebTier', name, {}, opts);
    this.registerOutputs({});
  }
}

const config = new pulumi.Config();
const rows = config.requireObject<Record<string, Row>>('resources');

const made: Record<string, pulumi.Resource> = {};
const out: Record<string, pulumi.Output<unknown>> = {};
for (const [key, row] of Object.entries(rows)) {
  const { aliases, dependsOn, parent, ...opts } = row.opts ?? {};
  const options = {
    ...opts,
    aliases: aliases?.map((a) => (a.startsWith('urn:') ? a : { name: a })),
    dependsOn: dependsOn?.map((k) => made[k]),
    parent: parent === undefined ? undefined : made[parent],
  };
  if (row.component) {
    made[key] = new WebTier(key, options);
    continue;
  }
  const args: Record<string, unknown> = { ...row.args };
  for (const f of row.secret ?? []) args[f] = config.requireSecret(String(args[f]));
  const vm = new itcare.compute.Instance(key, args as unknown as itcare.InstanceArgs, options);
  made[key] = vm;
  out[key] = pulumi.all([vm.resourceId, vm.name, vm.cpu]).apply(([resourceId, name, cpu]) => ({ resourceId, name, cpu }));
}
export const instances = out;
