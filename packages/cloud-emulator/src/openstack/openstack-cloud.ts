/**
 * The state of one emulated OpenStack beyond what the framework's store holds:
 * the identity (domain, project, user, application credential, issued tokens),
 * the flavors, images and availability zones Nova offers, the external network
 * floating IPs come from, and the switches a test can flip (the next server
 * builds end in ERROR with a fault, the token lifetime). Services read and
 * change it; the HTTP service only routes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';

export interface OpenStackFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
}

export interface OpenStackImage {
  id: string;
  name: string;
}

export interface OpenStackCredentials {
  userName: string;
  userId: string;
  password: string;
  projectName: string;
  projectId: string;
  domainName: string;
  domainId: string;
  applicationCredential: { id: string; name: string; secret: string };
}

export interface OpenStackCloudOptions {
  /** The region every endpoint is in; default RegionOne. */
  region?: string;
  /** Token lifetime, emulated milliseconds; default one hour (Keystone's default). */
  tokenLifetimeMilliseconds?: number;
  /** Default m1.tiny … m1.xlarge. */
  flavors?: readonly OpenStackFlavor[];
  /** Default Ubuntu 24.04, Ubuntu 22.04 and CirrOS. */
  images?: readonly OpenStackImage[];
  /** Default `nova` (devstack's), `az-1`, `az-2`. */
  availabilityZones?: readonly string[];
  /** The user and project; random ids, fixed names and password by default. */
  credentials?: Partial<OpenStackCredentials>;
  /** Emulated milliseconds an Octavia load balancer (or a change to it) spends in PENDING_*; default 5 000. */
  loadBalancerProvisioningMilliseconds?: number;
  /** Ids of the networks a fresh cloud has (manifests that name a network by uuid); random by default. */
  seedIds?: { publicNetwork?: string; privateNetwork?: string };
}

export interface IssuedToken {
  id: string;
  expiresAt: number;
  issuedAt: number;
  methods: string[];
  scope: 'project' | 'domain' | 'unscoped';
  applicationCredentialId?: string;
}

const hexId = (): string => randomUUID().replace(/-/g, '');

export const defaultOpenStackFlavors: readonly OpenStackFlavor[] = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ram: 16384, disk: 160 },
];

export const defaultOpenStackImages: readonly OpenStackImage[] = [
  { id: 'c1f3a5a0-2f4e-4c58-9d2b-0e0b8b1d2a01', name: 'ubuntu-24.04' },
  { id: 'c1f3a5a0-2f4e-4c58-9d2b-0e0b8b1d2a02', name: 'ubuntu-22.04' },
  { id: 'c1f3a5a0-2f4e-4c58-9d2b-0e0b8b1d2a03', name: 'cirros-0.6.3-x86_64-disk' },
];

export interface BuildFailure {
  /** The fault Nova records on the server (`No valid host was found. …`). */
  message: string;
  code: number;
  remaining: number;
}

export class OpenStackCloud {
  readonly runtime: EmulatorRuntime;
  readonly region: string;
  readonly tokenLifetimeMilliseconds: number;
  readonly flavors: readonly OpenStackFlavor[];
  readonly images: readonly OpenStackImage[];
  readonly availabilityZones: readonly string[];
  readonly credentials: OpenStackCredentials;
  readonly loadBalancerProvisioningMilliseconds: number;
  readonly seedIds: { publicNetwork: string; privateNetwork: string };
  /** The provider network floating IPs are allocated from (`router:external`). */
  externalNetworkId = '';
  private readonly tokens = new Map<string, IssuedToken>();
  private buildFailures: BuildFailure[] = [];
  private nextAddress = 0;

  constructor(runtime: EmulatorRuntime, options: OpenStackCloudOptions = {}) {
    this.runtime = runtime;
    this.region = options.region ?? 'RegionOne';
    this.tokenLifetimeMilliseconds = options.tokenLifetimeMilliseconds ?? 3_600_000;
    this.flavors = options.flavors ?? defaultOpenStackFlavors;
    this.images = options.images ?? defaultOpenStackImages;
    this.availabilityZones = options.availabilityZones ?? ['nova', 'az-1', 'az-2'];
    this.loadBalancerProvisioningMilliseconds = options.loadBalancerProvisioningMilliseconds ?? 5_000;
    this.seedIds = { publicNetwork: options.seedIds?.publicNetwork ?? randomUUID(), privateNetwork: options.seedIds?.privateNetwork ?? randomUUID() };
    this.credentials = {
      userName: 'slipway',
      userId: hexId(),
      password: 'emulated-password',
      projectName: 'slipway',
      projectId: hexId(),
      domainName: 'Default',
      domainId: 'default',
      applicationCredential: { id: hexId(), name: 'slipway-emulated', secret: randomBytes(16).toString('hex') },
      ...options.credentials,
    };
    if (!(this.tokenLifetimeMilliseconds > 0)) throw new RangeError(`OpenStackCloud: options.tokenLifetimeMilliseconds must be positive, got ${this.tokenLifetimeMilliseconds}`);
  }

  issueToken(methods: string[], scope: IssuedToken['scope'], applicationCredentialId?: string): IssuedToken {
    const now = this.runtime.clock.now();
    const token: IssuedToken = {
      // Fernet tokens are opaque URL-safe strings of about 180 characters.
      id: `gAAAAA${randomBytes(120).toString('base64url')}`,
      issuedAt: now,
      expiresAt: now + this.tokenLifetimeMilliseconds,
      methods,
      scope,
      ...(applicationCredentialId !== undefined ? { applicationCredentialId } : {}),
    };
    this.tokens.set(token.id, token);
    return token;
  }

  /** The token of a request, when it is known and not expired. */
  validToken(id: string | undefined): IssuedToken | undefined {
    if (id === undefined) return undefined;
    const token = this.tokens.get(id);
    if (token === undefined) return undefined;
    if (token.expiresAt <= this.runtime.clock.now()) {
      this.tokens.delete(id);
      return undefined;
    }
    return token;
  }

  /** Revokes every token (as a password change or a Keystone key rotation does): the next service call answers 401. */
  revokeAllTokens(): void {
    this.tokens.clear();
  }

  /** Makes the next `count` server builds end in ERROR with this fault, as a scheduler with no valid host does. */
  failServerBuilds(failure: { message?: string; code?: number; count?: number } = {}): void {
    const count = failure.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`failServerBuilds: count must be an integer of 1 or more, got ${count}`);
    this.buildFailures.push({
      message: failure.message ?? 'No valid host was found. There are not enough hosts available.',
      code: failure.code ?? 500,
      remaining: count,
    });
  }

  takeBuildFailure(): BuildFailure | undefined {
    const failure = this.buildFailures[0];
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.buildFailures.shift();
    return failure;
  }

  flavor(reference: string): OpenStackFlavor | undefined {
    const id = reference.replace(/^.*\/flavors\//, '');
    return this.flavors.find((flavor) => flavor.id === id);
  }

  image(reference: string): OpenStackImage | undefined {
    const id = reference.replace(/^.*\/images\//, '');
    return this.images.find((image) => image.id === id);
  }

  /** A public-looking address for floating IPs and load balancer VIPs on the external network. */
  newExternalAddress(): string {
    this.nextAddress += 1;
    return `172.24.4.${(this.nextAddress % 240) + 10}`;
  }
}
