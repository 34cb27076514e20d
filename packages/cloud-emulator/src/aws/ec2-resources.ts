/**
 * The resources the EC2 emulator holds, as plain records kept as the
 * `attributes` of the framework store's resources. States that change with
 * time (an instance's pending → running, a NAT gateway's pending → available)
 * live on the stored resource and move on the emulator clock.
 */
/** Tag key → value; the very object the framework's store keeps for the resource. */
export type Tags = Record<string, string>;

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/** EC2's numeric state codes. */
export const instanceStateCodes: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface BlockDevice {
  deviceName: string;
  volumeId: string;
  volumeSize: number;
  volumeType: string;
  encrypted: boolean;
  deleteOnTermination: boolean;
}

export interface Instance {
  instanceId: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  publicIpAddress: string | undefined;
  securityGroupIds: string[];
  keyName: string | undefined;
  iamInstanceProfile: string | undefined;
  clientToken: string | undefined;
  /** Base64 as received. */
  userData: string | undefined;
  metadataOptions: { httpTokens: string; httpPutResponseHopLimit: number; httpEndpoint: string };
  blockDevices: BlockDevice[];
  instanceLifecycle: 'spot' | undefined;
  spotMaxPrice: string | undefined;
  launchedAt: number;
  terminatedAt: number | undefined;
  tags: Tags;
}

export interface Vpc {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  enableDnsHostnames: boolean;
  enableDnsSupport: boolean;
  tags: Tags;
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  mapPublicIpOnLaunch: boolean;
  defaultForAz: boolean;
  /** The next host offset handed out inside the block. */
  nextHost: number;
  tags: Tags;
}

export interface InternetGateway {
  internetGatewayId: string;
  attachedVpcIds: string[];
  tags: Tags;
}

export interface ElasticAddress {
  allocationId: string;
  publicIp: string;
  associatedWith: string | undefined;
  tags: Tags;
}

export interface NatGateway {
  natGatewayId: string;
  subnetId: string;
  vpcId: string;
  allocationId: string;
  publicIp: string;
  privateIp: string;
  clientToken: string | undefined;
  createdAt: number;
  deletedAt: number | undefined;
  tags: Tags;
}

export interface Route {
  destinationCidrBlock: string;
  gatewayId: string | undefined;
  natGatewayId: string | undefined;
  origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface RouteTableAssociation {
  associationId: string;
  subnetId: string | undefined;
  main: boolean;
}

export interface RouteTable {
  routeTableId: string;
  vpcId: string;
  routes: Route[];
  associations: RouteTableAssociation[];
  tags: Tags;
}

export interface IpPermission {
  ipProtocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
  cidrBlocks: string[];
  sourceGroupIds: string[];
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ingress: IpPermission[];
  tags: Tags;
}

export interface Image {
  imageId: string;
  name: string;
  ownerId: string;
  creationDate: string;
  architecture: string;
  rootDeviceName: string;
  state: 'available';
  tags: Tags;
}
