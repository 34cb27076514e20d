/**
 * Names to ids, remembered: flavors (Nova), images (Glance), networks, subnets
 * and security groups (Neutron), each looked up once per actuator and kept for
 * ten minutes, so a burst of machines asks once, not once a machine. A
 * reference that is already a UUID (or, for flavors, an id Nova lists) is used
 * as it is. Nothing found, or two found for one name, is a terminal
 * InvalidConfiguration naming the field.
 */
import { TerminalError, type ActuatorContextV1, type ClockV1 } from '@slipway/core';
import type { OpenStackApiClient } from './openstack-api-client.js';

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return uuidPattern.test(text);
}

interface Named {
  id: string;
  name?: string;
}

type Context = Pick<ActuatorContextV1, 'signal'>;

export class OpenStackLookups {
  private readonly api: OpenStackApiClient;
  private readonly clock: ClockV1;
  private readonly cache = new Map<string, { at: number; value: Promise<string> }>();
  private readonly lifetimeMs = 10 * 60_000;

  constructor(api: OpenStackApiClient, clock: ClockV1) {
    this.api = api;
    this.clock = clock;
  }

  flavor(reference: string, field: string, context: Context): Promise<string> {
    return this.remember(`flavor:${reference}`, async () => {
      const reply = await this.api.request<{ flavors: Named[] }>('compute.flavors.list', { method: 'GET', path: '/flavors' }, context);
      return pick(reply.body.flavors.filter((flavor) => flavor.id === reference || flavor.name === reference), reference, 'flavor', field, reply.body.flavors);
    });
  }

  image(reference: string, field: string, context: Context): Promise<string> {
    if (isUuid(reference)) return Promise.resolve(reference);
    return this.remember(`image:${reference}`, async () => {
      const reply = await this.api.request<{ images: Named[] }>('image.images.list', { method: 'GET', path: '/images', query: { name: reference } }, context);
      return pick(reply.body.images, reference, 'image', field);
    });
  }

  /** A Neutron resource (`networks`, `subnets`, `security-groups`) by name or id. */
  neutron(collection: 'networks' | 'subnets' | 'security-groups', reference: string, field: string, context: Context): Promise<string> {
    if (isUuid(reference)) return Promise.resolve(reference);
    return this.remember(`${collection}:${reference}`, async () => {
      const key = collection.replace('-', '_');
      const reply = await this.api.request<Record<string, Named[]>>(`network.${collection}.list`, { method: 'GET', path: `/${collection}`, query: { name: reference } }, context);
      return pick(reply.body[key] ?? [], reference, collection.replace(/s$/, '').replace('-', ' '), field);
    });
  }

  /** Forgets a cached id that turned out stale (a 404 on use). */
  forget(kind: string, reference: string): void {
    this.cache.delete(`${kind}:${reference}`);
  }

  private remember(key: string, lookup: () => Promise<string>): Promise<string> {
    const cached = this.cache.get(key);
    if (cached !== undefined && this.clock.now() - cached.at < this.lifetimeMs) return cached.value;
    const value = lookup();
    this.cache.set(key, { at: this.clock.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }
}

function pick(found: readonly Named[], reference: string, kind: string, field: string, all?: readonly Named[]): string {
  if (found.length === 1) return found[0]!.id;
  if (found.length === 0) {
    const known = all !== undefined ? ` (the cloud offers ${all.map((item) => item.name ?? item.id).join(', ')})` : '';
    throw new TerminalError('InvalidConfiguration', `${field}: no ${kind} "${reference}" in this cloud${known}`);
  }
  throw new TerminalError('InvalidConfiguration', `${field}: ${found.length} ${kind}s are named "${reference}" (${found.map((item) => item.id).join(', ')}); give the id instead`);
}
