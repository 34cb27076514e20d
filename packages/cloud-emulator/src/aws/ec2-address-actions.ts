/**
 * Elastic IP addresses and NAT gateways: a NAT gateway holds its address until
 * it is deleted (ReleaseAddress before that fails with InvalidIPAddress.InUse),
 * and moves pending → available, deleting → deleted over time.
 */
import { awsError } from './aws-error.js';
import type { Ec2Action } from './ec2-action.js';
import { describeResources } from './ec2-describe.js';
import type { ElasticAddress, NatGateway } from './ec2-resources.js';
import type { Ec2State } from './ec2-state.js';
import { readTagSpecifications, renderTagSet } from './ec2-tag-set.js';
import type { XmlValue } from './xml-document.js';

function isAssociated(state: Ec2State, address: ElasticAddress): boolean {
  if (!address.associatedWith) return false;
  const gateway = state.natGateways.get(address.associatedWith);
  return gateway !== undefined && state.natGatewayState(gateway) !== 'deleted';
}

function renderAddress(state: Ec2State, address: ElasticAddress): Record<string, XmlValue> {
  const associated = isAssociated(state, address);
  return {
    publicIp: address.publicIp,
    allocationId: address.allocationId,
    domain: 'vpc',
    associationId: associated ? `eipassoc-${address.allocationId.slice(9)}` : undefined,
    networkInterfaceId: associated ? `eni-${address.allocationId.slice(9)}` : undefined,
    tagSet: renderTagSet(address.tags),
  };
}

function renderNatGateway(state: Ec2State, gateway: NatGateway): Record<string, XmlValue> {
  const stateName = state.natGatewayState(gateway);
  return {
    natGatewayId: gateway.natGatewayId,
    subnetId: gateway.subnetId,
    vpcId: gateway.vpcId,
    state: stateName,
    connectivityType: 'public',
    createTime: new Date(gateway.createdAt).toISOString(),
    deleteTime: gateway.deletedAt === undefined ? undefined : new Date(gateway.deletedAt).toISOString(),
    natGatewayAddressSet: [{ allocationId: gateway.allocationId, publicIp: gateway.publicIp, privateIp: gateway.privateIp, isPrimary: true, status: 'succeeded' }],
    tagSet: renderTagSet(gateway.tags),
  };
}

export const allocateAddress: Ec2Action = (state, parameters) => {
  const domain = parameters.string('Domain') ?? 'vpc';
  if (domain !== 'vpc') throw awsError('InvalidParameterValue', `Value (${domain}) for parameter domain is invalid. Only vpc is supported.`);
  const address: ElasticAddress = {
    allocationId: state.nextId('eipalloc'),
    publicIp: state.nextPublicIp(),
    associatedWith: undefined,
    tags: readTagSpecifications(parameters, 'elastic-ip'),
  };
  state.addresses.set(address.allocationId, address);
  return { publicIp: address.publicIp, domain: 'vpc', allocationId: address.allocationId };
};

export const describeAddresses: Ec2Action = (state, parameters) => {
  const { page } = describeResources({
    parameters,
    resources: state.addresses.values(),
    idParameter: 'AllocationId',
    idOf: (address) => address.allocationId,
    notFoundCode: 'InvalidAllocationID.NotFound',
    notFoundMessage: (id) => `The allocation ID '${id}' does not exist`,
    filterValues: (address, name) => {
      switch (name) {
        case 'allocation-id': return [address.allocationId];
        case 'public-ip': return [address.publicIp];
        case 'domain': return ['vpc'];
        default: return undefined;
      }
    },
    paginated: false,
  });
  return { addressesSet: page.map((address) => renderAddress(state, address)) };
};

export const releaseAddress: Ec2Action = (state, parameters) => {
  const allocationId = parameters.required('AllocationId');
  const address = state.addresses.get(allocationId);
  if (!address) throw awsError('InvalidAllocationID.NotFound', `The allocation ID '${allocationId}' does not exist`);
  if (isAssociated(state, address)) throw awsError('InvalidIPAddress.InUse', `Address ${address.publicIp} is in use.`);
  state.addresses.delete(allocationId);
  return { return: true };
};

export const createNatGateway: Ec2Action = (state, parameters) => {
  const clientToken = parameters.string('ClientToken');
  if (clientToken) {
    const previous = state.natGateways.values().find((gateway) => gateway.clientToken === clientToken);
    if (previous) return { clientToken, natGateway: renderNatGateway(state, previous) };
  }
  const subnetId = parameters.required('SubnetId');
  const subnet = state.subnets.get(subnetId);
  if (!subnet) throw awsError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
  const allocationId = parameters.required('AllocationId');
  const address = state.addresses.get(allocationId);
  if (!address) throw awsError('InvalidAllocationID.NotFound', `The allocation ID '${allocationId}' does not exist`);
  if (isAssociated(state, address)) throw awsError('Resource.AlreadyAssociated', `Elastic IP address [${allocationId}] is already associated`);
  const gateway: NatGateway = {
    natGatewayId: state.nextId('nat'),
    subnetId,
    vpcId: subnet.vpcId,
    allocationId,
    publicIp: address.publicIp,
    privateIp: state.nextPrivateIp(subnet),
    clientToken,
    createdAt: state.now(),
    deletedAt: undefined,
    tags: readTagSpecifications(parameters, 'natgateway'),
  };
  address.associatedWith = gateway.natGatewayId;
  state.natGateways.set(gateway.natGatewayId, gateway);
  state.scheduleNatGatewayTransition(gateway, 'pending', 'available');
  return { clientToken, natGateway: renderNatGateway(state, gateway) };
};

export const describeNatGateways: Ec2Action = (state, parameters) => {
  const { page, nextToken } = describeResources({
    parameters,
    resources: state.natGateways.values(),
    idParameter: 'NatGatewayId',
    idOf: (gateway) => gateway.natGatewayId,
    notFoundCode: 'NatGatewayNotFound',
    notFoundMessage: (id) => `NAT gateway ${id} was not found`,
    filterValues: (gateway, name) => {
      switch (name) {
        case 'nat-gateway-id': return [gateway.natGatewayId];
        case 'state': return [state.natGatewayState(gateway)];
        case 'subnet-id': return [gateway.subnetId];
        case 'vpc-id': return [gateway.vpcId];
        default: return undefined;
      }
    },
    paginated: true,
  });
  return { natGatewaySet: page.map((gateway) => renderNatGateway(state, gateway)), nextToken };
};

export const deleteNatGateway: Ec2Action = (state, parameters) => {
  const natGatewayId = parameters.required('NatGatewayId');
  const gateway = state.natGateways.get(natGatewayId);
  if (!gateway) throw awsError('NatGatewayNotFound', `NAT gateway ${natGatewayId} was not found`);
  if (gateway.deletedAt === undefined) {
    gateway.deletedAt = state.now();
    state.scheduleNatGatewayTransition(gateway, 'deleting', 'deleted');
  }
  return { natGatewayId };
};
