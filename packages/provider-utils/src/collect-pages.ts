/**
 * Follows a cloud's pagination (NextToken, pageToken, nextLink) to the end and
 * returns every item. `maxPages` guards against a cloud that never stops.
 */
import { TransientError } from '@slipway/core';

export async function collectPages<T>(
  fetchPage: (pageToken: string | undefined) => Promise<{ items: readonly T[]; nextPageToken?: string | undefined }>,
  options: { maxPages?: number } = {},
): Promise<T[]> {
  const maxPages = options.maxPages ?? 10_000;
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await fetchPage(token);
    items.push(...result.items);
    if (!result.nextPageToken) return items;
    if (result.nextPageToken === token) throw new TransientError(`pagination did not advance: the cloud returned page token ${token} again; the listing is tried afresh on the next call`);
    token = result.nextPageToken;
  }
  throw new TransientError(`pagination did not end after ${maxPages} pages; the listing is tried afresh on the next call`);
}
