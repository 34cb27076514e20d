/**
 * The pieces of a regional external passthrough load balancer: a reserved
 * address, a target pool of instances, and a forwarding rule sending a port of
 * that address to the pool. An address or a pool refuses deletion while a
 * forwarding rule uses it.
 */
import type { StoredResource } from '../store/stored-resource.js';
import type { GceCloud } from './gce-cloud.js';
import { commonFields, newResourceAttributes, type GceCollection } from './gce-collection.js';
import { gceInvalidField, gceNotFound } from './gce-error.js';
import { validateGceLabels } from './gce-labels.js';
import { linkOf, scopeLinkOf, storeIdOf, type GceLocation } from './gce-resource-path.js';

const regionOf = (resource: StoredResource): GceLocation => ({
  project: String(resource.attributes['project']),
  scopeType: 'regions',
  scopeName: String(resource.attributes['region']),
});

function forwardingRulesOf(cloud: GceCloud, resource: StoredResource): StoredResource[] {
  return cloud.allOf('forwarding-rule', String(resource.attributes['project'])).filter((rule) => rule.attributes['region'] === resource.attributes['region']);
}

const ruleNameOf = (rule: StoredResource) =>
  `projects/${rule.attributes['project']}/regions/${rule.attributes['region']}/forwardingRules/${rule.attributes['name']}`;

export const addressesCollection: GceCollection = {
  collection: 'addresses',
  kind: 'address',
  scopeType: 'regions',
  insert: (body, name, { cloud, location }) => {
    const addressType = body['addressType'] ?? 'EXTERNAL';
    if (addressType !== 'EXTERNAL') throw gceInvalidField('resource.addressType', addressType, 'The emulator reserves EXTERNAL addresses only.');
    const resource = cloud.runtime.store.create({
      kind: 'address',
      id: storeIdOf(location, name),
      tags: validateGceLabels(body['labels'], 'resource.labels'),
      attributes: {
        ...newResourceAttributes(cloud, location, name, body),
        address: cloud.newExternalAddress(),
        addressType,
        networkTier: body['networkTier'] ?? 'PREMIUM',
      },
    });
    return { resource };
  },
  render: (resource, cloud) => {
    const users = forwardingRulesOf(cloud, resource).filter((rule) => rule.attributes['IPAddress'] === resource.attributes['address']);
    return {
      ...commonFields(resource, 'address', linkOf(regionOf(resource), 'addresses', String(resource.attributes['name']))),
      region: scopeLinkOf(regionOf(resource)),
      address: resource.attributes['address'],
      addressType: resource.attributes['addressType'],
      networkTier: resource.attributes['networkTier'],
      status: users.length > 0 ? 'IN_USE' : 'RESERVED',
      users: users.map((rule) => linkOf(regionOf(rule), 'forwardingRules', String(rule.attributes['name']))),
      labels: { ...resource.tags },
    };
  },
  usedBy: (resource, cloud) => {
    const rule = forwardingRulesOf(cloud, resource).find((candidate) => candidate.attributes['IPAddress'] === resource.attributes['address']);
    return rule ? ruleNameOf(rule) : undefined;
  },
};

function instanceLinks(cloud: GceCloud, value: unknown, project: string, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw gceInvalidField(field, value, 'Expected a list.');
  return value.map((entry: unknown, index) => {
    const text = typeof entry === 'string' ? entry : (entry as { instance?: unknown } | null)?.instance;
    const reference = cloud.reference(text, 'instances', { project, scopeType: 'zones' });
    if (!reference || reference.scopeType !== 'zones') throw gceInvalidField(`${field}[${index}]`, text, 'Expected an instance URL such as zones/us-central1-a/instances/name.');
    if (!cloud.resolve('instance', reference)) throw gceNotFound(`projects/${reference.project}/zones/${reference.scopeName}/instances/${reference.name}`);
    return linkOf(reference, 'instances', reference.name);
  });
}

export const targetPoolsCollection: GceCollection = {
  collection: 'targetPools',
  kind: 'target-pool',
  scopeType: 'regions',
  insert: (body, name, { cloud, location }) => {
    const resource = cloud.runtime.store.create({
      kind: 'target-pool',
      id: storeIdOf(location, name),
      attributes: {
        ...newResourceAttributes(cloud, location, name, body),
        instances: [...new Set(instanceLinks(cloud, body['instances'], location.project, 'resource.instances'))],
        healthChecks: body['healthChecks'] ?? [],
        sessionAffinity: body['sessionAffinity'] ?? 'NONE',
      },
    });
    return { resource };
  },
  render: (resource) => ({
    ...commonFields(resource, 'targetPool', linkOf(regionOf(resource), 'targetPools', String(resource.attributes['name']))),
    region: scopeLinkOf(regionOf(resource)),
    instances: resource.attributes['instances'],
    healthChecks: resource.attributes['healthChecks'],
    sessionAffinity: resource.attributes['sessionAffinity'],
  }),
  usedBy: (resource, cloud) => {
    const link = linkOf(regionOf(resource), 'targetPools', String(resource.attributes['name']));
    const rule = forwardingRulesOf(cloud, resource).find((candidate) => candidate.attributes['target'] === link);
    return rule ? ruleNameOf(rule) : undefined;
  },
};

/** `targetPools.addInstance`: adding a member twice keeps one. */
export function addTargetPoolInstances(cloud: GceCloud, pool: StoredResource, body: Record<string, unknown>): void {
  const added = instanceLinks(cloud, body['instances'], String(pool.attributes['project']), 'instances');
  pool.attributes['instances'] = [...new Set([...(pool.attributes['instances'] as string[]), ...added])];
}

/** `targetPools.removeInstance`: removing a non-member changes nothing. */
export function removeTargetPoolInstances(cloud: GceCloud, pool: StoredResource, body: Record<string, unknown>): void {
  const value = body['instances'];
  if (!Array.isArray(value)) throw gceInvalidField('instances', value, 'Expected a list.');
  const removed = new Set(
    value.map((entry: unknown) => {
      const text = typeof entry === 'string' ? entry : (entry as { instance?: unknown } | null)?.instance;
      const reference = cloud.reference(text, 'instances', { project: String(pool.attributes['project']), scopeType: 'zones' });
      return reference ? linkOf(reference, 'instances', reference.name) : String(text);
    }),
  );
  pool.attributes['instances'] = (pool.attributes['instances'] as string[]).filter((link) => !removed.has(link));
}

export const forwardingRulesCollection: GceCollection = {
  collection: 'forwardingRules',
  kind: 'forwarding-rule',
  scopeType: 'regions',
  insert: (body, name, { cloud, location }) => {
    const targetReference = cloud.reference(body['target'], 'targetPools', location);
    const target = targetReference && cloud.resolve('target-pool', targetReference);
    if (!target || targetReference?.scopeName !== location.scopeName) {
      throw gceInvalidField('resource.target', body['target'], `The target pool does not exist in region '${location.scopeName}'.`);
    }
    const protocol = body['IPProtocol'] ?? 'TCP';
    if (!['TCP', 'UDP', 'ESP', 'AH', 'SCTP', 'ICMP', 'L3_DEFAULT'].includes(String(protocol))) {
      throw gceInvalidField('resource.IPProtocol', protocol, 'Expected TCP, UDP, ESP, AH, SCTP, ICMP or L3_DEFAULT.');
    }
    const portRange = body['portRange'];
    if (portRange !== undefined && (typeof portRange !== 'string' || !/^\d{1,5}(-\d{1,5})?$/.test(portRange))) {
      throw gceInvalidField('resource.portRange', portRange, 'Expected a port or a range such as 6443 or 6443-6443.');
    }
    let ipAddress: string;
    const requested = body['IPAddress'];
    if (requested === undefined) {
      ipAddress = cloud.newExternalAddress();
    } else {
      const byIp = typeof requested === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(requested)
        ? cloud.allOf('address', location.project).find((address) => address.attributes['address'] === requested && address.attributes['region'] === location.scopeName)
        : undefined;
      const reference = byIp ? undefined : cloud.reference(requested, 'addresses', location);
      const address = byIp ?? (reference && cloud.resolve('address', reference));
      if (!address) throw gceInvalidField('resource.IPAddress', requested, `The address is not reserved in region '${location.scopeName}'.`);
      const taken = cloud.allOf('forwarding-rule', location.project).find((rule) => rule.attributes['IPAddress'] === address.attributes['address'] && rule.attributes['portRange'] === (portRange ?? '1-65535'));
      if (taken) throw gceInvalidField('resource.IPAddress', requested, `The address and port range are already used by forwarding rule '${taken.attributes['name']}'.`);
      ipAddress = String(address.attributes['address']);
    }
    const resource = cloud.runtime.store.create({
      kind: 'forwarding-rule',
      id: storeIdOf(location, name),
      tags: validateGceLabels(body['labels'], 'resource.labels'),
      attributes: {
        ...newResourceAttributes(cloud, location, name, body),
        IPAddress: ipAddress,
        IPProtocol: protocol,
        portRange: portRange ?? '1-65535',
        target: linkOf(targetReference!, 'targetPools', targetReference!.name),
        loadBalancingScheme: body['loadBalancingScheme'] ?? 'EXTERNAL',
      },
    });
    return { resource };
  },
  render: (resource) => ({
    ...commonFields(resource, 'forwardingRule', linkOf(regionOf(resource), 'forwardingRules', String(resource.attributes['name']))),
    region: scopeLinkOf(regionOf(resource)),
    IPAddress: resource.attributes['IPAddress'],
    IPProtocol: resource.attributes['IPProtocol'],
    portRange: resource.attributes['portRange'],
    target: resource.attributes['target'],
    loadBalancingScheme: resource.attributes['loadBalancingScheme'],
    labels: { ...resource.tags },
  }),
};
