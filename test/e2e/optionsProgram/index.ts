/**
 * The Pulumi options test's program: config `resources` is a JSON map of Pulumi resource name to
 * `{ args, opts, secret }`: Instance args, the Pulumi resource options to give it (aliases as old
 * names), and the args whose value is the name of a secret config key to read it from (so the plain
 * value is never in the stack's config). One program covers every row of the matrix.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

interface Row {
  args: Record<string, unknown>;
  opts?: Omit<pulumi.CustomResourceOptions, 'aliases'> & { aliases?: string[] };
  secret?: string[];
}

const config = new pulumi.Config();
const rows = config.requireObject<Record<string, Row>>('resources');

const out: Record<string, pulumi.Output<unknown>> = {};
for (const [key, row] of Object.entries(rows)) {
  const args: Record<string, unknown> = { ...row.args };
  for (const f of row.secret ?? []) args[f] = config.requireSecret(String(args[f]));
  const { aliases, ...opts } = row.opts ?? {};
  const vm = new itcare.compute.Instance(key, args as unknown as itcare.InstanceArgs, { ...opts, aliases: aliases?.map((name) => ({ name })) });
  out[key] = pulumi.all([vm.resourceId, vm.name, vm.cpu]).apply(([resourceId, name, cpu]) => ({ resourceId, name, cpu }));
}
export const instances = out;
