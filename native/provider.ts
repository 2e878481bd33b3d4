import type * as provider from '@pulumi/pulumi/provider';
import { catalog, type CatalogKey } from '../sdk/resources';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { engine } from '../provider/engine';
import { OWNER_INPUT, ownerMarker } from '../provider/owner';
import { DECLARED, DECLARED_INPUTS } from '../provider/outputs';
import { ResourceKind } from '../provider/resourceKind';
import { createsFirst, replacedOnRequest } from '../provider/resourceOptions';
import { RefusedChangeError } from '../sdk/errors';
import { apiClient } from '../provider/settings';
import { changedKeys, type NativeDiffResult } from './diffResponse';
import { onResource } from './engineLog';
import { conceal, reveal } from './secrets';
import { FUNCTIONS, functionOfToken, kindOfToken } from './tokens';
import type { Props } from '../provider/inputs';

/**
 * The native `itcare` provider: the second front door onto provider/engine.ts. Every call is the
 * dynamic provider's, keyed by the resource token instead of a serialized kind, with what only a
 * native provider knows: the URN (a `name` defaulting to the resource's name, the ownership marker,
 * progress under the resource) and `pulumi import` (a read with no state).
 */

/** `urn:pulumi:<stack>::<project>::<parent$…$type>::<name>` → its parts. */
export function urnParts(urn: string): { stack: string; project: string; type: string; name: string } {
  const [head, project, types, ...name] = urn.split('::');
  return { stack: head.replace(/^urn:pulumi:/, ''), project, type: types.split('$').pop()!, name: name.join('::') };
}

function kindOf(urn: string): CatalogKey {
  const { type } = urnParts(urn);
  const kind = kindOfToken(type);
  if (!kind) throw new Error(`itcare: unknown resource type ${type}`);
  return kind;
}

/** Keys kept secret in what goes back to the engine: the descriptor's, ones given as secrets, and `__declared`. */
const secretKeys = (d: AnyResourceDescriptor, given: string[]) => new Set([...(d.secrets ?? []), ...given, DECLARED]);

/**
 * The inputs of an imported resource: every input field ITCare shows (secrets it never returns are
 * for the program to add), as `pulumi import` prints them, recorded as the declared ones so that the
 * next diff compares exactly these.
 */
function importedInputs(d: AnyResourceDescriptor, outs: Props): Props {
  const fields = Object.keys(ResourceKind.of(d).inputSchema().shape).filter(
    (k) => !k.startsWith('__') && outs[k] !== undefined && !d.secrets?.includes(k),
  );
  const inputs = Object.fromEntries(fields.map((k) => [k, outs[k]]));
  Object.assign(outs, { [DECLARED_INPUTS]: fields.sort(), [DECLARED]: ResourceKind.of(d).outputs.pickDeclared(inputs) });
  return inputs;
}

/**
 * `--replace` of a kind with unique names: the engine never asks the provider for the order of a
 * targeted replace, so unless the resource says `deleteBeforeReplace: true` (pulumi-itcare/native's
 * classes default it; a Pulumi YAML program must say it) it creates the replacement while the old one
 * still holds the name. The shared create would then find its own resource there and keep it (nothing
 * replaced, engine.ts delete): refused here instead, before any request, saying the fix.
 */
async function assertReplaceOrder(d: AnyResourceDescriptor, key: CatalogKey, inputs: Props): Promise<void> {
  if (!d.uniqueName || createsFirst(inputs) || !replacedOnRequest(key, inputs)) return;
  const holders = (await ResourceKind.of(d)
    .clientFor(apiClient(), inputs)
    .findByName(ResourceKind.of(d).nameOf(inputs), inputs.serviceId as number | undefined)) as Props[];
  const held = holders.filter((h) => h.status !== d.statuses.deleting);
  if (!held.length) return; // deleted first, as it should be
  throw new RefusedChangeError(
    `${d.module}.${d.kind} ${ResourceKind.of(d).nameOf(inputs)}: \`--replace\` asked for a replacement, but resource ${String(held[0].id)} still holds the name ` +
      '(ITCare names are unique per service): Pulumi creates a replacement before deleting the old one unless the resource says otherwise. ' +
      "Give it the resource option `deleteBeforeReplace: true` (Pulumi YAML: `options: { deleteBeforeReplace: true }`; pulumi-itcare/native's classes set it for this kind) and replace it again. Nothing was replaced or deleted.",
  );
}

export function nativeProvider(version: string, schema: string): provider.Provider {
  return {
    version,
    schema,

    check: (urn, olds, news) =>
      onResource(urn, async () => {
        const key = kindOf(urn);
        const d = catalog[key] as AnyResourceDescriptor;
        const n = reveal(news);
        const { stack, project, name } = urnParts(urn);
        const inputs: Props = { ...n.props };
        if ('name' in d.create.shape && inputs.name === undefined) inputs.name = name;
        // Organisation '' : the provider is not told it; the marker only has to be stable per stack and resource.
        inputs[OWNER_INPUT] = ownerMarker('', project, stack, key, name);
        const r = await engine(key).check(reveal(olds).props, inputs);
        return { inputs: conceal(r.inputs ?? inputs, secretKeys(d, n.secretKeys)), failures: r.failures };
      }),

    // With the changed keys, which the engine needs to apply replaceOnChanges (diffResponse.ts).
    diff: (id, urn, olds, news): Promise<NativeDiffResult> =>
      onResource(urn, async () => {
        const key = kindOf(urn);
        const [o, n] = [reveal(olds).props, reveal(news).props];
        const diffs = changedKeys(catalog[key], o, n);
        const r = await engine(key).diff(id, o, n);
        return { ...r, diffs: r.changes ? diffs : [] };
      }),

    create: (urn, inputs) =>
      onResource(urn, async () => {
        const key = kindOf(urn);
        const i = reveal(inputs);
        await assertReplaceOrder(catalog[key], key, i.props);
        const r = await engine(key).create(i.props);
        return { id: r.id, outs: conceal(r.outs as Props, secretKeys(catalog[key], i.secretKeys)) };
      }),

    read: (id, urn, props) =>
      onResource(urn, async () => {
        const key = kindOf(urn);
        const d = catalog[key] as AnyResourceDescriptor;
        const p = reveal(props);
        const r = await engine(key).read(id, p.props);
        if (!r.id || !r.props) return { id: '' };
        // No state at all: `pulumi import` (a refresh always has the outputs it wrote).
        const inputs = Object.keys(p.props).length === 0 ? importedInputs(d, r.props) : (r.inputs as Props);
        const keys = secretKeys(d, p.secretKeys);
        return { id: r.id, props: conceal(r.props, keys), inputs: conceal(inputs, keys) };
      }),

    update: (id, urn, olds, news) =>
      onResource(urn, async () => {
        const key = kindOf(urn);
        const n = reveal(news);
        const r = await engine(key).update(id, reveal(olds).props, n.props);
        return { outs: conceal(r.outs as Props, secretKeys(catalog[key], n.secretKeys)) };
      }),

    delete: (id, urn, props) => onResource(urn, () => engine(kindOf(urn)).delete(id, reveal(props).props)),

    async invoke(token, args) {
      const fn = functionOfToken(token);
      if (!fn)
        throw new Error(
          `itcare: unknown function ${token} (known: ${Object.values(FUNCTIONS)
            .map((f) => f.token)
            .join(', ')})`,
        );
      const criteria = reveal(args).props;
      const lookups = apiClient().lookups;
      const answer = fn === 'getProducts' ? { items: await lookups.getProducts(criteria) } : await lookups[fn](criteria as never);
      // Plain data (dates as ISO strings): no client or token in a result.
      return { outputs: JSON.parse(JSON.stringify(answer)) };
    },
  };
}
