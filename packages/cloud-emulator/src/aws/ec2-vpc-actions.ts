/**
 * VPCs, subnets, internet gateways and route tables, with the dependency
 * checks that make deletion order matter (DependencyViolation while something
 * still uses the resource), as in EC2.
 */
import { awsError } from './aws-error.js';
import type { Ec2Action } from './ec2-action.js';
import { describeResources } from './ec2-describe.js';
import type { InternetGateway, RouteTable, Subnet, Vpc } from './ec2-resources.js';
import { cidrContains, cidrsOverlap, emulatedAccountId, parseCidr, type Ec2State } from './ec2-state.js';
import { readTagSpecifications, renderTagSet } from './ec2-tag-set.js';
import type { XmlValue } from './xml-document.js';

function requireVpc(state: Ec2State, vpcId: string): Vpc {
  const vpc = state.vpcs.get(vpcId);
  if (!vpc) throw awsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  return vpc;
}

function requireSubnet(state: Ec2State, subnetId: string): Subnet {
  const subnet = state.subnets.get(subnetId);
  if (!subnet) throw awsError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
  return subnet;
}

function requireInternetGateway(state: Ec2State, gatewayId: string): InternetGateway {
  const gateway = state.internetGateways.get(gatewayId);
  if (!gateway) throw awsError('InvalidInternetGatewayID.NotFound', `The internetGateway ID '${gatewayId}' does not exist`);
  return gateway;
}

function requireRouteTable(state: Ec2State, routeTableId: string): RouteTable {
  const table = state.routeTables.get(routeTableId);
  if (!table) throw awsError('InvalidRouteTableID.NotFound', `The routeTable ID '${routeTableId}' does not exist`);
  return table;
}

function renderVpc(vpc: Vpc): Record<string, XmlValue> {
  return {
    vpcId: vpc.vpcId,
    ownerId: emulatedAccountId,
    state: 'available',
    cidrBlock: vpc.cidrBlock,
    dhcpOptionsId: 'default',
    instanceTenancy: 'default',
    isDefault: vpc.isDefault,
    tagSet: renderTagSet(vpc.tags),
  };
}

function renderSubnet(state: Ec2State, subnet: Subnet): Record<string, XmlValue> {
  const [, prefix] = parseCidr(subnet.cidrBlock);
  return {
    subnetId: subnet.subnetId,
    ownerId: emulatedAccountId,
    state: 'available',
    vpcId: subnet.vpcId,
    cidrBlock: subnet.cidrBlock,
    availableIpAddressCount: Math.max(0, 2 ** (32 - prefix) - subnet.nextHost - 1),
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: `${state.region.replaceAll('-', '').slice(0, 4)}-az${state.availabilityZones.indexOf(subnet.availabilityZone) + 1}`,
    defaultForAz: subnet.defaultForAz,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    tagSet: renderTagSet(subnet.tags),
  };
}

function renderInternetGateway(gateway: InternetGateway): Record<string, XmlValue> {
  return {
    internetGatewayId: gateway.internetGatewayId,
    ownerId: emulatedAccountId,
    attachmentSet: gateway.attachedVpcIds.map((vpcId) => ({ vpcId, state: 'available' })),
    tagSet: renderTagSet(gateway.tags),
  };
}

function renderRouteTable(state: Ec2State, table: RouteTable): Record<string, XmlValue> {
  return {
    routeTableId: table.routeTableId,
    vpcId: table.vpcId,
    ownerId: emulatedAccountId,
    routeSet: table.routes.map((route) => ({
      destinationCidrBlock: route.destinationCidrBlock,
      gatewayId: route.gatewayId,
      natGatewayId: route.natGatewayId,
      state: route.natGatewayId && state.natGateways.get(route.natGatewayId)?.deletedAt !== undefined ? 'blackhole' : 'active',
      origin: route.origin,
    })),
    associationSet: table.associations.map((association) => ({
      routeTableAssociationId: association.associationId,
      routeTableId: table.routeTableId,
      subnetId: association.subnetId,
      main: association.main,
      associationState: { state: 'associated' },
    })),
    tagSet: renderTagSet(table.tags),
  };
}

export const createVpc: Ec2Action = (state, parameters) => {
  const cidrBlock = parameters.required('CidrBlock');
  const [, prefix] = parseCidr(cidrBlock);
  if (prefix < 16 || prefix > 28) {
    throw awsError('InvalidVpc.Range', `The CIDR '${cidrBlock}' is invalid: a VPC block must be between /16 and /28.`);
  }
  const vpc: Vpc = {
    vpcId: state.nextId('vpc'),
    cidrBlock,
    isDefault: false,
    enableDnsHostnames: false,
    enableDnsSupport: true,
    tags: readTagSpecifications(parameters, 'vpc'),
  };
  state.vpcs.set(vpc.vpcId, vpc);
  state.createMainRouteTable(vpc.vpcId);
  state.createDefaultSecurityGroup(vpc.vpcId);
  return { vpc: renderVpc(vpc) };
};

export const describeVpcs: Ec2Action = (state, parameters) => {
  const { page, nextToken } = describeResources({
    parameters,
    resources: state.vpcs.values(),
    idParameter: 'VpcId',
    idOf: (vpc) => vpc.vpcId,
    notFoundCode: 'InvalidVpcID.NotFound',
    notFoundMessage: (id) => `The vpc ID '${id}' does not exist`,
    filterValues: (vpc, name) => {
      switch (name) {
        case 'vpc-id': return [vpc.vpcId];
        case 'cidr': case 'cidr-block-association.cidr-block': return [vpc.cidrBlock];
        case 'is-default': case 'isDefault': return [String(vpc.isDefault)];
        case 'state': return ['available'];
        default: return undefined;
      }
    },
    paginated: true,
  });
  return { vpcSet: page.map(renderVpc), nextToken };
};

export const describeVpcAttribute: Ec2Action = (state, parameters) => {
  const vpc = requireVpc(state, parameters.required('VpcId'));
  const attribute = parameters.required('Attribute');
  switch (attribute) {
    case 'enableDnsHostnames':
      return { vpcId: vpc.vpcId, enableDnsHostnames: { value: vpc.enableDnsHostnames } };
    case 'enableDnsSupport':
      return { vpcId: vpc.vpcId, enableDnsSupport: { value: vpc.enableDnsSupport } };
    default:
      throw awsError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. This emulator answers enableDnsHostnames and enableDnsSupport.`);
  }
};

export const modifyVpcAttribute: Ec2Action = (state, parameters) => {
  const vpc = requireVpc(state, parameters.required('VpcId'));
  const hostnames = parameters.boolean('EnableDnsHostnames.Value');
  const support = parameters.boolean('EnableDnsSupport.Value');
  if ((hostnames === undefined) === (support === undefined)) {
    throw awsError('InvalidParameterCombination', 'Exactly one of EnableDnsHostnames and EnableDnsSupport must be given per request.');
  }
  if (hostnames !== undefined) vpc.enableDnsHostnames = hostnames;
  if (support !== undefined) vpc.enableDnsSupport = support;
  return { return: true };
};

export const deleteVpc: Ec2Action = (state, parameters) => {
  const vpc = requireVpc(state, parameters.required('VpcId'));
  const blockers = [
    ...[...state.subnets.values()].filter((subnet) => subnet.vpcId === vpc.vpcId).map((subnet) => subnet.subnetId),
    ...[...state.internetGateways.values()].filter((gateway) => gateway.attachedVpcIds.includes(vpc.vpcId)).map((gateway) => gateway.internetGatewayId),
    ...[...state.routeTables.values()].filter((table) => table.vpcId === vpc.vpcId && !table.associations.some((association) => association.main)).map((table) => table.routeTableId),
    ...[...state.securityGroups.values()].filter((group) => group.vpcId === vpc.vpcId && group.groupName !== 'default').map((group) => group.groupId),
  ];
  if (blockers.length > 0) {
    throw awsError('DependencyViolation', `The vpc '${vpc.vpcId}' has dependencies and cannot be deleted (${blockers.join(', ')}).`);
  }
  for (const [id, table] of state.routeTables) if (table.vpcId === vpc.vpcId) state.routeTables.delete(id);
  for (const [id, group] of state.securityGroups) if (group.vpcId === vpc.vpcId) state.securityGroups.delete(id);
  state.vpcs.delete(vpc.vpcId);
  return { return: true };
};

export const createSubnet: Ec2Action = (state, parameters) => {
  const vpc = requireVpc(state, parameters.required('VpcId'));
  const cidrBlock = parameters.required('CidrBlock');
  const [, prefix] = parseCidr(cidrBlock);
  if (!cidrContains(vpc.cidrBlock, cidrBlock) || prefix > 28) {
    throw awsError('InvalidSubnet.Range', `The CIDR '${cidrBlock}' is invalid for VPC ${vpc.vpcId} (${vpc.cidrBlock}).`);
  }
  const conflict = [...state.subnets.values()].find((subnet) => subnet.vpcId === vpc.vpcId && cidrsOverlap(subnet.cidrBlock, cidrBlock));
  if (conflict) throw awsError('InvalidSubnet.Conflict', `The CIDR '${cidrBlock}' conflicts with another subnet (${conflict.subnetId}).`);
  const zone = parameters.string('AvailabilityZone') ?? state.availabilityZones[0] ?? '';
  if (!state.availabilityZones.includes(zone)) throw awsError('InvalidParameterValue', `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${state.availabilityZones.join(', ')}.`);
  const subnet: Subnet = {
    subnetId: state.nextId('subnet'),
    vpcId: vpc.vpcId,
    cidrBlock,
    availabilityZone: zone,
    mapPublicIpOnLaunch: false,
    defaultForAz: false,
    nextHost: 4,
    tags: readTagSpecifications(parameters, 'subnet'),
  };
  state.subnets.set(subnet.subnetId, subnet);
  return { subnet: renderSubnet(state, subnet) };
};

export const describeSubnets: Ec2Action = (state, parameters) => {
  const { page, nextToken } = describeResources({
    parameters,
    resources: state.subnets.values(),
    idParameter: 'SubnetId',
    idOf: (subnet) => subnet.subnetId,
    notFoundCode: 'InvalidSubnetID.NotFound',
    notFoundMessage: (id) => `The subnet ID '${id}' does not exist`,
    filterValues: (subnet, name) => {
      switch (name) {
        case 'subnet-id': return [subnet.subnetId];
        case 'vpc-id': return [subnet.vpcId];
        case 'availability-zone': case 'availabilityZone': return [subnet.availabilityZone];
        case 'cidr-block': case 'cidrBlock': case 'cidr': return [subnet.cidrBlock];
        case 'default-for-az': case 'defaultForAz': return [String(subnet.defaultForAz)];
        case 'map-public-ip-on-launch': return [String(subnet.mapPublicIpOnLaunch)];
        case 'state': return ['available'];
        default: return undefined;
      }
    },
    paginated: true,
  });
  return { subnetSet: page.map((subnet) => renderSubnet(state, subnet)), nextToken };
};

export const modifySubnetAttribute: Ec2Action = (state, parameters) => {
  const subnet = requireSubnet(state, parameters.required('SubnetId'));
  const mapPublicIp = parameters.boolean('MapPublicIpOnLaunch.Value');
  if (mapPublicIp !== undefined) subnet.mapPublicIpOnLaunch = mapPublicIp;
  return { return: true };
};

export const deleteSubnet: Ec2Action = (state, parameters) => {
  const subnet = requireSubnet(state, parameters.required('SubnetId'));
  const instances = state.liveInstances().filter((instance) => instance.subnetId === subnet.subnetId);
  const gateways = [...state.natGateways.values()].filter((gateway) => gateway.subnetId === subnet.subnetId && state.natGatewayState(gateway) !== 'deleted');
  if (instances.length > 0 || gateways.length > 0) {
    const blockers = [...instances.map((instance) => instance.instanceId), ...gateways.map((gateway) => gateway.natGatewayId)];
    throw awsError('DependencyViolation', `The subnet '${subnet.subnetId}' has dependencies and cannot be deleted (${blockers.join(', ')}).`);
  }
  for (const table of state.routeTables.values()) {
    table.associations = table.associations.filter((association) => association.subnetId !== subnet.subnetId);
  }
  state.subnets.delete(subnet.subnetId);
  return { return: true };
};

export const createInternetGateway: Ec2Action = (state, parameters) => {
  const gateway: InternetGateway = {
    internetGatewayId: state.nextId('igw'),
    attachedVpcIds: [],
    tags: readTagSpecifications(parameters, 'internet-gateway'),
  };
  state.internetGateways.set(gateway.internetGatewayId, gateway);
  return { internetGateway: renderInternetGateway(gateway) };
};

export const describeInternetGateways: Ec2Action = (state, parameters) => {
  const { page, nextToken } = describeResources({
    parameters,
    resources: state.internetGateways.values(),
    idParameter: 'InternetGatewayId',
    idOf: (gateway) => gateway.internetGatewayId,
    notFoundCode: 'InvalidInternetGatewayID.NotFound',
    notFoundMessage: (id) => `The internetGateway ID '${id}' does not exist`,
    filterValues: (gateway, name) => {
      switch (name) {
        case 'internet-gateway-id': return [gateway.internetGatewayId];
        case 'attachment.vpc-id': return gateway.attachedVpcIds;
        case 'attachment.state': return gateway.attachedVpcIds.length ? ['available'] : [];
        default: return undefined;
      }
    },
    paginated: true,
  });
  return { internetGatewaySet: page.map(renderInternetGateway), nextToken };
};

export const attachInternetGateway: Ec2Action = (state, parameters) => {
  const gateway = requireInternetGateway(state, parameters.required('InternetGatewayId'));
  const vpc = requireVpc(state, parameters.required('VpcId'));
  if (gateway.attachedVpcIds.length > 0) {
    throw awsError('Resource.AlreadyAssociated', `resource ${gateway.internetGatewayId} is already attached to network ${gateway.attachedVpcIds[0]}`);
  }
  const other = [...state.internetGateways.values()].find((candidate) => candidate.attachedVpcIds.includes(vpc.vpcId));
  if (other) throw awsError('InvalidParameterValue', `Network ${vpc.vpcId} already has an internet gateway attached (${other.internetGatewayId})`);
  gateway.attachedVpcIds.push(vpc.vpcId);
  return { return: true };
};

export const detachInternetGateway: Ec2Action = (state, parameters) => {
  const gateway = requireInternetGateway(state, parameters.required('InternetGatewayId'));
  const vpcId = parameters.required('VpcId');
  if (!gateway.attachedVpcIds.includes(vpcId)) {
    throw awsError('Gateway.NotAttached', `resource ${gateway.internetGatewayId} is not attached to network ${vpcId}`);
  }
  const mappedInstances = state.liveInstances().some((instance) => instance.vpcId === vpcId && instance.publicIpAddress !== undefined);
  const mappedGateways = [...state.natGateways.values()].some((nat) => nat.vpcId === vpcId && state.natGatewayState(nat) !== 'deleted');
  if (mappedInstances || mappedGateways) {
    throw awsError('DependencyViolation', `Network ${vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
  }
  gateway.attachedVpcIds = gateway.attachedVpcIds.filter((id) => id !== vpcId);
  return { return: true };
};

export const deleteInternetGateway: Ec2Action = (state, parameters) => {
  const gateway = requireInternetGateway(state, parameters.required('InternetGatewayId'));
  if (gateway.attachedVpcIds.length > 0) {
    throw awsError('DependencyViolation', `The internetGateway '${gateway.internetGatewayId}' has dependencies and cannot be deleted.`);
  }
  state.internetGateways.delete(gateway.internetGatewayId);
  return { return: true };
};

export const createRouteTable: Ec2Action = (state, parameters) => {
  const vpc = requireVpc(state, parameters.required('VpcId'));
  const table: RouteTable = {
    routeTableId: state.nextId('rtb'),
    vpcId: vpc.vpcId,
    routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', natGatewayId: undefined, origin: 'CreateRouteTable' }],
    associations: [],
    tags: readTagSpecifications(parameters, 'route-table'),
  };
  state.routeTables.set(table.routeTableId, table);
  return { routeTable: renderRouteTable(state, table) };
};

export const describeRouteTables: Ec2Action = (state, parameters) => {
  const { page, nextToken } = describeResources({
    parameters,
    resources: state.routeTables.values(),
    idParameter: 'RouteTableId',
    idOf: (table) => table.routeTableId,
    notFoundCode: 'InvalidRouteTableID.NotFound',
    notFoundMessage: (id) => `The routeTable ID '${id}' does not exist`,
    filterValues: (table, name) => {
      switch (name) {
        case 'route-table-id': return [table.routeTableId];
        case 'vpc-id': return [table.vpcId];
        case 'association.main': return [String(table.associations.some((association) => association.main))];
        case 'association.subnet-id': return table.associations.map((association) => association.subnetId);
        default: return undefined;
      }
    },
    paginated: true,
  });
  return { routeTableSet: page.map((table) => renderRouteTable(state, table)), nextToken };
};

export const createRoute: Ec2Action = (state, parameters) => {
  const table = requireRouteTable(state, parameters.required('RouteTableId'));
  const destinationCidrBlock = parameters.required('DestinationCidrBlock');
  parseCidr(destinationCidrBlock);
  const gatewayId = parameters.string('GatewayId');
  const natGatewayId = parameters.string('NatGatewayId');
  if ((gatewayId === undefined) === (natGatewayId === undefined)) {
    throw awsError('InvalidParameterCombination', 'Exactly one route target (GatewayId or NatGatewayId) must be given.');
  }
  if (gatewayId !== undefined) {
    const gateway = requireInternetGateway(state, gatewayId);
    if (!gateway.attachedVpcIds.includes(table.vpcId)) {
      throw awsError('InvalidParameterValue', `route table ${table.routeTableId} and network gateway ${gatewayId} belong to different networks`);
    }
  }
  if (natGatewayId !== undefined && !state.natGateways.has(natGatewayId)) {
    throw awsError('InvalidNatGatewayID.NotFound', `The natGateway ID '${natGatewayId}' does not exist`);
  }
  if (table.routes.some((route) => route.destinationCidrBlock === destinationCidrBlock)) {
    throw awsError('RouteAlreadyExists', `The route identified by ${destinationCidrBlock} already exists.`);
  }
  table.routes.push({ destinationCidrBlock, gatewayId, natGatewayId, origin: 'CreateRoute' });
  return { return: true };
};

export const associateRouteTable: Ec2Action = (state, parameters) => {
  const table = requireRouteTable(state, parameters.required('RouteTableId'));
  const subnet = requireSubnet(state, parameters.required('SubnetId'));
  if (subnet.vpcId !== table.vpcId) {
    throw awsError('InvalidParameterValue', `Route table ${table.routeTableId} and subnet ${subnet.subnetId} belong to different networks`);
  }
  const existing = [...state.routeTables.values()].find((candidate) => candidate.associations.some((association) => association.subnetId === subnet.subnetId));
  if (existing) throw awsError('Resource.AlreadyAssociated', `the specified association for route table ${existing.routeTableId} conflicts with an existing association`);
  const associationId = state.nextId('rtbassoc');
  table.associations.push({ associationId, subnetId: subnet.subnetId, main: false });
  return { associationId, associationState: { state: 'associated' } };
};

export const disassociateRouteTable: Ec2Action = (state, parameters) => {
  const associationId = parameters.required('AssociationId');
  const table = [...state.routeTables.values()].find((candidate) => candidate.associations.some((association) => association.associationId === associationId));
  if (!table) throw awsError('InvalidAssociationID.NotFound', `The association ID '${associationId}' does not exist`);
  table.associations = table.associations.filter((association) => association.associationId !== associationId);
  return { return: true };
};

export const deleteRouteTable: Ec2Action = (state, parameters) => {
  const table = requireRouteTable(state, parameters.required('RouteTableId'));
  if (table.associations.length > 0) {
    throw awsError('DependencyViolation', `The routeTable '${table.routeTableId}' has dependencies and cannot be deleted.`);
  }
  state.routeTables.delete(table.routeTableId);
  return { return: true };
};
