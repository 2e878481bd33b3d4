import type * as provider from '@pulumi/pulumi/provider';
import * as provproto from '@pulumi/pulumi/proto/provider_pb';
import type { AnyResourceDescriptor } from '../sdk/resources/descriptor';
import { PROVIDER_ONLY } from '../provider/engine';
import { ResourceKind } from '../provider/resourceKind';
import { ignoredFields } from '../provider/resourceOptions';
import type { Props } from '../provider/inputs';

/**
 * The Diff answer with the changed keys. The engine applies a resource's `replaceOnChanges` to the
 * keys a provider reports as changed (its `diffs`), and shows them in the preview; the server of
 * `@pulumi/pulumi/provider` sends only changes, replaces and deleteBeforeReplace, so a Pulumi YAML
 * program's `replaceOnChanges` never replaced anything. This method replaces the server's own (see
 * configure.ts for how it is put in): the same answer, plus `diffs`.
 */
type Struct = { toJavaScript(): Props };
type DiffCall = { request: { getId(): string; getUrn(): string; getOlds(): Struct; getNews(): Struct } };
type Callback = (err: unknown, resp?: unknown) => void;
export type NativeDiffResult = provider.DiffResult & { diffs?: string[] };

/**
 * The user's inputs that differ from the old state (create-only ones against what was declared), ignored
 * ones left out, and never the inputs only the provider reads (the engine's PROVIDER_ONLY, any `__` one).
 */
export function changedKeys(d: AnyResourceDescriptor, olds: Props, news: Props): string[] {
  const ignored = ignoredFields(news);
  return ResourceKind.of(d)
    .plan.changedFields(olds, news)
    .filter((k) => !k.startsWith('__') && !PROVIDER_ONLY.includes(k) && !ignored.includes(k));
}

export function diffMethod(p: { diff?: (id: string, urn: string, olds: Props, news: Props) => Promise<NativeDiffResult> }) {
  return async (call: DiffCall, callback: Callback) => {
    try {
      const req = call.request;
      const result: NativeDiffResult = p.diff
        ? await p.diff(req.getId(), req.getUrn(), req.getOlds().toJavaScript(), req.getNews().toJavaScript())
        : {};
      const resp = new provproto.DiffResponse();
      const { DIFF_SOME, DIFF_NONE, DIFF_UNKNOWN } = provproto.DiffResponse.DiffChanges;
      resp.setChanges(result.changes === true ? DIFF_SOME : result.changes === false ? DIFF_NONE : DIFF_UNKNOWN);
      if (result.replaces?.length) resp.setReplacesList(result.replaces);
      if (result.deleteBeforeReplace) resp.setDeletebeforereplace(true);
      if (result.diffs?.length) resp.setDiffsList(result.diffs);
      callback(null, resp);
    } catch (err) {
      callback(err);
    }
  };
}
