/**
 * Everything one emulated EC2 account and Region holds, kept in the framework's
 * resource store (so the side door sees it) and driven by its clock and
 * instance lifecycle: resources by id, the ClientToken ledger, key pairs,
 * capacity and vCPU limits. Seeded like a fresh account: a default VPC with a
 * default subnet per Availability Zone, a default security group, and public
 * Ubuntu images.
 */
import { createHash } from 'node:crypto';
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';
import { awsError } from './aws-error.js';
import type {
  ElasticAddress,
  Image,
  Instance,
  InstanceStateName,
  InternetGateway,
  NatGateway,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tags,
  Vpc,
} from './ec2-resources.js';
import { StoreBackedMap } from './store-backed-map.js';

/** vCPUs per instance type, for the vCPU limit; types not listed are rejected as EC2 rejects unknown types. */
export const instanceTypeVcpus: Readonly<Record<string, number>> = {
  't3.micro': 2, 't3.small': 2, 't3.medium': 2, 't3.large': 2, 't3.xlarge': 4,
  'm5.large': 2, 'm5.xlarge': 4, 'm5.2xlarge': 8, 'm6i.large': 2, 'm6i.xlarge': 4,
  'c5.large': 2, 'c5.xlarge': 4, 'r5.large': 2, 'm7g.large': 2,
};

export const emulatedAccountId = '123456789012';

type ResourceKind = 'instance' | 'vpc' | 'subnet' | 'internet-gateway' | 'elastic-ip' | 'natgateway' | 'route-table' | 'security-group' | 'image';

/** The framework lifecycle's states under EC2's names. */
const ec2StateNames: Readonly<Record<string, InstanceStateName>> = {
  pending: 'pending',
  running: 'running',
  terminating: 'shutting-down',
  terminated: 'terminated',
  stopping: 'stopping',
  stopped: 'stopped',
};

export class Ec2State {
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly runtime: EmulatorRuntime;
  /** NAT gateways: pending → available, deleting → deleted. */
  readonly natGatewayTransitionMilliseconds: number;

  readonly instances: StoreBackedMap<Instance>;
  readonly vpcs: StoreBackedMap<Vpc>;
  readonly subnets: StoreBackedMap<Subnet>;
  readonly internetGateways: StoreBackedMap<InternetGateway>;
  readonly addresses: StoreBackedMap<ElasticAddress>;
  readonly natGateways: StoreBackedMap<NatGateway>;
  readonly routeTables: StoreBackedMap<RouteTable>;
  readonly securityGroups: StoreBackedMap<SecurityGroup>;
  readonly images: StoreBackedMap<Image>;
  readonly keyPairs = new Set<string>();
  /** RunInstances ClientToken → the request it answered. */
  readonly runInstancesTokens = new Map<string, { fingerprint: string; reservationId: string; instanceIds: string[] }>();
  /** Instances still launchable per type (InsufficientInstanceCapacity beyond); absent = unlimited. */
  readonly capacity = new Map<string, number>();
  /** Running vCPU limit for on-demand instances (VcpuLimitExceeded beyond); undefined = unlimited. */
  vcpuLimit: number | undefined;

  private counter = 0;
  private publicAddressCounter = 0;

  constructor(options: { region: string; runtime: EmulatorRuntime; natGatewayTransitionMilliseconds?: number }) {
    this.region = options.region;
    this.runtime = options.runtime;
    this.natGatewayTransitionMilliseconds = options.natGatewayTransitionMilliseconds ?? 30_000;
    this.availabilityZones = ['a', 'b', 'c'].map((letter) => `${options.region}${letter}`);
    const store = options.runtime.store;
    this.instances = new StoreBackedMap(store, 'instance', { includeGone: true });
    this.vpcs = new StoreBackedMap(store, 'vpc');
    this.subnets = new StoreBackedMap(store, 'subnet');
    this.internetGateways = new StoreBackedMap(store, 'internet-gateway');
    this.addresses = new StoreBackedMap(store, 'elastic-ip');
    this.natGateways = new StoreBackedMap(store, 'natgateway', { includeGone: true });
    this.routeTables = new StoreBackedMap(store, 'route-table');
    this.securityGroups = new StoreBackedMap(store, 'security-group');
    this.images = new StoreBackedMap(store, 'image');
    this.seed();
  }

  now(): number {
    return this.runtime.clock.now();
  }

  /** Ids shaped like EC2's (prefix + 17 hex digits), deterministic per emulator. */
  nextId(prefix: string): string {
    this.counter += 1;
    const hex = createHash('sha256').update(`${this.region}:${this.counter}`).digest('hex').slice(0, 9);
    return `${prefix}-0${hex}${this.counter.toString(16).padStart(7, '0')}`;
  }

  nextPublicIp(): string {
    // 198.18.0.0/15 (benchmarking range): room for 131,070 addresses.
    this.publicAddressCounter += 1;
    const offset = this.publicAddressCounter;
    return `198.${18 + Math.floor(offset / 65536)}.${Math.floor(offset / 256) % 256}.${offset % 256}`;
  }

  nextPrivateIp(subnet: Subnet): string {
    const [base, prefix] = parseCidr(subnet.cidrBlock);
    const size = 2 ** (32 - prefix);
    // AWS reserves the first four addresses and the last one of every subnet.
    if (subnet.nextHost >= size - 1) {
      throw awsError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.subnetId}' to satisfy the requested number of instances.`);
    }
    const address = base + subnet.nextHost;
    subnet.nextHost += 1;
    return formatIpv4(address);
  }

  /** Launches through the framework's lifecycle (pending → running on the clock, boot hook, quotas). */
  launchInstance(record: Instance): Instance {
    const userData = record.userData === undefined ? undefined : decodeUserData(record.userData);
    const stored = this.runtime.lifecycle.launch({
      id: record.instanceId,
      tags: record.tags,
      ...(record.clientToken !== undefined ? { idempotencyKey: record.clientToken } : {}),
      ...(userData !== undefined ? { userData } : {}),
    });
    return this.instances.adopt(stored, record);
  }

  terminateInstance(instance: Instance): void {
    if (instance.terminatedAt === undefined) instance.terminatedAt = this.now();
    this.runtime.lifecycle.terminate(instance.instanceId);
  }

  instanceState(instance: Instance): InstanceStateName {
    const stored = this.instances.resource(instance.instanceId);
    return stored === undefined ? 'terminated' : (ec2StateNames[stored.state] ?? 'pending');
  }

  /** False while a fresh instance is still inside the eventual-consistency window, or once it is forgotten. */
  isInstanceVisible(instance: Instance): boolean {
    return this.runtime.store.get('instance', instance.instanceId, { includeGone: true }) !== undefined;
  }

  natGatewayState(gateway: NatGateway): 'pending' | 'available' | 'deleting' | 'deleted' {
    const state = this.natGateways.resource(gateway.natGatewayId)?.state;
    return state === 'available' || state === 'deleting' || state === 'deleted' ? state : 'pending';
  }

  /** Moves a NAT gateway to `to` after the transition delay, unless something else moved it first. */
  scheduleNatGatewayTransition(gateway: NatGateway, from: string, to: string): void {
    const stored = this.natGateways.resource(gateway.natGatewayId);
    if (!stored) return;
    stored.state = from;
    this.runtime.clock.schedule(this.natGatewayTransitionMilliseconds, () => {
      if (stored.state === from) stored.state = to;
    });
  }

  /** Instances that still hold resources (not terminated). */
  liveInstances(): Instance[] {
    return this.instances.values().filter((instance) => this.instanceState(instance) !== 'terminated');
  }

  /** The tags of any taggable resource, by id; the error names the id's kind as EC2 does. */
  tagsOf(resourceId: string): Tags {
    const found = this.findTaggable(resourceId);
    if (found) return found.tags;
    const kind = kindOfId(resourceId);
    throw awsError(notFoundCode(kind), `The ${kind ?? 'resource'} ID '${resourceId}' does not exist`);
  }

  private findTaggable(resourceId: string): { tags: Tags } | undefined {
    const instance = this.instances.get(resourceId);
    if (instance) return this.isInstanceVisible(instance) ? instance : undefined;
    return (
      this.vpcs.get(resourceId) ??
      this.subnets.get(resourceId) ??
      this.internetGateways.get(resourceId) ??
      this.addresses.get(resourceId) ??
      this.natGateways.get(resourceId) ??
      this.routeTables.get(resourceId) ??
      this.securityGroups.get(resourceId) ??
      this.images.get(resourceId)
    );
  }

  private seed(): void {
    const vpc: Vpc = { vpcId: this.nextId('vpc'), cidrBlock: '172.31.0.0/16', isDefault: true, enableDnsHostnames: true, enableDnsSupport: true, tags: {} };
    this.vpcs.set(vpc.vpcId, vpc);
    this.createMainRouteTable(vpc.vpcId);
    this.createDefaultSecurityGroup(vpc.vpcId);
    this.availabilityZones.forEach((zone, index) => {
      const subnet: Subnet = {
        subnetId: this.nextId('subnet'),
        vpcId: vpc.vpcId,
        cidrBlock: `172.31.${index * 16}.0/20`,
        availabilityZone: zone,
        mapPublicIpOnLaunch: true,
        defaultForAz: true,
        nextHost: 4,
        tags: {},
      };
      this.subnets.set(subnet.subnetId, subnet);
    });
    const releases = [
      ['jammy-22.04', '20240207', '2024-02-07T10:00:00.000Z'],
      ['jammy-22.04', '20240501', '2024-05-01T10:00:00.000Z'],
      ['noble-24.04', '20240423', '2024-04-23T10:00:00.000Z'],
    ] as const;
    for (const [release, serial, creationDate] of releases) {
      this.addImage({ name: `ubuntu/images/hvm-ssd/ubuntu-${release}-amd64-server-${serial}`, ownerId: '099720109477', creationDate });
    }
  }

  addImage(image: { name: string; ownerId: string; creationDate: string; architecture?: string }): Image {
    const record: Image = {
      imageId: this.nextId('ami'),
      name: image.name,
      ownerId: image.ownerId,
      creationDate: image.creationDate,
      architecture: image.architecture ?? 'x86_64',
      rootDeviceName: '/dev/sda1',
      state: 'available',
      tags: {},
    };
    return this.images.set(record.imageId, record);
  }

  createMainRouteTable(vpcId: string): RouteTable {
    const vpc = this.vpcs.get(vpcId);
    const table: RouteTable = {
      routeTableId: this.nextId('rtb'),
      vpcId,
      routes: [{ destinationCidrBlock: vpc?.cidrBlock ?? '0.0.0.0/0', gatewayId: 'local', natGatewayId: undefined, origin: 'CreateRouteTable' }],
      associations: [{ associationId: this.nextId('rtbassoc'), subnetId: undefined, main: true }],
      tags: {},
    };
    return this.routeTables.set(table.routeTableId, table);
  }

  createDefaultSecurityGroup(vpcId: string): SecurityGroup {
    const group: SecurityGroup = {
      groupId: this.nextId('sg'),
      groupName: 'default',
      description: 'default VPC security group',
      vpcId,
      ingress: [],
      tags: {},
    };
    group.ingress.push({ ipProtocol: '-1', fromPort: undefined, toPort: undefined, cidrBlocks: [], sourceGroupIds: [group.groupId] });
    return this.securityGroups.set(group.groupId, group);
  }
}

/** What the machine gets: the bytes after base64; gzip, when used, is undone by the machine (cloud-init, the simulator). */
function decodeUserData(base64: string): Uint8Array {
  return Buffer.from(base64, 'base64');
}

export function parseCidr(cidr: string): [base: number, prefix: number] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw awsError('InvalidParameterValue', `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) {
    throw awsError('InvalidParameterValue', `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  }
  const base = octets.reduce((total, octet) => total * 256 + octet, 0);
  return [base - (base % 2 ** (32 - prefix)), prefix];
}

export function cidrContains(outer: string, inner: string): boolean {
  const [outerBase, outerPrefix] = parseCidr(outer);
  const [innerBase, innerPrefix] = parseCidr(inner);
  return innerPrefix >= outerPrefix && innerBase >= outerBase && innerBase < outerBase + 2 ** (32 - outerPrefix);
}

export function cidrsOverlap(left: string, right: string): boolean {
  const [leftBase, leftPrefix] = parseCidr(left);
  const [rightBase, rightPrefix] = parseCidr(right);
  return leftBase < rightBase + 2 ** (32 - rightPrefix) && rightBase < leftBase + 2 ** (32 - leftPrefix);
}

function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

const idKinds: Record<string, ResourceKind> = {
  i: 'instance', vpc: 'vpc', subnet: 'subnet', igw: 'internet-gateway', eipalloc: 'elastic-ip',
  nat: 'natgateway', rtb: 'route-table', sg: 'security-group', ami: 'image',
};

function kindOfId(resourceId: string): ResourceKind | undefined {
  return idKinds[resourceId.slice(0, resourceId.indexOf('-'))];
}

/** The NotFound code EC2 uses for each kind of id. */
export function notFoundCode(kind: ResourceKind | undefined): string {
  switch (kind) {
    case 'instance': return 'InvalidInstanceID.NotFound';
    case 'vpc': return 'InvalidVpcID.NotFound';
    case 'subnet': return 'InvalidSubnetID.NotFound';
    case 'internet-gateway': return 'InvalidInternetGatewayID.NotFound';
    case 'elastic-ip': return 'InvalidAllocationID.NotFound';
    case 'natgateway': return 'NatGatewayNotFound';
    case 'route-table': return 'InvalidRouteTableID.NotFound';
    case 'security-group': return 'InvalidGroup.NotFound';
    case 'image': return 'InvalidAMIID.NotFound';
    default: return 'InvalidID';
  }
}
