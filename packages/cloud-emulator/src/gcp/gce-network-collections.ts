/**
 * Networks (global), subnetworks (regional) and firewall rules (global). A
 * network refuses deletion while a subnetwork, a firewall rule or an instance
 * still uses it, and a subnetwork while an instance does, so a provider must
 * delete in dependency order, as on the real API.
 */
import type { StoredResource } from '../store/stored-resource.js';
import type { GceCloud } from './gce-cloud.js';
import { commonFields, newResourceAttributes, type GceCollection } from './gce-collection.js';
import { gceInvalidField } from './gce-error.js';
import { linkOf, scopeLinkOf, storeIdOf, type GceLocation } from './gce-resource-path.js';

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The `offset`-th address of an IPv4 range. */
export function addressInRange(cidr: string, offset: number): string {
  const match = cidrPattern.exec(cidr);
  if (!match) return `10.0.0.${offset}`;
  const base = ((Number(match[1]) << 24) | (Number(match[2]) << 16) | (Number(match[3]) << 8) | Number(match[4])) >>> 0;
  const value = (base + offset) >>> 0;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function validCidr(text: unknown, field: string): string {
  const match = typeof text === 'string' ? cidrPattern.exec(text) : null;
  if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 29 || Number(match[5]) < 8) {
    throw gceInvalidField(field, text, 'Must be an IPv4 range in CIDR notation with a prefix between /8 and /29.');
  }
  return text as string;
}

const globalOf = (project: string): GceLocation => ({ project, scopeType: 'global' });
const pathOf = (link: string) => link.replace(/^https:\/\/www\.googleapis\.com\/compute\/v1\//, '');

function networkLinkOf(resource: StoredResource): string {
  return linkOf(globalOf(String(resource.attributes['project'])), 'networks', String(resource.attributes['name']));
}

function resolveNetwork(cloud: GceCloud, text: unknown, project: string, field: string): StoredResource {
  const reference = cloud.reference(text ?? 'global/networks/default', 'networks', globalOf(project));
  const network = reference && cloud.resolve('network', reference);
  if (!network) throw gceInvalidField(field, text, 'The referenced network resource cannot be found.');
  return network;
}

export const networksCollection: GceCollection = {
  collection: 'networks',
  kind: 'network',
  scopeType: 'global',
  insert: (body, name, { cloud, location }) => {
    if (body['IPv4Range'] !== undefined) throw gceInvalidField('resource.IPv4Range', body['IPv4Range'], 'Legacy networks are not supported.');
    const resource = cloud.runtime.store.create({
      kind: 'network',
      id: storeIdOf(location, name),
      attributes: {
        ...newResourceAttributes(cloud, location, name, body),
        autoCreateSubnetworks: body['autoCreateSubnetworks'] !== false,
        mtu: body['mtu'] ?? 1460,
        routingMode: (body['routingConfig'] as { routingMode?: string } | undefined)?.routingMode ?? 'REGIONAL',
      },
    });
    return { resource };
  },
  render: (resource, cloud) => {
    const link = networkLinkOf(resource);
    return {
      ...commonFields(resource, 'network', link),
      autoCreateSubnetworks: resource.attributes['autoCreateSubnetworks'],
      mtu: resource.attributes['mtu'],
      routingConfig: { routingMode: resource.attributes['routingMode'] },
      subnetworks: cloud
        .allOf('subnetwork', String(resource.attributes['project']))
        .filter((subnetwork) => subnetwork.attributes['network'] === link)
        .map((subnetwork) => subnetwork.attributes['selfLink']),
    };
  },
  usedBy: (resource, cloud) => {
    const link = networkLinkOf(resource);
    const project = String(resource.attributes['project']);
    const user =
      cloud.allOf('subnetwork', project).find((subnetwork) => subnetwork.attributes['network'] === link) ??
      cloud.allOf('firewall', project).find((firewall) => firewall.attributes['network'] === link) ??
      cloud.allOf('instance', project).find((instance) => instance.attributes['network'] === link);
    return user ? pathOf(String(user.attributes['selfLink'] ?? `${user.kind}/${user.attributes['name']}`)) : undefined;
  },
};

export const subnetworksCollection: GceCollection = {
  collection: 'subnetworks',
  kind: 'subnetwork',
  scopeType: 'regions',
  insert: (body, name, { cloud, location }) => {
    const network = resolveNetwork(cloud, body['network'], location.project, 'resource.network');
    if (body['network'] === undefined) throw gceInvalidField('resource.network', '', 'The network is required.');
    if (network.attributes['autoCreateSubnetworks'] === true) {
      throw gceInvalidField('resource.network', body['network'], 'Subnetworks can only be created in custom-mode networks.');
    }
    const ipCidrRange = validCidr(body['ipCidrRange'], 'resource.ipCidrRange');
    const networkLink = networkLinkOf(network);
    const overlapping = cloud.allOf('subnetwork', location.project).find(
      (subnetwork) => subnetwork.attributes['network'] === networkLink && subnetwork.attributes['ipCidrRange'] === ipCidrRange,
    );
    if (overlapping) {
      throw gceInvalidField('resource.ipCidrRange', ipCidrRange, `Invalid IPCidrRange: ${ipCidrRange} conflicts with existing subnetwork '${overlapping.attributes['name']}'.`);
    }
    const resource = cloud.runtime.store.create({
      kind: 'subnetwork',
      id: storeIdOf(location, name),
      attributes: {
        ...newResourceAttributes(cloud, location, name, body),
        network: networkLink,
        ipCidrRange,
        gatewayAddress: addressInRange(ipCidrRange, 1),
        privateIpGoogleAccess: body['privateIpGoogleAccess'] === true,
        selfLink: linkOf(location, 'subnetworks', name),
      },
    });
    return { resource };
  },
  render: (resource) => {
    const attributes = resource.attributes;
    const location: GceLocation = { project: String(attributes['project']), scopeType: 'regions', scopeName: String(attributes['region']) };
    return {
      ...commonFields(resource, 'subnetwork', String(attributes['selfLink'])),
      region: scopeLinkOf(location),
      network: attributes['network'],
      ipCidrRange: attributes['ipCidrRange'],
      gatewayAddress: attributes['gatewayAddress'],
      privateIpGoogleAccess: attributes['privateIpGoogleAccess'],
      fingerprint: Buffer.from(String(attributes['id'])).toString('base64'),
    };
  },
  usedBy: (resource, cloud) => {
    const user = cloud.allOf('instance', String(resource.attributes['project'])).find((instance) => instance.attributes['subnetwork'] === resource.attributes['selfLink']);
    return user ? `projects/${user.attributes['project']}/zones/${user.attributes['zone']}/instances/${user.attributes['name']}` : undefined;
  },
};

function validRules(value: unknown, field: string): { IPProtocol: string; ports?: string[] }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw gceInvalidField(field, value, 'Expected a list.');
  return value.map((rule: unknown, index) => {
    const entry = (rule ?? {}) as { IPProtocol?: unknown; ports?: unknown };
    if (typeof entry.IPProtocol !== 'string' || !/^(tcp|udp|icmp|esp|ah|sctp|ipip|all|\d{1,3})$/.test(entry.IPProtocol)) {
      throw gceInvalidField(`${field}[${index}].IPProtocol`, entry.IPProtocol, 'Expected tcp, udp, icmp, esp, ah, sctp, ipip, all or a protocol number.');
    }
    const ports = entry.ports === undefined ? undefined : (entry.ports as unknown[]);
    for (const [portIndex, port] of (ports ?? []).entries()) {
      if (typeof port !== 'string' || !/^\d{1,5}(-\d{1,5})?$/.test(port)) {
        throw gceInvalidField(`${field}[${index}].ports[${portIndex}]`, port, 'Expected a port or a range such as 6443 or 30000-32767.');
      }
    }
    return { IPProtocol: entry.IPProtocol, ...(ports ? { ports: ports as string[] } : {}) };
  });
}

export const firewallsCollection: GceCollection = {
  collection: 'firewalls',
  kind: 'firewall',
  scopeType: 'global',
  insert: (body, name, { cloud, location }) => {
    const network = resolveNetwork(cloud, body['network'], location.project, 'resource.network');
    const allowed = validRules(body['allowed'], 'resource.allowed');
    const denied = validRules(body['denied'], 'resource.denied');
    if ((allowed.length === 0) === (denied.length === 0)) throw gceInvalidField('resource.allowed', '', 'Exactly one of allowed or denied must be set.');
    const direction = body['direction'] ?? 'INGRESS';
    if (direction !== 'INGRESS' && direction !== 'EGRESS') throw gceInvalidField('resource.direction', direction, 'Expected INGRESS or EGRESS.');
    const sourceRanges = (body['sourceRanges'] as unknown[] | undefined) ?? [];
    sourceRanges.forEach((range, index) => {
      if (typeof range !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(range)) throw gceInvalidField(`resource.sourceRanges[${index}]`, range, 'Expected an IPv4 range.');
    });
    const resource = cloud.runtime.store.create({
      kind: 'firewall',
      id: storeIdOf(location, name),
      attributes: {
        ...newResourceAttributes(cloud, location, name, body),
        network: networkLinkOf(network),
        direction,
        priority: body['priority'] ?? 1000,
        allowed,
        denied,
        sourceRanges,
        sourceTags: body['sourceTags'] ?? [],
        targetTags: body['targetTags'] ?? [],
        selfLink: linkOf(location, 'firewalls', name),
      },
    });
    return { resource };
  },
  render: (resource) => {
    const attributes = resource.attributes;
    return {
      ...commonFields(resource, 'firewall', String(attributes['selfLink'])),
      network: attributes['network'],
      direction: attributes['direction'],
      priority: attributes['priority'],
      ...((attributes['allowed'] as unknown[]).length > 0 ? { allowed: attributes['allowed'] } : {}),
      ...((attributes['denied'] as unknown[]).length > 0 ? { denied: attributes['denied'] } : {}),
      sourceRanges: attributes['sourceRanges'],
      sourceTags: attributes['sourceTags'],
      targetTags: attributes['targetTags'],
      disabled: false,
    };
  },
};
