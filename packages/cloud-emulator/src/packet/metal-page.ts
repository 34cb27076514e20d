/**
 * Pagination of Metal list calls: `page` (from 1) and `per_page` (default 10,
 * at most 1,000 here), answered with the API's `meta` block (current and last
 * page, total, and hrefs of the neighbouring pages).
 */
import { metalUnprocessable } from './metal-error.js';

export interface MetalPage<Item> {
  items: Item[];
  meta: Record<string, unknown>;
}

function positiveInteger(value: string | null, field: string, fallback: number, maximum: number): number {
  if (value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > maximum) throw metalUnprocessable(field, `must be an integer from 1 to ${maximum}, got ${value}`);
  return number;
}

export function paginate<Item>(items: readonly Item[], url: URL, basePath: string): MetalPage<Item> {
  const page = positiveInteger(url.searchParams.get('page'), 'page', 1, 100_000);
  const perPage = positiveInteger(url.searchParams.get('per_page'), 'per_page', 10, 1_000);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const hrefOf = (number: number): { href: string } => {
    const query = new URLSearchParams(url.searchParams);
    query.set('page', String(number));
    query.set('per_page', String(perPage));
    return { href: `${basePath}?${query.toString()}` };
  };
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    meta: {
      current_page: page,
      last_page: lastPage,
      total: items.length,
      first: hrefOf(1),
      last: hrefOf(lastPage),
      self: hrefOf(page),
      ...(page < lastPage ? { next: hrefOf(page + 1) } : {}),
      ...(page > 1 ? { previous: hrefOf(page - 1) } : {}),
    },
  };
}
