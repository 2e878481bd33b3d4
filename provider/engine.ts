import type * as dynamic from '@pulumi/pulumi/dynamic';
import type { CatalogKey } from '../sdk/resources';
import { type Props, isUnknown } from './inputs';
import { Lifecycle } from './lifecycle';
import { relieving } from './memory';
import { CREATE_ACTION } from './outputs';
import { OWNER_INPUT } from './owner';
import {
  DELETE_BEFORE_REPLACE,
  IGNORE_CHANGES,
  REPLACE_ON_CHANGES,
  createFirstRefusal,
  createsFirst,
  ignoredFields,
  replacedOnRequest,
  replacesOnChanges,
  withoutIgnored,
} from './resourceOptions';
import { assertOperationsKnown } from './accountProfile';
import { ResourceKind } from './resourceKind';
import { session } from './session';
import { apiClient, configure as configureSettings, profileFile, serverValidation, target } from './settings';
import { ConfigurationError, ConflictError, NotFoundError, RefusedChangeError } from '../sdk/errors';

/** Fields that only the provider reads: changing them updates state, never the API. */
export const PROVIDER_ONLY = [
  'timeouts',
  'adopt',
  'changeReference',
  OWNER_INPUT,
  REPLACE_ON_CHANGES,
  IGNORE_CHANGES,
  DELETE_BEFORE_REPLACE,
];

/**
 * The implementation behind every resource's thin shim (shim.ts). It is loaded by `require` in the
 * provider process, so nothing here is ever serialized into state.
 */
export function engine(key: CatalogKey) {
  const named = ResourceKind.named(key);
  if (!named) throw new ConfigurationError(`pulumi-itcare: unknown resource kind ${key}`);
  const kind: ResourceKind = named;
  const { d, validation, plan, outputs } = kind;
  const lifecycle = (props: Props) => new Lifecycle(kind, withSecrets(props), props);

  /** The API client, told to hide the resource's secret inputs (passwords) from every message it builds. */
  function withSecrets(props: Props) {
    const api = apiClient();
    for (const f of d.secrets ?? []) if (typeof props[f] === 'string' && props[f] !== '') api.addSecret(props[f] as string);
    return api;
  }

  /** Which resource diff planned to replace these inputs' (session.replacing): one per Pulumi resource, by its marker. */
  const replacingKey = (inputs: Props) => JSON.stringify([d.kind, inputs[OWNER_INPUT] ?? kind.nameOf(inputs)]);

  /** The replacement these create inputs are, once: `{ id }` of the resource it replaces. */
  function takeReplacing(inputs: Props): { id?: string } | undefined {
    const at = replacingKey(inputs);
    const id = session.replacing.get(at);
    session.replacing.delete(at);
    return id === undefined ? undefined : { id };
  }

  /**
   * Did the create recorded by a partial failure fail? Its action tells; when the action is gone
   * (expired, purged: 404), the resource's own status does, and a resource that is gone too is
   * replaced. Anything else (a refused secret, an unreachable API) fails the diff with the reason:
   * guessing would plan an update of a broken resource, or a replacement of a good one.
   */
  async function createFailed(id: string, actionId: unknown, olds: Props): Promise<boolean> {
    const why = (err: unknown) =>
      new Error(
        `${d.kind} ${id}: cannot tell whether its create (action ${String(actionId)}) failed, so the plan cannot be decided: ${err instanceof Error ? err.message : String(err)}`,
      );
    try {
      const action = await apiClient().actions.get(Number(actionId));
      return action.status === 'ERROR';
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw why(err);
    }
    try {
      const model = await kind.clientFor(apiClient(), olds).get(id);
      return model.status === d.statuses.failed;
    } catch (err) {
      if (err instanceof NotFoundError) return true;
      throw why(err);
    }
  }

  // relieving: the heap is collected between calls once it has grown (memory.ts).
  return relieving({
    async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const { inputs, failures } = validation.schemaFailures(news);
      if (!failures.length && d.secrets?.length) withSecrets(inputs);
      if (failures.length) return { inputs: news, failures };
      // Existing resources are validated by diff (the planned PATCH); a new one by a dry-run POST.
      const isNew = !olds || Object.keys(olds).filter((k) => k !== '__provider').length === 0;
      if (!isNew) {
        // A replacement the engine decides on its own (replaceOnChanges) checks these news again
        // with no olds: the name's holder is then this resource, deleted before the create.
        validation.noteSelfHeld(target(), olds, inputs);
        return { inputs };
      }
      if (d.uniqueName && createsFirst(inputs) && replacedOnRequest(key, inputs)) {
        // A targeted replace: the engine never calls diff, so this is the preview's only chance to say it.
        return {
          inputs: news,
          failures: [{ property: 'name', reason: createFirstRefusal(kind.qualified, kind.nameOf(inputs), '`pulumi up --replace`') }],
        };
      }
      // On a replacement the engine checks the inputs again with no olds: diff validated them already.
      if (serverValidation() && validation.takeReplacement(target(), inputs)) return { inputs };
      const twin = validation.claimName(target(), inputs);
      if (twin) return { inputs: news, failures: [twin] };
      if (!serverValidation()) return { inputs };
      // The name's holder is the resource itself: noted by the check with olds (replaceOnChanges), or
      // named by the command line (--replace, where check gets no olds and diff is never called).
      const selfHeld = validation.takeSelfHeld(target(), inputs) || replacedOnRequest(key, inputs);
      const serverFailures = await validation.dryRunCreate(apiClient(), target(), inputs, { selfHeld });
      return serverFailures.length ? { inputs: news, failures: serverFailures } : { inputs };
    },

    async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      if (d.secrets?.length) withSecrets(news);
      const replaces = plan.replacedFields(olds, news);
      // Ignored fields (ignoreChanges) are never a change, whatever ITCare says; nor is the ownership
      // marker alone: it changes with a stack rename, and the tag follows with the next tags change.
      const ignored = [...ignoredFields(news), OWNER_INPUT];
      const changes = plan.changedFields(olds, news).filter((f) => !ignored.includes(f));
      if (
        d.power &&
        news[d.power.field] !== undefined &&
        news[d.power.field] !== outputs.powerStateOf(olds.status) &&
        !changes.includes(d.power.field) &&
        !ignored.includes(d.power.field)
      ) {
        changes.push(d.power.field);
      }
      // replaceOnChanges: the engine sees no changed keys from a dynamic provider, so it is applied here.
      for (const f of replacesOnChanges(news, changes, PROVIDER_ONLY)) if (!replaces.includes(f)) replaces.push(f);
      // Changes no operation can make (a cluster shrinking, a password) fail the preview, naming the
      // field and what to do: never a silent replace of a stateful resource. A resource replaced for
      // another reason (replaceOnChanges included) is created anew with them, so nothing is refused then.
      const known = Object.fromEntries(Object.entries(withoutIgnored(news)).filter(([, v]) => !isUnknown(v)));
      const refused = replaces.length ? [] : plan.refusedChanges(known, olds);
      if (refused.length) throw new RefusedChangeError(`${d.kind} ${kind.nameOf({ ...olds, ...news })}: ${refused.join(' ')}`);
      // Operations the account's itcare-doctor profile says this ITCare does not know: refused here too.
      if (!replaces.length && changes.length && profileFile()) {
        assertOperationsKnown(d.kind, kind.nameOf({ ...olds, ...news }), plan.operations(known, olds), changes, apiClient().options.url);
      }
      // A create that failed or did not finish: its action says which. ERROR leaves a broken
      // resource that only a new one replaces; otherwise the update (engine-driven) waits for it.
      if (olds[CREATE_ACTION] !== undefined && !replaces.length && (await createFailed(id, olds[CREATE_ACTION], olds)))
        replaces.push('status');
      const nameKept = !replaces.includes('name');
      if (replaces.length && d.uniqueName && nameKept && createsFirst(news)) {
        throw new RefusedChangeError(
          createFirstRefusal(kind.qualified, kind.nameOf({ ...olds, ...news }), `replacing it (${replaces.join(', ')})`),
        );
      }
      if (replaces.length) session.replacing.set(replacingKey(news), id);
      const validate = serverValidation() && !isUnknown(news);
      const replacingId = d.uniqueName && nameKept ? id : undefined;
      if (replaces.length && validate) {
        const failures = await validation.dryRunCreate(apiClient(), target(), news, { replacingId });
        if (failures.length) throw new RefusedChangeError(failures.map((f) => f.reason).join('; '));
      } else if (replaces.length && replacingId && !isUnknown(news)) {
        // Without server validation, still never delete first when someone else holds the name.
        await validation.assertNameFree(apiClient(), news, replacingId);
      } else if (!replaces.length && validate && changes.some((c) => !PROVIDER_ONLY.includes(c))) {
        await validation.dryRunUpdate(apiClient(), target(), id, withoutIgnored(news), olds.tags);
      }
      return {
        changes: changes.length > 0 || replaces.length > 0,
        replaces,
        // Names are unique per service: the old resource must go before its replacement can take the
        // name. Also said without a replace of ours: the engine may replace on its own (replaceOnChanges,
        // --replace) and then reads this flag.
        deleteBeforeReplace: d.uniqueName && nameKept,
      };
    },

    async create(inputs: Props) {
      // Before and after: a dry run judged while the create runs must not outlive it either.
      validation.forgetCreate(inputs);
      // A replacement (planned by diff, or asked for by --replace) is a new resource: never the one it replaces.
      const replaced = takeReplacing(inputs) ?? (replacedOnRequest(key, inputs) ? {} : undefined);
      try {
        const { took, ...created } = await lifecycle(inputs).create(inputs, replaced);
        if (took) session.tookHere.add(`${d.kind}/${created.id}`);
        return created;
      } catch (err) {
        const refused = kind.refusals.refusedCreate(inputs, err); // a bare 409 gets the name, the service and the fix
        if (refused instanceof ConflictError && replacedOnRequest(key, inputs) && createsFirst(inputs)) {
          // Left for a check that could not refuse it (its dry run off): the holder is the resource being replaced.
          refused.message += ` ${createFirstRefusal(kind.qualified, kind.nameOf(inputs), 'This create is the replacement that `--replace` asked for; it')}`;
        }
        throw refused;
      } finally {
        validation.forgetCreate(inputs);
      }
    },
    async update(id: string, olds: Props, news: Props) {
      validation.forgetUpdate(id);
      try {
        return await lifecycle(news).update(id, news, olds);
      } finally {
        validation.forgetUpdate(id);
      }
    },
    async delete(id: string, props: Props) {
      if (session.tookHere.has(`${d.kind}/${id}`)) {
        // A create of this pass took this very resource over (it existed): a replacement created before deleting
        // met the old one and took it for its own (a --replace the preview could not recognise, under
        // \`deleteBeforeReplace: false\`). Deleting "the old one" would delete the only one.
        process.stderr.write(
          `itcare: ${d.kind} ${String(props.name ?? id)}: NOT replaced: the replacement found the old one holding the name and kept it; remove the resource option \`deleteBeforeReplace: false\` to replace it.\n`,
        );
        return;
      }
      return lifecycle(props).delete(id, props);
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult> {
      const r = await lifecycle(props).read(id, props);
      if (!('props' in r)) return { id: '' };
      return { id, props: r.props, inputs: outputs.inputsFromOutputs(r.props) };
    },
  });
}

export function configure(req: { config: { get(key: string): string | undefined } }): void {
  configureSettings(req.config);
}
