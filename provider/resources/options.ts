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
  };
}
