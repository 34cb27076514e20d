/**
 * Every item of a Nova or Neutron list, page after page: `limit` items at a
 * time, the next page asked with `marker` = the last id, until a page comes
 * back short (both services page this way).
 */
import type { ActuatorContextV1 } from '@slipway/core';
import type { OpenStackApiClient } from './openstack-api-client.js';

export async function listAll<Item extends { id: string }>(
  api: OpenStackApiClient,
  operation: string,
  path: string,
  key: string,
  query: Record<string, string | undefined>,
  context: Pick<ActuatorContextV1, 'signal'>,
  pageSize = 1000,
): Promise<Item[]> {
  const items: Item[] = [];
  let marker: string | undefined;
  for (;;) {
    const reply = await api.request<Record<string, Item[]>>(operation, { method: 'GET', path, query: { ...query, limit: String(pageSize), marker } }, context);
    const page = reply.body[key] ?? [];
    items.push(...page);
    if (page.length < pageSize) return items;
    marker = page[page.length - 1]!.id;
  }
}
