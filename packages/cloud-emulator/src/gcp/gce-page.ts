/**
 * Pagination of Compute Engine list calls: `maxResults` (0–500, default 500) and
 * an opaque `pageToken`. Tokens remember the last name returned (keyset
 * pagination), so resources created between two pages neither repeat nor shift
 * the next page, and a token is only valid with the filter it was issued for.
 */
import { createHash } from 'node:crypto';
import { gceInvalidField } from './gce-error.js';

export interface GcePageRequest {
  maxResults?: string | null;
  pageToken?: string | null;
  filter: string;
}

function fingerprint(filter: string): string {
  return createHash('sha256').update(filter).digest('hex').slice(0, 12);
}

export function paginateByName<Item extends { name: string }>(items: readonly Item[], request: GcePageRequest): { page: Item[]; nextPageToken: string | undefined } {
  const maxResults = request.maxResults === undefined || request.maxResults === null || request.maxResults === '' ? 500 : Number(request.maxResults);
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 500) {
    throw gceInvalidField('maxResults', request.maxResults, 'Must be an integer between 0 and 500.');
  }
  const limit = maxResults === 0 ? 500 : maxResults;
  const sorted = [...items].sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  let after: string | undefined;
  if (request.pageToken) {
    let decoded: { after?: unknown; filter?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(request.pageToken, 'base64url').toString('utf8')) as { after?: unknown; filter?: unknown };
    } catch {
      throw gceInvalidField('pageToken', request.pageToken, 'The page token is not one this API issued.');
    }
    if (typeof decoded.after !== 'string' || decoded.filter !== fingerprint(request.filter)) {
      throw gceInvalidField('pageToken', request.pageToken, 'The page token was issued for another request; repeat the filter it came with.');
    }
    after = decoded.after;
  }
  const remaining = after === undefined ? sorted : sorted.filter((item) => item.name > after);
  const page = remaining.slice(0, limit);
  const last = page[page.length - 1];
  const nextPageToken =
    remaining.length > limit && last !== undefined
      ? Buffer.from(JSON.stringify({ after: last.name, filter: fingerprint(request.filter) })).toString('base64url')
      : undefined;
  return { page, nextPageToken };
}
