import type * as dynamic from '@pulumi/pulumi/dynamic';
import type { Props } from './inputs';

/**
 * The methods of every resource's provider object (shim.ts), as one module. A provider object is
 * `Object.create(<this module>)` plus its `kind`, so Pulumi's closure serializer, finding this
 * module's exports in the require cache under node_modules, writes `require("pulumi-itcare/provider/dynamic")`
 * and the kind into `__provider`: a few hundred characters per resource instead of every method's
 * code. Where the package is not under node_modules (a linked checkout) the serializer copies these
 * methods by value instead: they capture nothing but `load`, so that copy works too.
 *
 * Keep the exported names and `this.kind`: states written from now on require this module by name.
 * States written before it require `pulumi-itcare/provider/engine` (its `engine(kind)` and
 * `configure`), which must keep working too.
 */
type Kinded = { kind: string };

/** The implementation, loaded in the provider process from the program's project (never serialized). */
function load() {
  try {
    return require('pulumi-itcare/provider/engine');
  } catch (err) {
    throw new Error(
      `pulumi-itcare: cannot load the provider implementation (${(err as Error).message}). ` +
        "Install pulumi-itcare in the Pulumi program's project (npm install pulumi-itcare): the provider stored in state loads it from there.",
    );
  }
}

export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  load().configure(req);
}
export async function check(this: Kinded, olds: Props, news: Props): Promise<dynamic.CheckResult> {
  return load().engine(this.kind).check(olds, news);
}
export async function diff(this: Kinded, id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
  return load().engine(this.kind).diff(id, olds, news);
}
export async function create(this: Kinded, inputs: Props): Promise<dynamic.CreateResult> {
  return load().engine(this.kind).create(inputs);
}
export async function read(this: Kinded, id: string, props: Props): Promise<dynamic.ReadResult> {
  return load().engine(this.kind).read(id, props);
}
export async function update(this: Kinded, id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
  return load().engine(this.kind).update(id, olds, news);
}
// `delete` is a reserved word: exported under that name for the engine to call.
async function remove(this: Kinded, id: string, props: Props): Promise<void> {
  return load().engine(this.kind).delete(id, props);
}
export { remove as delete };
