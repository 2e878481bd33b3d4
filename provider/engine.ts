import type * as dynamic from '@pulumi/pulumi/dynamic';
import { catalog, type CatalogKey } from '../sdk/resources';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { isUnknown, sameValue } from './inputs';
import { Lifecycle } from './lifecycle';
import { inputsFromOutputs, powerStateOf } from './outputs';
import { planOperations, replacedFields } from './plan';
import { apiClient, configure as configureSettings, target } from './settings';
import { dryRunCreate, dryRunOperations, schemaFailures } from './validate';

type Props = Record<string, unknown>;

/** Fields that only the provider reads: changing them updates state, never the API. */
const PROVIDER_ONLY = ['timeouts', 'adopt', 'changeReference'];

/**
 * The implementation behind every resource's thin shim (shim.ts). It is loaded by `require` in the
 * provider process, so nothing here is ever serialized into state.
 */
export function engine(kind: CatalogKey) {
  const d: AnyResourceDescriptor = catalog[kind];
  if (!d) throw new Error(`pulumi-itcare: unknown resource kind ${kind}`);
  const lifecycle = () => new Lifecycle(d, apiClient());

  return {
    async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const { inputs, failures } = schemaFailures(d, news);
      if (failures.length) return { inputs: news, failures };
      // Existing resources are validated by diff (the planned PATCH); a new one by a dry-run POST.
      const isNew = !olds || Object.keys(olds).filter((k) => k !== '__provider').length === 0;
      if (!isNew) return { inputs };
      const serverFailures = await dryRunCreate(d, apiClient(), target(), inputs);
      return serverFailures.length ? { inputs: news, failures: serverFailures } : { inputs };
    },

    async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      const replaces = replacedFields(d, olds, news);
      // A create whose action failed leaves a resource in ERROR: only a new one can fix it.
      if (olds.status === 'ERROR' && !replaces.length) replaces.push('status');
      const changes = Object.keys(news).filter((k) => k !== '__provider' && news[k] !== undefined && !sameValue(news[k], olds[k]));
      if (d.power && news[d.power.field] !== undefined && news[d.power.field] !== powerStateOf(d, olds.status)) {
        if (!changes.includes(d.power.field)) changes.push(d.power.field);
      }
      const nameKept = !replaces.includes('name');
      if (replaces.length) {
        const failures = await dryRunCreate(d, apiClient(), target(), news, { replacing: d.uniqueName && nameKept });
        if (failures.length) throw new Error(failures.map((f) => f.reason).join('; '));
      } else if (changes.some((c) => !PROVIDER_ONLY.includes(c)) && !isUnknown(news)) {
        const plan = planOperations(d, news, olds);
        await dryRunOperations(d, apiClient(), target(), id, plan, news.name);
      }
      return {
        changes: changes.length > 0 || replaces.length > 0,
        replaces,
        // Names are unique per service: the old resource must go before its replacement can take the name.
        deleteBeforeReplace: d.uniqueName && nameKept && replaces.length > 0,
      };
    },

    create: (inputs: Props) => lifecycle().create(inputs),
    update: (id: string, _olds: Props, news: Props) => lifecycle().update(id, news),
    delete: (id: string, props: Props) => lifecycle().delete(id, props),

    async read(id: string, props: Props): Promise<dynamic.ReadResult> {
      const r = await lifecycle().read(id, props);
      if (!('props' in r)) return { id: '' };
      return { id, props: r.props, inputs: inputsFromOutputs(d, r.props) };
    },
  };
}

export function configure(req: { config: { get(key: string): string | undefined } }): void {
  configureSettings(req.config);
}
