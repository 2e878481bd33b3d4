import { type AnyResourceDescriptor, keyOf, type KeyOf, type ResourceDescriptor } from './descriptor';
import { type CollectionSegment, parsePath, sdkCollection, type SdkCollection } from './pathTemplate';

/**
 * The catalogue and the SDK's trees as functions of the registry (index.ts), at the type level too:
 * the typed clients (client.databases.postgresql) and the catalogue keys come out of the same list.
 */
type List = readonly AnyResourceDescriptor[];
/** A descriptor without a parent field type (PF = never) is top-level. */
// biome-ignore lint/suspicious/noExplicitAny: a type-level match on a descriptor of any schemas
type IsChild<D> = D extends ResourceDescriptor<any, any, any, any, infer PF, any, any, any> ? ([PF] extends [never] ? false : true) : false;
type Top<L extends List> = Extract<
  L[number] extends infer D ? (D extends unknown ? (IsChild<D> extends true ? never : D) : never) : never,
  AnyResourceDescriptor
>;
type Child<L extends List> = Extract<
  L[number] extends infer D ? (D extends unknown ? (IsChild<D> extends true ? D : never) : never) : never,
  AnyResourceDescriptor
>;

export type CatalogOf<L extends List> = { [D in L[number] as KeyOf<D>]: D };

export type ResourceTreeOf<L extends List> = {
  [Mo in Top<L>['module']]: { [D in Extract<Top<L>, { module: Mo }> as SdkCollection<D['path'], D['kind']>]: D };
};

/** A child's parent, named by its place in the tree: the parent's module and collection. */
type ParentPlace<D> = D extends { parent?: { of: infer Pa extends AnyResourceDescriptor } }
  ? `${Pa['module']}.${SdkCollection<Pa['path'], Pa['kind']>}`
  : never;

export type ChildTreeOf<L extends List> = {
  [Pl in ParentPlace<Child<L>>]: { [D in Child<L> as ParentPlace<D> extends Pl ? CollectionSegment<D['path']> : never]: D };
};

/** The module and the kind of a catalogue key, at the type level. */
export type ModuleOf<K> = K extends `${infer Mo}.${string}` ? Mo : never;
export type KindOf<K> = K extends `${string}.${infer Kind}` ? Kind : never;

/** Catalogue key → value, regrouped as module → kind → value (the modules of a package's index). */
export function groupByModule(byKey: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(byKey)) {
    const [mo, kind] = key.split('.', 2);
    out[mo] ??= {};
    out[mo][kind] = value;
  }
  return out;
}

export function catalogOf<const L extends List>(list: L): CatalogOf<L> {
  const out: Record<string, AnyResourceDescriptor> = {};
  for (const d of list) {
    const key = keyOf(d);
    if (out[key]) throw new Error(`${key} is in the registry twice`);
    out[key] = d;
  }
  return out as unknown as CatalogOf<L>;
}

const place = (d: AnyResourceDescriptor) => `${d.module}.${sdkCollection(d.path, d.kind)}`;

export function resourceTreeOf<const L extends List>(list: L): ResourceTreeOf<L> {
  const tree: Record<string, Record<string, AnyResourceDescriptor>> = {};
  for (const d of list) {
    if (d.parent) continue;
    tree[d.module] ??= {};
    tree[d.module][sdkCollection(d.path, d.kind)] = d;
  }
  return tree as unknown as ResourceTreeOf<L>;
}

export function childTreeOf<const L extends List>(list: L): ChildTreeOf<L> {
  const tree: Record<string, Record<string, AnyResourceDescriptor>> = {};
  for (const d of list) {
    if (!d.parent) continue;
    const at = place(d.parent.of);
    tree[at] ??= {};
    tree[at][parsePath(d.path).collection] = d;
  }
  return tree as unknown as ChildTreeOf<L>;
}
