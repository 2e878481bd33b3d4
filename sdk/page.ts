import { z } from 'zod';

/**
 * Spring Data's Page envelope, as ITCare returns lists. Only `content` is required: the other
 * fields are read when present, so a server that trims the envelope still pages correctly.
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    content: z.array(item),
    totalElements: z.number().int().optional(),
    totalPages: z.number().int().optional(),
    last: z.boolean().optional(),
    first: z.boolean().optional(),
    size: z.number().int().optional(),
    number: z.number().int().optional(),
    numberOfElements: z.number().int().optional(),
    empty: z.boolean().optional(),
    sort: z.looseObject({ empty: z.boolean(), sorted: z.boolean(), unsorted: z.boolean() }).optional(),
  });
}

export type Page<T> = { content: T[]; totalElements?: number; totalPages?: number; last?: boolean; number?: number; size?: number };

/** Query parameters every list endpoint takes: 0-based page, size, one `property,asc|desc` sort key. */
export const PageQuery = z.object({
  page: z.number().int().min(0).optional(),
  size: z.number().int().min(1).max(1000).optional(),
  sort: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.]*(,(asc|desc|ASC|DESC))?$/, 'expected property(,asc|desc)')
    .optional(),
});
export type PageQuery = z.input<typeof PageQuery>;

/**
 * True when `page` is the last one, whichever envelope fields the server sent. A server may cap the
 * page size (asked 1000, serves 100 and says size: 100): a full page then has `size` items, not the
 * requested number, and must not be taken for the last one.
 */
export function isLastPage(page: Page<unknown>, requestedSize: number): boolean {
  if (page.last !== undefined) return page.last;
  if (page.totalPages !== undefined && page.number !== undefined) return page.number + 1 >= page.totalPages;
  const served = page.size !== undefined && page.size > 0 && page.size < requestedSize ? page.size : requestedSize;
  return page.content.length < served;
}

/**
 * What tells two pages apart: the page number when the server sends one, else the first and last
 * items. The same identity twice in a row means the server ignores `page` (paging would never end).
 */
export function pageIdentity(page: Page<unknown>): string {
  if (page.number !== undefined) return `number:${page.number}`;
  return `items:${JSON.stringify([page.content[0], page.content.at(-1)])}`;
}
