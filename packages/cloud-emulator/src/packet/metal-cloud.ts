/**
 * The state of one emulated Metal API beyond what the framework's store holds:
 * the API token it accepts, its projects, the metros, facilities, plans and
 * operating systems it offers, the public addresses it hands out, and the
 * Metal-specific failures a test can ask for (a device that ends `failed`).
 * Devices are the framework's `instance` kind; IP reservations and assignments
 * are `ip-reservation` and `ip-assignment`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';

export interface MetalMetro {
  id: string;
  code: string;
  name: string;
  country: string;
}

export interface MetalFacility {
  id: string;
  code: string;
  name: string;
  metro: string;
}

export interface MetalCloudOptions {
  /** The `X-Auth-Token` the API accepts; default `slipway-emulated-token`. */
  token?: string;
  /** Project ids (UUIDs) the token may use; default one new project. */
  projectIds?: readonly string[];
  /** Metro codes offered; default a handful of the real ones. */
  metros?: readonly string[];
  /** Facility codes, each with its metro (`ewr1: 'ny'`), for 2018 manifests that name a facility. */
  facilities?: Readonly<Record<string, string>>;
  /** Plan slugs offered in every metro. */
  plans?: readonly string[];
  /** Operating system slugs offered. */
  operatingSystems?: readonly string[];
}

export interface DeviceFailure {
  /** What the device's provisioning event says when it fails. */
  reason: string;
  remaining: number;
}

export const defaultMetalMetros: Readonly<Record<string, string>> = {
  da: 'Dallas',
  ny: 'New York',
  sv: 'Silicon Valley',
  am: 'Amsterdam',
  fr: 'Frankfurt',
  sg: 'Singapore',
};

export const defaultMetalFacilities: Readonly<Record<string, string>> = {
  ewr1: 'ny',
  ny5: 'ny',
  sjc1: 'sv',
  dfw2: 'da',
  ams1: 'am',
  fra2: 'fr',
  sin3: 'sg',
};

export const defaultMetalPlans: readonly string[] = [
  'c3.small.x86',
  'c3.medium.x86',
  'm3.small.x86',
  'm3.large.x86',
  'n3.xlarge.x86',
  // 2018 plan names, still accepted so that 2018 manifests map as they are.
  't1.small.x86',
  'c1.small.x86',
  'baremetal_0',
  'baremetal_1',
];

export const defaultMetalOperatingSystems: readonly string[] = ['ubuntu_24_04', 'ubuntu_22_04', 'debian_12', 'rocky_9', 'flatcar_stable', 'ubuntu_18_04', 'ubuntu_16_04', 'centos_7'];

export class MetalCloud {
  readonly runtime: EmulatorRuntime;
  readonly token: string;
  readonly projectIds: ReadonlySet<string>;
  readonly metros: ReadonlyMap<string, MetalMetro>;
  readonly facilities: ReadonlyMap<string, MetalFacility>;
  readonly plans: ReadonlySet<string>;
  readonly operatingSystems: ReadonlySet<string>;
  private deviceFailures: DeviceFailure[] = [];
  private nextAddress = 0;
  private nextBlock = 0;
  private sequence = 0;

  constructor(runtime: EmulatorRuntime, options: MetalCloudOptions = {}) {
    this.runtime = runtime;
    this.token = options.token ?? 'slipway-emulated-token';
    this.projectIds = new Set(options.projectIds ?? [randomUUID()]);
    if (this.projectIds.size === 0) throw new RangeError('MetalCloud: options.projectIds must name at least one project');
    const metroCodes = options.metros ?? Object.keys(defaultMetalMetros);
    this.metros = new Map(metroCodes.map((code) => [code, { id: randomUUID(), code, name: defaultMetalMetros[code] ?? code.toUpperCase(), country: 'US' }]));
    const facilities = options.facilities ?? defaultMetalFacilities;
    this.facilities = new Map(
      Object.entries(facilities)
        .filter(([, metro]) => this.metros.has(metro))
        .map(([code, metro]) => [code, { id: randomUUID(), code, name: code.toUpperCase(), metro }]),
    );
    this.plans = new Set(options.plans ?? defaultMetalPlans);
    this.operatingSystems = new Set(options.operatingSystems ?? defaultMetalOperatingSystems);
  }

  /** The next `count` devices created go through provisioning and end `failed`, saying `reason`. */
  failDevices(settings: { reason?: string; count?: number } = {}): void {
    const count = settings.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`failDevices: count must be an integer of 1 or more, got ${count}`);
    this.deviceFailures.push({ reason: settings.reason ?? 'Provisioning failed: the server did not pass its hardware checks', remaining: count });
  }

  /** The failure the next device takes, consumed; undefined when it provisions normally. */
  takeDeviceFailure(): string | undefined {
    const failure = this.deviceFailures[0];
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.deviceFailures.shift();
    return failure.reason;
  }

  /** A stable UUID for a catalogue entry (a plan, an operating system), the API's ids being UUIDs. */
  catalogueId(kind: string, slug: string): string {
    const hex = createHash('sha1').update(`${kind}:${slug}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** Creation order, for listings sorted as the API sorts them (oldest first) even when two share a millisecond. */
  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** A device's own public address, from a documentation range (not routable from here anyway). */
  newDeviceAddress(): string {
    this.nextAddress += 1;
    return `198.51.${(this.nextAddress >> 8) & 255}.${this.nextAddress & 255}`;
  }

  /** A block of reserved public addresses: the network address of a /32 (quantity 1) or a larger block. */
  newReservedBlock(quantity: number): { network: string; cidr: number } {
    const size = 2 ** Math.ceil(Math.log2(quantity));
    const start = this.nextBlock;
    this.nextBlock += size;
    return { network: `203.0.${(start >> 8) & 255}.${start & 255}`, cidr: 32 - Math.log2(size) };
  }
}
