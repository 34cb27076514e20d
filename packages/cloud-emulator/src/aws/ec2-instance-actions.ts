/**
 * RunInstances, DescribeInstances and TerminateInstances with the behaviour
 * providers trip over in production: ClientToken idempotency (same token and
 * parameters → the same reservation, different parameters →
 * IdempotentParameterMismatch), a window after launch in which the new id is
 * unknown, MaxResults/NextToken pagination, filters, capacity and vCPU limits,
 * and terminated instances that stay visible for a while.
 */
import { createHash } from 'node:crypto';
import { awsError } from './aws-error.js';
import type { Ec2Action } from './ec2-action.js';
import { checkFilterNames, matchesFilters, readFilters, type FilterValueReader } from './ec2-filters.js';
import { instanceStateCodes, type BlockDevice, type Instance, type SecurityGroup, type Subnet } from './ec2-resources.js';
import { emulatedAccountId, instanceTypeVcpus, type Ec2State } from './ec2-state.js';
import { readTagSpecifications, renderTagSet } from './ec2-tag-set.js';
import { paginate } from './paginate.js';
import type { QueryParameters } from './query-parameters.js';
import type { XmlValue } from './xml-document.js';

const maximumUserDataBytes = 16_384;

export const runInstances: Ec2Action = (state, parameters) => {
  const clientToken = parameters.string('ClientToken');
  if (clientToken !== undefined && clientToken.length > 64) {
    throw awsError('InvalidParameterValue', 'Value for parameter ClientToken is invalid: it must be at most 64 ASCII characters.');
  }
  const fingerprint = requestFingerprint(parameters);
  if (clientToken) {
    const previous = state.runInstancesTokens.get(clientToken);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw awsError('IdempotentParameterMismatch', `The client token '${clientToken}' has already been used with different request parameters.`);
      }
      const instances = previous.instanceIds.map((id) => state.instances.get(id)).filter((instance) => instance !== undefined);
      return renderReservation(state, previous.reservationId, instances);
    }
  }

  const minCount = parameters.integer('MinCount');
  const maxCount = parameters.integer('MaxCount');
  if (minCount === undefined) throw awsError('MissingParameter', 'The request must contain the parameter MinCount');
  if (maxCount === undefined) throw awsError('MissingParameter', 'The request must contain the parameter MaxCount');
  if (minCount < 1 || maxCount < minCount) {
    throw awsError('InvalidParameterValue', `MinCount (${minCount}) must be at least 1 and at most MaxCount (${maxCount}).`);
  }

  const imageId = parameters.string('ImageId');
  if (!imageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  if (!/^ami-[0-9a-f]{8,17}$/.test(imageId)) throw awsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
  const image = state.images.get(imageId);
  if (!image) throw awsError('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);

  const instanceType = parameters.string('InstanceType') ?? 'm1.small';
  const vcpus = instanceTypeVcpus[instanceType];
  if (vcpus === undefined) throw awsError('InvalidParameterValue', `Invalid value '${instanceType}' for InstanceType.`);

  const network = readNetworkPlacement(state, parameters);
  const keyName = parameters.string('KeyName');
  if (keyName !== undefined && !state.keyPairs.has(keyName)) {
    throw awsError('InvalidKeyPair.NotFound', `The key pair '${keyName}' does not exist`);
  }
  const userData = readUserData(parameters);
  const metadataOptions = readMetadataOptions(parameters);
  const marketType = parameters.string('InstanceMarketOptions.MarketType');
  if (marketType !== undefined && marketType !== 'spot' && marketType !== 'capacity-block') {
    throw awsError('InvalidParameterValue', `Invalid value '${marketType}' for InstanceMarketOptions.MarketType.`);
  }
  const tags = readTagSpecifications(parameters, 'instance', ['instance', 'volume', 'network-interface', 'spot-instances-request']);
  const blockDeviceRequests = parameters.structures('BlockDeviceMapping');
  const iamInstanceProfile = parameters.string('IamInstanceProfile.Name') ?? parameters.string('IamInstanceProfile.Arn');

  const available = state.capacity.get(instanceType);
  if (available !== undefined && available < minCount) {
    throw awsError(
      'InsufficientInstanceCapacity',
      `We currently do not have sufficient ${instanceType} capacity in the Availability Zone you requested (${network.subnet.availabilityZone}).`,
      { httpStatus: 500 },
    );
  }
  const count = available === undefined ? maxCount : Math.min(maxCount, available);
  if (marketType !== 'spot' && state.vcpuLimit !== undefined) {
    const used = state.liveInstances().filter((instance) => instance.instanceLifecycle !== 'spot').reduce((total, instance) => total + (instanceTypeVcpus[instance.instanceType] ?? 0), 0);
    if (used + vcpus * minCount > state.vcpuLimit) {
      throw awsError(
        'VcpuLimitExceeded',
        `You have requested more vCPU capacity than your current vCPU limit of ${state.vcpuLimit} allows for the instance bucket that the specified instance type belongs to.`,
      );
    }
  }
  if (available !== undefined) state.capacity.set(instanceType, available - count);

  const reservationId = state.nextId('r');
  const launchedAt = state.now();
  const instances: Instance[] = [];
  for (let index = 0; index < count; index += 1) {
    const instance: Instance = {
      instanceId: state.nextId('i'),
      reservationId,
      imageId,
      instanceType,
      subnetId: network.subnet.subnetId,
      vpcId: network.subnet.vpcId,
      availabilityZone: network.subnet.availabilityZone,
      privateIpAddress: state.nextPrivateIp(network.subnet),
      publicIpAddress: network.associatePublicIp ? state.nextPublicIp() : undefined,
      securityGroupIds: network.securityGroups.map((group) => group.groupId),
      keyName,
      iamInstanceProfile,
      clientToken,
      userData,
      metadataOptions,
      blockDevices: readBlockDevices(state, blockDeviceRequests, image.rootDeviceName),
      instanceLifecycle: marketType === 'spot' ? 'spot' : undefined,
      spotMaxPrice: parameters.string('InstanceMarketOptions.SpotOptions.MaxPrice'),
      launchedAt,
      terminatedAt: undefined,
      tags: { ...tags },
    };
    instances.push(state.launchInstance(instance));
  }
  if (clientToken) state.runInstancesTokens.set(clientToken, { fingerprint, reservationId, instanceIds: instances.map((instance) => instance.instanceId) });
  return renderReservation(state, reservationId, instances);
};

export const describeInstances: Ec2Action = (state, parameters) => {
  const instanceIds = parameters.list('InstanceId');
  const maxResults = parameters.integer('MaxResults');
  if (instanceIds.length > 0 && maxResults !== undefined) {
    throw awsError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  const filters = readFilters(parameters);
  const sample = state.instances.values()[0];
  if (sample) checkFilterNames(filters, instanceFilterValues(state), sample);

  let candidates: Instance[];
  if (instanceIds.length > 0) {
    const missing: string[] = [];
    candidates = [];
    for (const instanceId of instanceIds) {
      if (!/^i-[0-9a-f]{8,17}$/.test(instanceId)) throw awsError('InvalidInstanceID.Malformed', `Invalid id: "${instanceId}"`);
      const instance = state.instances.get(instanceId);
      if (!instance || !state.isInstanceVisible(instance)) missing.push(instanceId);
      else candidates.push(instance);
    }
    if (missing.length > 0) {
      throw awsError('InvalidInstanceID.NotFound', `The instance ID${missing.length > 1 ? 's' : ''} '${missing.join(', ')}' ${missing.length > 1 ? 'do' : 'does'} not exist`);
    }
  } else {
    candidates = state.instances.values().filter((instance) => state.isInstanceVisible(instance));
  }
  const matching = candidates.filter((instance) => matchesFilters(instance, filters, instanceFilterValues(state)));
  const { page, nextToken } = paginate(matching, {
    maxResults,
    nextToken: parameters.string('NextToken'),
    queryFingerprint: JSON.stringify({ instanceIds, filters }),
    minimum: 5,
    maximum: 1000,
  });
  const reservations = new Map<string, Instance[]>();
  for (const instance of page) {
    const list = reservations.get(instance.reservationId) ?? [];
    list.push(instance);
    reservations.set(instance.reservationId, list);
  }
  return {
    reservationSet: [...reservations.entries()].map(([reservationId, instances]) => ({
      reservationId,
      ownerId: emulatedAccountId,
      groupSet: [],
      instancesSet: instances.map((instance) => renderInstance(state, instance)),
    })),
    nextToken,
  };
};

export const terminateInstances: Ec2Action = (state, parameters) => {
  const instanceIds = parameters.list('InstanceId');
  if (instanceIds.length === 0) throw awsError('MissingParameter', 'The request must contain the parameter InstanceId');
  const instances = instanceIds.map((instanceId) => {
    if (!/^i-[0-9a-f]{8,17}$/.test(instanceId)) throw awsError('InvalidInstanceID.Malformed', `Invalid id: "${instanceId}"`);
    const instance = state.instances.get(instanceId);
    if (!instance || !state.isInstanceVisible(instance)) {
      throw awsError('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
    }
    return instance;
  });
  return {
    instancesSet: instances.map((instance) => {
      const previous = state.instanceState(instance);
      state.terminateInstance(instance);
      const current = state.instanceState(instance);
      return {
        instanceId: instance.instanceId,
        currentState: { code: instanceStateCodes[current], name: current },
        previousState: { code: instanceStateCodes[previous], name: previous },
      };
    }),
  };
};

/** The attributes a provider or a test reads back: the user data as sent (base64) and the instance type. */
export const describeInstanceAttribute: Ec2Action = (state, parameters) => {
  const instanceId = parameters.required('InstanceId');
  const attribute = parameters.required('Attribute');
  const instance = state.instances.get(instanceId);
  if (!instance || !state.isInstanceVisible(instance)) throw awsError('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
  switch (attribute) {
    case 'userData':
      return { instanceId, userData: instance.userData === undefined ? {} : { value: instance.userData } };
    case 'instanceType':
      return { instanceId, instanceType: { value: instance.instanceType } };
    default:
      throw awsError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. This emulator answers userData and instanceType.`);
  }
};

/** Every parameter but the token itself: a retry must send the same request. */
function requestFingerprint(parameters: QueryParameters): string {
  const entries = parameters
    .names()
    .filter((name) => name !== 'ClientToken' && name !== 'Action' && name !== 'Version')
    .sort()
    .map((name) => `${name}=${parameters.string(name)}`);
  return createHash('sha256').update(entries.join('&')).digest('hex');
}

interface NetworkPlacement {
  subnet: Subnet;
  securityGroups: SecurityGroup[];
  associatePublicIp: boolean;
}

function readNetworkPlacement(state: Ec2State, parameters: QueryParameters): NetworkPlacement {
  const interfaces = parameters.structures('NetworkInterface');
  let subnetId = parameters.string('SubnetId');
  let groupIds = parameters.list('SecurityGroupId');
  let associatePublicIp: boolean | undefined;
  if (interfaces.length > 0) {
    if (subnetId !== undefined) {
      throw awsError('InvalidParameterCombination', 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
    }
    if (groupIds.length > 0) {
      throw awsError('InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request');
    }
    const [primary] = interfaces;
    if (interfaces.length > 1 || primary?.integer('DeviceIndex') !== 0) {
      throw awsError('InvalidParameterValue', 'Exactly one network interface with DeviceIndex 0 is supported by this emulator');
    }
    subnetId = primary.string('SubnetId');
    groupIds = primary.list('SecurityGroupId');
    associatePublicIp = primary.boolean('AssociatePublicIpAddress');
  }
  const zone = parameters.string('Placement.AvailabilityZone');
  if (zone !== undefined && !state.availabilityZones.includes(zone)) {
    throw awsError('InvalidParameterValue', `Invalid availability zone: [${zone}]`);
  }
  let subnet: Subnet | undefined;
  if (subnetId !== undefined) {
    subnet = state.subnets.get(subnetId);
    if (!subnet) throw awsError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
    if (zone !== undefined && zone !== subnet.availabilityZone) {
      throw awsError('InvalidParameterValue', `Value (${zone}) for parameter availabilityZone is invalid. Subnet '${subnetId}' is in availability zone ${subnet.availabilityZone}.`);
    }
  } else {
    const wantedZone = zone ?? state.availabilityZones[0];
    subnet = [...state.subnets.values()].find((candidate) => candidate.defaultForAz && candidate.availabilityZone === wantedZone);
    if (!subnet) throw awsError('VPCIdNotSpecified', 'No default VPC for this user. Specify a subnet.');
  }
  const securityGroups = groupIds.map((groupId) => {
    const group = state.securityGroups.get(groupId);
    if (!group) throw awsError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
    if (group.vpcId !== subnet.vpcId) {
      throw awsError('InvalidParameter', `Security group ${groupId} and subnet ${subnet.subnetId} belong to different networks.`);
    }
    return group;
  });
  if (securityGroups.length === 0) {
    const defaultGroup = [...state.securityGroups.values()].find((group) => group.vpcId === subnet.vpcId && group.groupName === 'default');
    if (defaultGroup) securityGroups.push(defaultGroup);
  }
  return { subnet, securityGroups, associatePublicIp: associatePublicIp ?? subnet.mapPublicIpOnLaunch };
}

function readUserData(parameters: QueryParameters): string | undefined {
  const userData = parameters.string('UserData');
  if (userData === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(userData) || userData.length % 4 !== 0) {
    throw awsError('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
  }
  const size = Buffer.from(userData, 'base64').length;
  if (size > maximumUserDataBytes) {
    throw awsError('InvalidParameterValue', `User data is limited to ${maximumUserDataBytes} bytes (got ${size}).`);
  }
  return userData;
}

function readMetadataOptions(parameters: QueryParameters): Instance['metadataOptions'] {
  const httpTokens = parameters.string('MetadataOptions.HttpTokens') ?? 'optional';
  if (httpTokens !== 'optional' && httpTokens !== 'required') {
    throw awsError('InvalidParameterValue', `Invalid value '${httpTokens}' for MetadataOptions.HttpTokens.`);
  }
  const hopLimit = parameters.integer('MetadataOptions.HttpPutResponseHopLimit') ?? 1;
  if (hopLimit < 1 || hopLimit > 64) {
    throw awsError('InvalidParameterValue', `The HttpPutResponseHopLimit must be between 1 and 64 (got ${hopLimit}).`);
  }
  const httpEndpoint = parameters.string('MetadataOptions.HttpEndpoint') ?? 'enabled';
  return { httpTokens, httpPutResponseHopLimit: hopLimit, httpEndpoint };
}

function readBlockDevices(state: Ec2State, requests: QueryParameters[], rootDeviceName: string): BlockDevice[] {
  const devices = requests.map((request) => {
    const volumeType = request.string('Ebs.VolumeType') ?? 'gp2';
    if (!['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'].includes(volumeType)) {
      throw awsError('InvalidParameterValue', `Value (${volumeType}) for parameter volumeType is invalid.`);
    }
    const volumeSize = request.integer('Ebs.VolumeSize') ?? 8;
    if (volumeSize < 1 || volumeSize > 16_384) {
      throw awsError('InvalidParameterValue', `Volume of ${volumeSize}GiB is out of the allowed range of 1 to 16384 GiB.`);
    }
    return {
      deviceName: request.required('DeviceName'),
      volumeId: state.nextId('vol'),
      volumeSize,
      volumeType,
      encrypted: request.boolean('Ebs.Encrypted') ?? false,
      deleteOnTermination: request.boolean('Ebs.DeleteOnTermination') ?? true,
    };
  });
  if (!devices.some((device) => device.deviceName === rootDeviceName)) {
    devices.unshift({ deviceName: rootDeviceName, volumeId: state.nextId('vol'), volumeSize: 8, volumeType: 'gp2', encrypted: false, deleteOnTermination: true });
  }
  return devices;
}

function renderReservation(state: Ec2State, reservationId: string, instances: Instance[]): Record<string, XmlValue> {
  return {
    reservationId,
    ownerId: emulatedAccountId,
    groupSet: [],
    instancesSet: instances.map((instance) => renderInstance(state, instance)),
  };
}

export function renderInstance(state: Ec2State, instance: Instance): Record<string, XmlValue> {
  const stateName = state.instanceState(instance);
  const groups = instance.securityGroupIds.map((groupId) => ({ groupId, groupName: state.securityGroups.get(groupId)?.groupName ?? groupId }));
  const launchTime = new Date(instance.launchedAt).toISOString();
  const publicIp = stateName === 'running' || stateName === 'pending' ? instance.publicIpAddress : undefined;
  return {
    instanceId: instance.instanceId,
    imageId: instance.imageId,
    instanceState: { code: instanceStateCodes[stateName], name: stateName },
    privateDnsName: `ip-${instance.privateIpAddress.replaceAll('.', '-')}.${state.region}.compute.internal`,
    dnsName: publicIp ? `ec2-${publicIp.replaceAll('.', '-')}.${state.region}.compute.amazonaws.com` : '',
    reason: instance.terminatedAt === undefined ? '' : `User initiated (${new Date(instance.terminatedAt).toISOString()})`,
    keyName: instance.keyName,
    amiLaunchIndex: 0,
    instanceType: instance.instanceType,
    launchTime,
    placement: { availabilityZone: instance.availabilityZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: stateName === 'terminated' ? undefined : instance.subnetId,
    vpcId: stateName === 'terminated' ? undefined : instance.vpcId,
    privateIpAddress: stateName === 'terminated' ? undefined : instance.privateIpAddress,
    ipAddress: publicIp,
    sourceDestCheck: true,
    groupSet: groups,
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: instance.blockDevices[0]?.deviceName,
    blockDeviceMapping:
      stateName === 'terminated'
        ? []
        : instance.blockDevices.map((device) => ({
            deviceName: device.deviceName,
            ebs: { volumeId: device.volumeId, status: 'attached', attachTime: launchTime, deleteOnTermination: device.deleteOnTermination },
          })),
    instanceLifecycle: instance.instanceLifecycle,
    iamInstanceProfile: instance.iamInstanceProfile
      ? {
          arn: instance.iamInstanceProfile.startsWith('arn:') ? instance.iamInstanceProfile : `arn:aws:iam::${emulatedAccountId}:instance-profile/${instance.iamInstanceProfile}`,
          id: 'AIPA' + instance.instanceId.slice(2, 19).toUpperCase(),
        }
      : undefined,
    clientToken: instance.clientToken,
    tagSet: renderTagSet(instance.tags),
    hypervisor: 'xen',
    virtualizationType: 'hvm',
    metadataOptions: {
      state: 'applied',
      httpTokens: instance.metadataOptions.httpTokens,
      httpPutResponseHopLimit: instance.metadataOptions.httpPutResponseHopLimit,
      httpEndpoint: instance.metadataOptions.httpEndpoint,
    },
  };
}

function instanceFilterValues(state: Ec2State): FilterValueReader<Instance> {
  return (instance, name) => {
    switch (name) {
      case 'instance-id': return [instance.instanceId];
      case 'instance-state-name': return [state.instanceState(instance)];
      case 'instance-state-code': return [String(instanceStateCodes[state.instanceState(instance)])];
      case 'vpc-id': return [instance.vpcId];
      case 'subnet-id': return [instance.subnetId];
      case 'image-id': return [instance.imageId];
      case 'instance-type': return [instance.instanceType];
      case 'availability-zone': return [instance.availabilityZone];
      case 'client-token': return [instance.clientToken];
      case 'private-ip-address': return [instance.privateIpAddress];
      case 'ip-address': return [instance.publicIpAddress];
      case 'reservation-id': return [instance.reservationId];
      case 'key-name': return [instance.keyName];
      case 'instance-lifecycle': return [instance.instanceLifecycle];
      case 'instance.group-id': return instance.securityGroupIds;
      default: return undefined;
    }
  };
}
