/**
 * Instances and their disks. An instance is the framework's `instance` kind, so
 * the lifecycle boots it (PROVISIONING/STAGING → RUNNING on the emulator clock),
 * the machine simulator runs its `user-data` metadata, and the side door sees its
 * labels as tags. Its boot disk, named after the instance, is a `disk` it owns:
 * deleted with the instance when `autoDelete` is set, left behind otherwise.
 */
import { createHash } from 'node:crypto';
import { CloudFault } from '../faults/cloud-fault.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { GceCloud } from './gce-cloud.js';
import { commonFields, type GceCollection, type GceInsertContext, type GceInsertOutcome } from './gce-collection.js';
import { gceError, gceInvalidField } from './gce-error.js';
import { validateGceLabels, validateGceName } from './gce-labels.js';
import { addressInRange } from './gce-network-collections.js';
import { linkOf, regionOfZone, scopeLinkOf, storeIdOf, type GceLocation } from './gce-resource-path.js';

/** The fingerprint `setLabels` must quote: it changes whenever the labels do (optimistic concurrency). */
export function labelFingerprintOf(labels: Record<string, string>): string {
  const sorted = Object.keys(labels).sort().map((key) => [key, labels[key]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64').slice(0, 12);
}

/** `instances.setLabels`: replaces the labels when the caller quotes the current fingerprint; 412 otherwise. */
export function setInstanceLabels(instance: StoredResource, body: Record<string, unknown>): void {
  const labels = validateGceLabels(body['labels'], 'labels');
  if (body['labelFingerprint'] !== labelFingerprintOf(instance.tags)) {
    throw gceError(412, 'conditionNotMet', 'Labels fingerprint either invalid or resource labels have changed');
  }
  instance.tags = labels;
}

const diskTypes = new Set(['pd-standard', 'pd-balanced', 'pd-ssd', 'pd-extreme', 'hyperdisk-balanced']);

const statusOfState: Record<string, string> = {
  pending: 'STAGING',
  running: 'RUNNING',
  stopping: 'STOPPING',
  stopped: 'TERMINATED',
  terminating: 'STOPPING',
};

function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw gceInvalidField(field, value, 'Expected an object.');
  return value as Record<string, unknown>;
}

function asArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw gceInvalidField(field, value, 'Expected a list.');
  return value;
}

function resolveImage(cloud: GceCloud, sourceImage: unknown, field: string): string {
  const text = typeof sourceImage === 'string' ? sourceImage.replace(/^https:\/\/www\.googleapis\.com\/compute\/v1\//, '') : '';
  const match = /^projects\/([^/]+)\/global\/images\/(?:family\/)?([^/]+)$/.exec(text);
  if (!match || !cloud.images.has(`${match[1]}/${match[2]}`)) {
    throw gceInvalidField(field, sourceImage, 'The referenced image resource cannot be found.');
  }
  return `https://www.googleapis.com/compute/v1/${text}`;
}

function resolveDiskType(diskType: unknown, zone: string, field: string): string {
  if (diskType === undefined) return 'pd-standard';
  const match = typeof diskType === 'string' ? /(?:^|\/)diskTypes\/([^/]+)$/.exec(diskType) ?? /^([a-z-]+)$/.exec(diskType) : null;
  if (!match || !diskTypes.has(match[1]!)) throw gceInvalidField(field, diskType, `Disk type does not exist in zone '${zone}'.`);
  return match[1]!;
}

interface InterfacePlan {
  network: StoredResource;
  subnetwork: StoredResource | undefined;
  networkIP: string;
  natIP: string | undefined;
}

function planInterface(cloud: GceCloud, location: GceLocation, body: Record<string, unknown>): InterfacePlan {
  const interfaces = asArray(body['networkInterfaces'], 'resource.networkInterfaces');
  if (interfaces.length === 0) throw gceInvalidField('resource.networkInterfaces', '', 'At least one network interface is required.');
  if (interfaces.length > 1) throw gceInvalidField('resource.networkInterfaces', '', 'The emulator supports one network interface per instance.');
  const nic = asRecord(interfaces[0], 'resource.networkInterfaces[0]');
  const global: GceLocation = { project: location.project, scopeType: 'global' };
  const region: GceLocation = { project: location.project, scopeType: 'regions', scopeName: regionOfZone(location.scopeName!) };
  let subnetwork: StoredResource | undefined;
  if (nic['subnetwork'] !== undefined) {
    const reference = cloud.reference(nic['subnetwork'], 'subnetworks', region);
    subnetwork = reference && cloud.resolve('subnetwork', reference);
    if (!subnetwork || reference?.scopeName !== region.scopeName) {
      throw gceInvalidField('resource.networkInterfaces[0].subnetwork', nic['subnetwork'], `The subnetwork does not exist in region '${region.scopeName}'.`);
    }
  }
  const networkText = nic['network'] ?? (subnetwork ? subnetwork.attributes['network'] : 'global/networks/default');
  const networkReference = cloud.reference(networkText, 'networks', global);
  const network = networkReference && cloud.resolve('network', networkReference);
  if (!network) throw gceInvalidField('resource.networkInterfaces[0].network', networkText, 'The referenced network resource cannot be found.');
  if (subnetwork && subnetwork.attributes['network'] !== linkOf(global, 'networks', String(network.attributes['name']))) {
    throw gceInvalidField('resource.networkInterfaces[0].subnetwork', nic['subnetwork'], 'The subnetwork does not belong to the network.');
  }
  if (!subnetwork && network.attributes['autoCreateSubnetworks'] !== true) {
    throw gceInvalidField('resource.networkInterfaces[0]', '', 'Subnetwork should be specified for custom subnetmode network');
  }
  const accessConfigs = asArray(nic['accessConfigs'], 'resource.networkInterfaces[0].accessConfigs');
  const range = subnetwork ? String(subnetwork.attributes['ipCidrRange']) : '10.128.0.0/9';
  const counterOwner = subnetwork ?? network;
  const used = Number(counterOwner.attributes['addressesHandedOut'] ?? 0) + 1;
  counterOwner.attributes['addressesHandedOut'] = used;
  return {
    network,
    subnetwork,
    networkIP: addressInRange(range, used + 1),
    natIP: accessConfigs.length > 0 ? cloud.newExternalAddress() : undefined,
  };
}

function insertInstance(body: Record<string, unknown>, name: string, context: GceInsertContext): GceInsertOutcome {
  const { cloud, location } = context;
  const zone = location.scopeName!;
  const machineTypeReference = cloud.reference(body['machineType'], 'machineTypes', location);
  if (!machineTypeReference || machineTypeReference.scopeName !== zone || !cloud.machineTypes.has(machineTypeReference.name)) {
    throw gceInvalidField('resource.machineType', body['machineType'], `Machine type with name '${machineTypeReference?.name ?? String(body['machineType'])}' does not exist in zone '${zone}'.`);
  }
  const labels = validateGceLabels(body['labels'], 'resource.labels');
  const tagItems = asArray(asRecord(body['tags'], 'resource.tags')['items'], 'resource.tags.items').map((tag, index) =>
    validateGceName(tag, `resource.tags.items[${index}]`),
  );
  const disks = asArray(body['disks'], 'resource.disks').map((disk, index) => asRecord(disk, `resource.disks[${index}]`));
  const bootIndex = disks.findIndex((disk) => disk['boot'] === true);
  if (disks.length !== 1 || bootIndex !== 0) throw gceInvalidField('resource.disks', '', 'Exactly one disk, the boot disk (boot: true), is supported.');
  const boot = disks[0]!;
  const initializeParams = asRecord(boot['initializeParams'], 'resource.disks[0].initializeParams');
  const sourceImage = resolveImage(cloud, initializeParams['sourceImage'], 'resource.disks[0].initializeParams.sourceImage');
  const sizeGb = initializeParams['diskSizeGb'] === undefined ? 10 : Number(initializeParams['diskSizeGb']);
  if (!Number.isInteger(sizeGb) || sizeGb < 10 || sizeGb > 65_536) {
    throw gceInvalidField('resource.disks[0].initializeParams.diskSizeGb', initializeParams['diskSizeGb'], 'Requested disk size cannot be smaller than the image size (10 GB) or larger than 65536 GB.');
  }
  const diskType = resolveDiskType(initializeParams['diskType'], zone, 'resource.disks[0].initializeParams.diskType');
  const diskLabels = validateGceLabels(initializeParams['labels'], 'resource.disks[0].initializeParams.labels');
  const diskName = initializeParams['diskName'] === undefined ? name : validateGceName(initializeParams['diskName'], 'resource.disks[0].initializeParams.diskName');
  if (cloud.runtime.store.get('disk', storeIdOf(location, diskName), { consistent: true })) {
    throw gceError(409, 'alreadyExists', `The resource '${linkOf(location, 'disks', diskName).replace(/^https:\/\/www\.googleapis\.com\/compute\/v1\//, '')}' already exists`);
  }
  const items = asArray(asRecord(body['metadata'], 'resource.metadata')['items'], 'resource.metadata.items').map((item, index) => {
    const entry = asRecord(item, `resource.metadata.items[${index}]`);
    if (typeof entry['key'] !== 'string' || !/^[a-zA-Z0-9-_]{1,128}$/.test(entry['key'])) {
      throw gceInvalidField(`resource.metadata.items[${index}].key`, entry['key'], 'Metadata keys are 1 to 128 letters, digits, "-" and "_".');
    }
    return { key: entry['key'], value: typeof entry['value'] === 'string' ? entry['value'] : '' };
  });
  if (new Set(items.map((item) => item.key)).size !== items.length) throw gceInvalidField('resource.metadata.items', '', 'Metadata keys must be unique.');
  const metadataBytes = items.reduce((total, item) => total + Buffer.byteLength(item.key) + Buffer.byteLength(item.value), 0);
  if (metadataBytes > 512 * 1024) throw gceInvalidField('resource.metadata', '', `Metadata is ${metadataBytes} bytes; the limit is 524288.`);
  const userData = items.find((item) => item.key === 'user-data')?.value;
  const scheduling = asRecord(body['scheduling'], 'resource.scheduling');
  const serviceAccounts = asArray(body['serviceAccounts'], 'resource.serviceAccounts');
  const plan = planInterface(cloud, location, body);

  const failure = cloud.takeInsertFailure(zone);
  if (failure) {
    return { operationError: { code: failure.code, message: failure.message, httpErrorStatusCode: failure.httpErrorStatusCode, httpErrorMessage: failure.httpErrorMessage } };
  }
  const now = new Date(cloud.runtime.clock.now()).toISOString();
  let instance: StoredResource;
  try {
    instance = cloud.runtime.lifecycle.launch({
      id: storeIdOf(location, name),
      tags: labels,
      ...(context.requestId !== undefined ? { idempotencyKey: context.requestId } : {}),
      ...(userData !== undefined ? { userData: Buffer.from(userData, 'utf8') } : {}),
      attributes: {
        project: location.project,
        zone,
        name,
        id: cloud.newNumericId(),
        creationTimestamp: now,
        selfLink: linkOf(location, 'instances', name),
        description: body['description'],
        machineType: linkOf(location, 'machineTypes', machineTypeReference.name),
        tags: tagItems,
        metadataItems: items,
        scheduling,
        serviceAccounts,
        network: linkOf({ project: location.project, scopeType: 'global' }, 'networks', String(plan.network.attributes['name'])),
        subnetwork: plan.subnetwork ? linkOf({ project: location.project, scopeType: 'regions', scopeName: regionOfZone(zone) }, 'subnetworks', String(plan.subnetwork.attributes['name'])) : undefined,
        networkIP: plan.networkIP,
        natIP: plan.natIP,
        bootDisk: diskName,
        autoDelete: boot['autoDelete'] === true,
      },
    });
  } catch (error) {
    // Compute reports an exhausted quota in the insert operation, not on the call.
    if (CloudFault.isInstance(error) && error.kind === 'quota') {
      return { operationError: { code: 'QUOTA_EXCEEDED', message: `Quota 'INSTANCES' exceeded. ${error.message}`, httpErrorStatusCode: 403, httpErrorMessage: 'FORBIDDEN' } };
    }
    throw error;
  }
  cloud.runtime.store.create({
    kind: 'disk',
    id: storeIdOf(location, diskName),
    tags: diskLabels,
    ownerId: instance.id,
    keepAfterOwner: boot['autoDelete'] !== true,
    attributes: { project: location.project, zone, name: diskName, id: cloud.newNumericId(), creationTimestamp: now, sizeGb: String(sizeGb), type: diskType, sourceImage, users: [linkOf(location, 'instances', name)] },
  });
  return { resource: instance, doneAt: cloud.runtime.clock.now() + cloud.instanceInsertMilliseconds };
}

function renderInstance(resource: StoredResource): Record<string, unknown> {
  const attributes = resource.attributes;
  const location: GceLocation = { project: String(attributes['project']), scopeType: 'zones', scopeName: String(attributes['zone']) };
  const name = String(attributes['name']);
  return {
    ...commonFields(resource, 'instance', linkOf(location, 'instances', name)),
    zone: scopeLinkOf(location),
    machineType: attributes['machineType'],
    status: statusOfState[resource.state] ?? 'TERMINATED',
    labels: { ...resource.tags },
    labelFingerprint: labelFingerprintOf(resource.tags),
    tags: { items: attributes['tags'] },
    metadata: { kind: 'compute#metadata', items: attributes['metadataItems'] },
    networkInterfaces: [
      {
        kind: 'compute#networkInterface',
        name: 'nic0',
        network: attributes['network'],
        ...(attributes['subnetwork'] !== undefined ? { subnetwork: attributes['subnetwork'] } : {}),
        networkIP: attributes['networkIP'],
        ...(attributes['natIP'] !== undefined
          ? { accessConfigs: [{ kind: 'compute#accessConfig', type: 'ONE_TO_ONE_NAT', name: 'External NAT', natIP: attributes['natIP'] }] }
          : {}),
      },
    ],
    disks: [
      {
        kind: 'compute#attachedDisk',
        type: 'PERSISTENT',
        mode: 'READ_WRITE',
        boot: true,
        autoDelete: attributes['autoDelete'],
        deviceName: attributes['bootDisk'],
        source: linkOf(location, 'disks', String(attributes['bootDisk'])),
      },
    ],
    scheduling: attributes['scheduling'],
    serviceAccounts: attributes['serviceAccounts'],
  };
}

export const instancesCollection: GceCollection = {
  collection: 'instances',
  kind: 'instance',
  scopeType: 'zones',
  insert: insertInstance,
  render: renderInstance,
  remove: (resource, cloud) => {
    cloud.runtime.lifecycle.terminate(resource.id);
    return {
      doneAt: cloud.runtime.clock.now() + cloud.runtime.lifecycle.terminationDelayMilliseconds,
      doneWhen: () => resource.state === 'terminated' || resource.state === 'deleted',
    };
  },
};

export const disksCollection: GceCollection = {
  collection: 'disks',
  kind: 'disk',
  scopeType: 'zones',
  insert: (body, name, { cloud, location }) => {
    const zone = location.scopeName!;
    const sizeGb = body['sizeGb'] === undefined ? 10 : Number(body['sizeGb']);
    if (!Number.isInteger(sizeGb) || sizeGb < 1) throw gceInvalidField('resource.sizeGb', body['sizeGb'], 'Must be a positive integer.');
    const resource = cloud.runtime.store.create({
      kind: 'disk',
      id: storeIdOf(location, name),
      tags: validateGceLabels(body['labels'], 'resource.labels'),
      attributes: { project: location.project, zone, name, id: cloud.newNumericId(), creationTimestamp: new Date(cloud.runtime.clock.now()).toISOString(), sizeGb: String(sizeGb), type: resolveDiskType(body['type'], zone, 'resource.type'), users: [] },
    });
    return { resource };
  },
  render: (resource) => {
    const attributes = resource.attributes;
    const location: GceLocation = { project: String(attributes['project']), scopeType: 'zones', scopeName: String(attributes['zone']) };
    const owner = resource.ownerId ? resource.ownerId.split('/').pop() : undefined;
    return {
      ...commonFields(resource, 'disk', linkOf(location, 'disks', String(attributes['name']))),
      zone: scopeLinkOf(location),
      sizeGb: attributes['sizeGb'],
      type: linkOf(location, 'diskTypes', String(attributes['type'])),
      status: 'READY',
      labels: { ...resource.tags },
      ...(attributes['sourceImage'] !== undefined ? { sourceImage: attributes['sourceImage'] } : {}),
      ...(owner !== undefined && resource.state !== 'deleted' ? { users: [linkOf(location, 'instances', owner)] } : {}),
    };
  },
  usedBy: (resource, cloud) => {
    if (resource.ownerId === undefined) return undefined;
    const owner = cloud.runtime.store.get('instance', resource.ownerId, { consistent: true });
    return owner ? `projects/${owner.attributes['project']}/zones/${owner.attributes['zone']}/instances/${owner.attributes['name']}` : undefined;
  },
};
