import { invalidField } from './http';

/**
 * Spring Data paging and ITCare's list filters, as the real API answers them: 0-based `page`,
 * `size` (default 20), one `sort=property,asc|desc`, and comma-list filters where `!` negates.
 */

type Query = Record<string, string | string[] | undefined>;

/** A filter reads the value(s) of one item that a query key is compared with. */
export type FilterReader<T> = (item: T) => unknown;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v);

function toInt(query: Query, key: string, fallback: number, min: number): number {
  const raw = first(query[key]);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw invalidField(key, `Error on field '${key}': expected an integer >= ${min}`);
  return n;
}

/**
 * `names=a,!b`: keep items matching any positive value and none of the negated ones (a list of only
 * negations keeps everything else). Comparison is case-insensitive, as ITCare's enums are upper-case.
 */
export function matchesCommaList(values: unknown, list: string): boolean {
  const have = (Array.isArray(values) ? values : [values]).filter((v) => v !== undefined && v !== null).map((v) => String(v).toLowerCase());
  const terms = list
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const excluded = terms.filter((t) => t.startsWith('!')).map((t) => t.slice(1).toLowerCase());
  const wanted = terms.filter((t) => !t.startsWith('!')).map((t) => t.toLowerCase());
  if (have.some((v) => excluded.includes(v))) return false;
  return wanted.length === 0 || have.some((v) => wanted.includes(v));
}

export function filterItems<T>(items: T[], query: Query, filters: Record<string, FilterReader<T>>): T[] {
  let out = items;
  for (const [key, read] of Object.entries(filters)) {
    const list = first(query[key]);
    if (list === undefined || list === '') continue;
    out = out.filter((item) => matchesCommaList(read(item), list));
  }
  return out;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

export function springPage<T extends object>(items: T[], query: Query) {
  const page = toInt(query, 'page', 0, 0);
  const size = toInt(query, 'size', 20, 1);
  const sortParam = first(query.sort);
  let sorted = [...items];
  if (sortParam) {
    const m = /^([A-Za-z][A-Za-z0-9_.]*)(?:,(asc|desc))?$/i.exec(sortParam);
    if (!m) throw invalidField('sort', "Error on field 'sort': expected property(,asc|desc)");
    const [, prop, dir] = m;
    const sign = dir?.toLowerCase() === 'desc' ? -1 : 1;
    sorted.sort((x, y) => sign * compare((x as Record<string, unknown>)[prop], (y as Record<string, unknown>)[prop]));
  } else {
    sorted = sorted.sort((x, y) => compare((x as { id?: number }).id, (y as { id?: number }).id));
  }
  const content = sorted.slice(page * size, page * size + size);
  const totalPages = Math.ceil(sorted.length / size);
  const sort = { empty: !sortParam, sorted: !!sortParam, unsorted: !sortParam };
  return {
    content,
    pageable: { pageNumber: page, pageSize: size, offset: page * size, paged: true, unpaged: false, sort },
    totalElements: sorted.length,
    totalPages,
    last: page >= totalPages - 1,
    first: page === 0,
    size,
    number: page,
    numberOfElements: content.length,
    empty: content.length === 0,
    sort,
  };
}
