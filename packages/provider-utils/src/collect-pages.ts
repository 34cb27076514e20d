/**
 * Follows a cloud's pagination (NextToken, pageToken, nextLink) to the end and
 * returns every item. `maxPages` guards against a cloud that never stops.
 */
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
    if (result.nextPageToken === token) throw new Error(`pagination did not advance: page token ${token} returned again`);
    token = result.nextPageToken;
  }
  throw new Error(`pagination did not end after ${maxPages} pages`);
}
