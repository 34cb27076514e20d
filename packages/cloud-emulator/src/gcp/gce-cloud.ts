/**
 * The state of one emulated Compute Engine beyond what the framework's store
 * holds: the projects it serves, the machine types and images it knows, the
 * operations, address allocation, and the Compute-specific failures a test can
 * ask for (a zone out of capacity). Collections read and change it; the HTTP
 * service only routes.
 */
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';
import type { StoredResource } from '../store/stored-resource.js';
import { GceOperations } from './gce-operations.js';
import { parseResourceReference, storeIdOf, type GceLocation, type GceResourcePath } from './gce-resource-path.js';

export interface GceCloudOptions {
  /** Projects the API answers for; others are 404. Default `['slipway-emulated']`. Each starts with an auto-mode `default` network. */
  projects?: readonly string[];
  /** Zones the API knows (`zones.list`); requests naming another zone, or a region with none of these zones, are 404. Default: three or four zones in each of six regions. */
  zones?: readonly string[];
  /** Machine types every zone offers. Default: common E2, N2 and N1 shapes. */
  machineTypes?: readonly string[];
  /** Public images as `project/family-or-name`. Default: Debian 12, Ubuntu 24.04 and Container-Optimized OS families. */
  images?: readonly string[];
  /** Emulated milliseconds an operation other than an instance insert or delete takes; default 2 000. */
  operationMilliseconds?: number;
  /** Emulated milliseconds an instance insert operation takes; default the runtime's boot delay (DONE when RUNNING). */
  instanceInsertMilliseconds?: number;
}

export interface InsertFailure {
  /** The operation error code, e.g. `ZONE_RESOURCE_POOL_EXHAUSTED`, `QUOTA_EXCEEDED`. */
  code: string;
  message: string;
  httpErrorStatusCode: number;
  httpErrorMessage: string;
  /** Only inserts into this zone; every zone when absent. */
  zone?: string;
  remaining: number;
}

export const defaultGceZones: readonly string[] = [
  'us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f',
  'us-east1-b', 'us-east1-c', 'us-east1-d',
  'us-west1-a', 'us-west1-b', 'us-west1-c',
  'europe-west1-b', 'europe-west1-c', 'europe-west1-d',
  'europe-west4-a', 'europe-west4-b', 'europe-west4-c',
  'asia-east1-a', 'asia-east1-b', 'asia-east1-c',
];

export const defaultGceMachineTypes: readonly string[] = [
  'e2-micro', 'e2-small', 'e2-medium', 'e2-standard-2', 'e2-standard-4', 'e2-standard-8', 'e2-standard-16',
  'n2-standard-2', 'n2-standard-4', 'n2-standard-8', 'n1-standard-1', 'n1-standard-2', 'n1-standard-4',
];

export const defaultGceImages: readonly string[] = [
  'debian-cloud/debian-12',
  'ubuntu-os-cloud/ubuntu-2404-lts-amd64',
  'ubuntu-os-cloud/ubuntu-2204-lts',
  'cos-cloud/cos-stable',
];

export class GceCloud {
  readonly runtime: EmulatorRuntime;
  readonly operations: GceOperations;
  readonly projects: ReadonlySet<string>;
  readonly zones: readonly string[];
  readonly regions: ReadonlySet<string>;
  readonly machineTypes: ReadonlySet<string>;
  readonly images: ReadonlySet<string>;
  readonly operationMilliseconds: number;
  readonly instanceInsertMilliseconds: number;
  private insertFailures: InsertFailure[] = [];
  private nextAddress = 0;
  private nextId = 1_000_000_000_000n;

  constructor(runtime: EmulatorRuntime, options: GceCloudOptions = {}) {
    this.runtime = runtime;
    this.operations = new GceOperations(runtime.clock);
    this.projects = new Set(options.projects ?? ['slipway-emulated']);
    this.zones = [...(options.zones ?? defaultGceZones)];
    this.regions = new Set(this.zones.map((zone) => zone.replace(/-[a-z]$/, '')));
    this.machineTypes = new Set(options.machineTypes ?? defaultGceMachineTypes);
    this.images = new Set(options.images ?? defaultGceImages);
    this.operationMilliseconds = options.operationMilliseconds ?? 2_000;
    this.instanceInsertMilliseconds = options.instanceInsertMilliseconds ?? runtime.lifecycle.bootDelayMilliseconds;
    if (this.projects.size === 0) throw new RangeError('GceCloud: options.projects must name at least one project');
    for (const [field, value] of Object.entries({ operationMilliseconds: this.operationMilliseconds, instanceInsertMilliseconds: this.instanceInsertMilliseconds })) {
      if (!(value >= 0)) throw new RangeError(`GceCloud: options.${field} must be 0 or more, got ${value}`);
    }
    for (const project of this.projects) {
      runtime.store.create({
        kind: 'network',
        id: storeIdOf({ project, scopeType: 'global' }, 'default'),
        attributes: { project, name: 'default', id: this.newNumericId(), autoCreateSubnetworks: true, description: 'Default network for the project', creationTimestamp: new Date(runtime.clock.now()).toISOString() },
      });
    }
  }

  /** Makes the next `count` instance inserts (in `zone`, or anywhere) end in an operation error, as a stockout or quota does. */
  failInstanceInserts(failure: Omit<InsertFailure, 'remaining' | 'httpErrorStatusCode' | 'httpErrorMessage' | 'message'> & { count?: number; message?: string; httpErrorStatusCode?: number }): void {
    const count = failure.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`failInstanceInserts: count must be an integer of 1 or more, got ${count}`);
    const status = failure.httpErrorStatusCode ?? (failure.code === 'QUOTA_EXCEEDED' ? 403 : 503);
    this.insertFailures.push({
      code: failure.code,
      message: failure.message ?? (failure.code === 'ZONE_RESOURCE_POOL_EXHAUSTED'
        ? `The zone '${failure.zone ?? 'requested'}' does not have enough resources available to fulfill the request. Try a different zone, or try again later.`
        : `${failure.code} for the requested instance.`),
      httpErrorStatusCode: status,
      httpErrorMessage: status === 403 ? 'FORBIDDEN' : status === 400 ? 'BAD REQUEST' : 'SERVICE UNAVAILABLE',
      ...(failure.zone !== undefined ? { zone: failure.zone } : {}),
      remaining: count,
    });
  }

  /** The insert failure that applies to an insert into `zone`, consumed. */
  takeInsertFailure(zone: string): InsertFailure | undefined {
    const failure = this.insertFailures.find((candidate) => candidate.zone === undefined || candidate.zone === zone);
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.insertFailures = this.insertFailures.filter((candidate) => candidate !== failure);
    return failure;
  }

  clearInsertFailures(): void {
    this.insertFailures = [];
  }

  newNumericId(): string {
    this.nextId += 7919n;
    return this.nextId.toString();
  }

  /** An external address from a documentation-free public-looking range (not routable from here anyway). */
  newExternalAddress(): string {
    this.nextAddress += 1;
    return `34.${(this.nextAddress >> 16) & 255}.${(this.nextAddress >> 8) & 255}.${this.nextAddress & 255}`;
  }

  /** A resource by reference, read consistently (the API validates references against the truth). */
  resolve(kind: string, reference: GceResourcePath): StoredResource | undefined {
    return this.runtime.store.get(kind, storeIdOf(reference, reference.name), { consistent: true });
  }

  reference(text: unknown, collection: string, defaults: GceLocation): GceResourcePath | undefined {
    return typeof text === 'string' ? parseResourceReference(text, collection, defaults) : undefined;
  }

  /** Live resources of a kind in one project, read consistently. */
  allOf(kind: string, project: string): StoredResource[] {
    return this.runtime.store.list({ kind, consistent: true }).filter((resource) => resource.attributes['project'] === project);
  }
}
