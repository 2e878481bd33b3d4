/**
 * The one reader of a descriptor's path template. A collection is `/a/b/<collection>`; a collection
 * under a parent is `<parent path>/{<parent field>}/<collection>`. Everything that needs a part of
 * the template (the SDK's collection names, the emulator's routes and control names, the importer's
 * child test, defineResource's parent check) asks here instead of splitting the string itself.
 */
export interface PathTemplate {
  /** Last segment: the collection as the emulator's control routes name it (instances, apache-kafka). */
  collection: string;
  /** Under a parent: the parent's path and the field whose id fills `{field}`. */
  parent?: { path: string; field: string };
}

const TOP = /^(?:\/[A-Za-z0-9_-]+)+$/;
const CHILD = /^((?:\/[A-Za-z0-9_-]+)+)\/\{([A-Za-z_][A-Za-z0-9_]*)\}\/([A-Za-z0-9_-]+)$/;

export function parsePath(path: string): PathTemplate {
  if (TOP.test(path)) return { collection: path.slice(path.lastIndexOf('/') + 1) };
  const child = CHILD.exec(path);
  if (child) return { collection: child[3], parent: { path: child[1], field: child[2] } };
  throw new Error(`path ${path}: expected /<segments>/<collection> or <parent path>/{<field>}/<collection>`);
}

/** The path with `{field}` replaced (an encoded id for a request, `:parentId` for a route). */
export function fillPath(path: string, value: string): string {
  const t = parsePath(path);
  return t.parent ? `${t.parent.path}/${value}/${t.collection}` : path;
}

/** The collection segment at the type level: '/message-brokers/apache-kafka' → 'apache-kafka'. */
export type CollectionSegment<P extends string> = P extends `${string}/${infer Rest}` ? CollectionSegment<Rest> : P;

/**
 * The SDK's collection name of a top-level resource: the path's last segment when it is one word
 * (instances, postgresql, loadbalancers), else the kind in lower case (apache-kafka → kafka).
 */
export type SdkCollection<P extends string, K extends string> =
  CollectionSegment<P> extends `${string}-${string}` ? Lowercase<K> : CollectionSegment<P>;

export function sdkCollection(path: string, kind: string): string {
  const segment = parsePath(path).collection;
  return segment.includes('-') ? kind.toLowerCase() : segment;
}
