/**
 * Picks a service's URL from a Keystone v3 catalog by type, interface and
 * region, and adds the version path clients add (Neutron /v2.0, Octavia /v2,
 * Glance /v2) when the catalog names the service root. A missing service or
 * region is a terminal InvalidConfiguration that lists what the catalog offers.
 */
import { TerminalError } from '@slipway/core';
import type { OpenStackServiceType } from '../settings/openstack-actuator-settings.js';

export interface CatalogEndpoint {
  id?: string;
  interface: string;
  region_id?: string | null;
  region?: string | null;
  url: string;
}

export interface CatalogEntry {
  type: string;
  name?: string;
  id?: string;
  endpoints: CatalogEndpoint[];
}

const versionPaths: Partial<Record<OpenStackServiceType, RegExp>> = {
  network: /\/v2\.0$/,
  'load-balancer': /\/v2(\.0)?$/,
  image: /\/v2$/,
  identity: /\/v3$/,
};

const versionSuffix: Partial<Record<OpenStackServiceType, string>> = { network: '/v2.0', 'load-balancer': '/v2', image: '/v2', identity: '/v3' };

/** The URL the provider calls: the catalog's, with the version path added where the catalog names the bare service. */
export function withVersionPath(service: OpenStackServiceType, url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  const pattern = versionPaths[service];
  return pattern === undefined || pattern.test(trimmed) ? trimmed : `${trimmed}${versionSuffix[service]}`;
}

export function selectEndpoint(catalog: readonly CatalogEntry[], service: OpenStackServiceType, endpointInterface: string, region: string | undefined): string {
  const entries = catalog.filter((entry) => entry.type === service);
  if (entries.length === 0) {
    throw new TerminalError(
      'InvalidConfiguration',
      `the Keystone catalog has no "${service}" service (it lists ${catalog.map((entry) => entry.type).join(', ') || 'nothing: is the token scoped to a project?'}); ask the cloud's operator, or set settings.endpoints["${service}"]`,
    );
  }
  const endpoints = entries.flatMap((entry) => entry.endpoints);
  const matching = endpoints.filter(
    (endpoint) => endpoint.interface === endpointInterface && (region === undefined || endpoint.region_id === region || endpoint.region === region),
  );
  const chosen = matching[0];
  if (chosen === undefined) {
    const offered = endpoints.map((endpoint) => `${endpoint.interface}@${endpoint.region_id ?? endpoint.region ?? 'no region'}`).join(', ');
    throw new TerminalError(
      'InvalidConfiguration',
      `the "${service}" service has no ${endpointInterface} endpoint${region !== undefined ? ` in region ${region}` : ''} (it offers ${offered}); fix OS_REGION_NAME / region_name or OS_INTERFACE / interface`,
    );
  }
  return withVersionPath(service, chosen.url);
}
