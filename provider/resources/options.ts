import * as pulumi from '@pulumi/pulumi';

/**
 * Pulumi resource options that a dynamic resource cannot honour (pulumi-dynamic-providers.md): the
 * engine accepts them silently, so the resource class says so, naming the provider's own way.
 * - `customTimeouts`: not enforced for dynamic resources; the `timeouts` input is.
 * - `import`: the engine cannot read a dynamic resource it has no state for; `adopt: true` manages
 *   an existing ITCare resource by name instead.
 */
export function refuseUnenforcedOptions(kind: string, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.import !== undefined) {
    throw new pulumi.RunError(
      `${kind} ${name}: the \`import\` resource option (and \`pulumi import\`) does not work for ITCare resources, which are dynamic resources. ` +
        'Remove it and set the input `adopt: true`: the provider then manages the ITCare resource of the same name in the service instead of creating one.',
    );
  }
  if (opts?.customTimeouts !== undefined) {
    pulumi.log.warn(
      `${kind} ${name}: customTimeouts is not enforced for ITCare resources (dynamic resources ignore it); ` +
        'use the input `timeouts` instead, e.g. `timeouts: { create: "30m", update: "20m", delete: "20m" }`.',
    );
  }
}

/** Inputs carrying the resource options the provider applies itself (see provider/resourceOptions.ts). */
export function optionInputs(opts: pulumi.CustomResourceOptions | undefined): Record<string, unknown> {
  return {
    ...(opts?.replaceOnChanges?.length ? { __replaceOnChanges: opts.replaceOnChanges } : {}),
    ...(opts?.ignoreChanges?.length ? { __ignoreChanges: opts.ignoreChanges } : {}),
    // Only an explicit false travels: the provider then refuses at preview a replace that keeps the
    // name. Absent otherwise, so stacks that never set it store no new input (no update on the next up).
    ...(opts?.deleteBeforeReplace === false ? { __deleteBeforeReplace: false } : {}),
  };
}

/**
 * The order of a replacement. ITCare names are unique per service (descriptor `uniqueName`): a new
 * resource under the old one's name cannot exist beside it, so create-before-delete (Pulumi's default)
 * would meet the old one. The provider's diff asks for delete-before-replace when a replace keeps the
 * name, but the engine never asks the provider about a targeted replace (`--replace`,
 * `--target-replace`, `pulumi state taint`): only this resource option reaches it. So for those kinds
 * the option defaults to true; an explicit value is the user's (false: replaces that keep the name
 * are refused at preview, a rename creates the new one first).
 */
export function replaceOrder(uniqueName: boolean, opts: pulumi.CustomResourceOptions | undefined): { deleteBeforeReplace?: boolean } {
  return uniqueName && opts?.deleteBeforeReplace === undefined ? { deleteBeforeReplace: true } : {};
}
