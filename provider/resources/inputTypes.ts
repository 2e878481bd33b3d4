import type * as pulumi from '@pulumi/pulumi';
import type { z } from 'zod';
import type { ProviderInputs } from '../inputs';

/** Each field of a schema's input type as a Pulumi Input (a value, a promise or an Output). */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<ElementInputs<T[K]>> };
/** An array's elements may be outputs too: members: [web1.resourceId, web2.resourceId]. */
type ElementInputs<V> = V extends readonly (infer E)[] ? pulumi.Input<E>[] : V;

/** Inputs every resource takes besides its create body. */
export type ProviderArgs = InputsOf<
  Omit<z.input<typeof ProviderInputs>, '__owner' | '__replaceOnChanges' | '__ignoreChanges' | '__deleteBeforeReplace'>
>;

/** Outputs every resource has besides its model: ITCare's numeric id. */
export interface CommonOutputs {
  readonly resourceId: pulumi.Output<number>;
}
