import { catalog, type AnyResourceDescriptor, type CatalogKey, nameFieldOf, parsePath, sdkCollection } from '../sdk/resources';

/**
 * The kinds the importer reads, derived from the descriptors of the catalogue: a new descriptor is
 * imported without any change here. Each kind is named on the command line by its catalogue key
 * (`databases.PostgreSQL`), its kind (`postgresql`) or its SDK collection (`instances`), in any case.
 */
export interface ImportKind {
  key: CatalogKey;
  d: AnyResourceDescriptor;
  /** The SDK collection name (resourceTree, pathTemplate.ts), e.g. instances, postgresql, kafka. */
  collection: string;
  /** Lower-case names that select this kind with --kinds. */
  aliases: string[];
}

/**
 * A kind listed under a parent resource's path (issue 10: e.g. the URLs of a load balancer) cannot be
 * listed on its own: its path has a placeholder, or its descriptor names a parent.
 */
export function isChildKind(d: AnyResourceDescriptor): boolean {
  return parsePath(d.path).parent !== undefined || 'parent' in (d as object);
}

/** Every kind of the catalogue, in catalogue order, and the child kinds left out (with why). */
export function importKinds(): { kinds: ImportKind[]; skipped: { key: string; reason: string }[] } {
  const kinds: ImportKind[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const [key, d] of Object.entries(catalog) as [CatalogKey, AnyResourceDescriptor][]) {
    if (isChildKind(d)) {
      skipped.push({ key, reason: `listed under its parent's path (${d.path}): not imported by this version` });
      continue;
    }
    if (nameFieldOf(d) !== 'name') {
      // The estate is matched, deduplicated and adopted by `name`; a kind named by another field
      // (a load balancer by its url) would be adopted under the wrong key.
      skipped.push({ key, reason: `named by its ${nameFieldOf(d)}, not a name: not imported by this version` });
      continue;
    }
    const collection = sdkCollection(d.path, d.kind);
    const aliases = [...new Set([key.toLowerCase(), d.kind.toLowerCase(), collection.toLowerCase()])];
    kinds.push({ key, d, collection, aliases });
  }
  return { kinds, skipped };
}

/**
 * The kinds a `--kinds` list selects (all when absent). An unknown name is an error listing every
 * accepted name, so a typo never imports less than asked silently.
 */
export function selectKinds(list: string | undefined, all: ImportKind[] = importKinds().kinds): ImportKind[] {
  if (list === undefined || list.trim() === '') return all;
  const wanted = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !all.some((k) => k.aliases.includes(w)));
  if (unknown.length) {
    const accepted = all.map((k) => `${k.d.kind.toLowerCase()} (${k.key})`).join(', ');
    throw new Error(`--kinds: unknown kind ${unknown.map((u) => JSON.stringify(u)).join(', ')}; accepted: ${accepted}`);
  }
  return all.filter((k) => k.aliases.some((a) => wanted.includes(a)));
}
