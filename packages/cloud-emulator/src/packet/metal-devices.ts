/**
 * Devices: creation in a metro (or a facility, for 2018 clients) with plan,
 * operating system, hostname, user data, tags, billing cycle, spot and hardware
 * reservation options; the answer in the API's Device shape; update of tags,
 * hostname and description; deletion. A device is the framework's `instance`,
 * so the lifecycle provisions it (queued → provisioning → active on the emulator
 * clock) and the machine simulator boots its user data once it is active.
 */
import { randomUUID } from 'node:crypto';
import { CloudFault } from '../faults/cloud-fault.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { MetalCloud } from './metal-cloud.js';
import { metalError, metalNotFound, metalUnprocessable } from './metal-error.js';
import { tagRecordOf } from './metal-tags.js';

export const metalApiBasePath = '/metal/v1';

const billingCycles = new Set(['hourly', 'daily', 'monthly', 'yearly']);
const hostnamePattern = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stringField(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw metalUnprocessable(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || value === '') throw metalUnprocessable(field, 'must be a non-empty string');
  return value;
}

function tagsField(body: Record<string, unknown>): string[] | undefined {
  const tags = body['tags'];
  if (tags === undefined) return undefined;
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string' || tag === '' || tag.length > 255)) {
    throw metalUnprocessable('tags', 'must be a list of non-empty strings of at most 255 characters');
  }
  return tags as string[];
}

/** Where a device goes: `metro`, or the first known facility of `facility` (the 2018 way). */
function placementOf(cloud: MetalCloud, body: Record<string, unknown>): { metro: string; facility: string | undefined } {
  if (body['metro'] !== undefined) {
    const metro = stringField(body, 'metro', true)!;
    if (!cloud.metros.has(metro)) throw metalUnprocessable('metro', `${metro} is not a valid metro`);
    return { metro, facility: undefined };
  }
  const facility = body['facility'];
  const candidates = typeof facility === 'string' ? [facility] : Array.isArray(facility) ? facility.filter((item): item is string => typeof item === 'string') : [];
  if (candidates.length === 0) throw metalUnprocessable('metro', 'or facility is required');
  const chosen = candidates.find((code) => cloud.facilities.has(code));
  if (chosen === undefined) throw metalUnprocessable('facility', `${candidates.join(', ')} is not a valid facility`);
  return { metro: cloud.facilities.get(chosen)!.metro, facility: chosen };
}

export function createDevice(cloud: MetalCloud, projectId: string, body: Record<string, unknown>): StoredResource {
  const { metro, facility } = placementOf(cloud, body);
  const plan = stringField(body, 'plan', true)!;
  if (!cloud.plans.has(plan)) throw metalUnprocessable('plan', `${plan} is not a valid plan`);
  const operatingSystem = stringField(body, 'operating_system', true)!;
  if (!cloud.operatingSystems.has(operatingSystem)) throw metalUnprocessable('operating_system', `${operatingSystem} is not a valid operating system`);
  const hostname = stringField(body, 'hostname', false);
  if (hostname !== undefined && (hostname.length > 253 || !hostnamePattern.test(hostname))) throw metalUnprocessable('hostname', `${hostname} is not a valid hostname`);
  const billingCycle = stringField(body, 'billing_cycle', false) ?? 'hourly';
  if (!billingCycles.has(billingCycle)) throw metalUnprocessable('billing_cycle', `must be one of ${[...billingCycles].join(', ')}`);
  const userdata = body['userdata'];
  if (userdata !== undefined && typeof userdata !== 'string') throw metalUnprocessable('userdata', 'must be a string');
  const spotInstance = body['spot_instance'] === true;
  const spotPriceMax = body['spot_price_max'];
  if (spotInstance && (typeof spotPriceMax !== 'number' || !(spotPriceMax > 0))) throw metalUnprocessable('spot_price_max', 'is required (a price above 0) for a spot instance');
  const hardwareReservationId = stringField(body, 'hardware_reservation_id', false);
  if (hardwareReservationId !== undefined && hardwareReservationId !== 'next-available' && !uuidPattern.test(hardwareReservationId)) {
    throw metalUnprocessable('hardware_reservation_id', 'must be a hardware reservation UUID or next-available');
  }
  const tags = tagsField(body) ?? [];
  const id = randomUUID();
  const attributes = {
    projectId,
    hostname: hostname ?? `device-${id.slice(0, 8)}`,
    description: typeof body['description'] === 'string' ? body['description'] : undefined,
    metro,
    facility: facility ?? [...cloud.facilities.values()].find((candidate) => candidate.metro === metro)?.code,
    plan,
    operatingSystem,
    billingCycle,
    spotInstance,
    spotPriceMax: typeof spotPriceMax === 'number' ? spotPriceMax : undefined,
    // `next-available` asks the API to pick a reservation; the device then names the one it picked.
    hardwareReservationId: hardwareReservationId === 'next-available' ? randomUUID() : hardwareReservationId,
    tagList: tags,
    userdata,
    address: cloud.newDeviceAddress(),
    sequence: cloud.nextSequence(),
    createdAt: new Date(cloud.runtime.clock.now()).toISOString(),
  };
  const failure = cloud.takeDeviceFailure();
  const input = { id, tags: tagRecordOf(tags), ...(typeof userdata === 'string' ? { userData: Buffer.from(userdata, 'utf8') } : {}), attributes };
  if (failure === undefined) return cloud.runtime.lifecycle.launch(input);
  // A device that fails provisions for the usual time, then stops at `failed`; its user data never runs.
  const device = cloud.runtime.store.create({ ...input, kind: 'instance', state: 'pending', attributes: { ...attributes, failureReason: failure } });
  cloud.runtime.clock.schedule(cloud.runtime.lifecycle.bootDelayMilliseconds, () => {
    if (device.state === 'pending') device.state = 'failed';
  });
  return device;
}

/** A device by id, honouring the eventual-consistency window; 404 when unknown, deleted or not yet visible. */
export function requireDevice(cloud: MetalCloud, id: string, options: { consistent?: boolean } = {}): StoredResource {
  const device = cloud.runtime.store.get('instance', id, { consistent: options.consistent ?? false });
  if (device === undefined) throw metalNotFound();
  return device;
}

export function updateDevice(device: StoredResource, body: Record<string, unknown>): void {
  const tags = tagsField(body);
  const hostname = stringField(body, 'hostname', false);
  if (hostname !== undefined && (hostname.length > 253 || !hostnamePattern.test(hostname))) throw metalUnprocessable('hostname', `${hostname} is not a valid hostname`);
  if (tags !== undefined) {
    device.attributes['tagList'] = tags;
    device.tags = tagRecordOf(tags);
  }
  if (hostname !== undefined) device.attributes['hostname'] = hostname;
  if (typeof body['description'] === 'string') device.attributes['description'] = body['description'];
}

export function deleteDevice(cloud: MetalCloud, device: StoredResource): void {
  if (device.attributes['locked'] === true) throw metalError(422, 'Cannot delete a locked device');
  try {
    cloud.runtime.lifecycle.terminate(device.id);
  } catch (error) {
    if (CloudFault.isInstance(error)) throw metalError(422, error.message);
    throw error;
  }
}

function metalStateOf(cloud: MetalCloud, device: StoredResource): string {
  switch (device.state) {
    case 'pending':
      // The first fifth of provisioning is spent waiting for hardware, as a queued device does.
      return cloud.runtime.clock.now() - device.createdAt < cloud.runtime.lifecycle.bootDelayMilliseconds / 5 ? 'queued' : 'provisioning';
    case 'running':
      return 'active';
    case 'stopping':
      return 'powering_off';
    case 'stopped':
      return 'inactive';
    case 'terminating':
      return 'deprovisioning';
    case 'failed':
      return 'failed';
    default:
      return 'deleted';
  }
}

export function renderMetro(cloud: MetalCloud, code: string): Record<string, unknown> {
  const metro = cloud.metros.get(code)!;
  return { id: metro.id, code: metro.code, name: metro.name, country: metro.country };
}

export function renderFacility(cloud: MetalCloud, code: string): Record<string, unknown> {
  const facility = cloud.facilities.get(code)!;
  return { id: facility.id, code: facility.code, name: facility.name, features: ['baremetal'], metro: renderMetro(cloud, facility.metro) };
}

/** The device's own management address as one of its `ip_addresses`. */
function managementAddressOf(device: StoredResource): Record<string, unknown> {
  const address = String(device.attributes['address']);
  const network = address.replace(/\d+$/, (last) => String(Number(last) & ~1));
  return {
    id: `${device.id.slice(0, 24)}000000000001`,
    address,
    address_family: 4,
    cidr: 31,
    netmask: '255.255.255.254',
    network,
    gateway: network,
    public: true,
    management: true,
    manageable: true,
    enabled: true,
    global_ip: false,
    assigned_to: { href: `${metalApiBasePath}/devices/${device.id}` },
    href: `${metalApiBasePath}/ips/${device.id.slice(0, 24)}000000000001`,
    created_at: String(device.attributes['createdAt']),
  };
}

export function renderDevice(cloud: MetalCloud, device: StoredResource, assignments: readonly Record<string, unknown>[]): Record<string, unknown> {
  const attributes = device.attributes;
  const state = metalStateOf(cloud, device);
  const elapsed = cloud.runtime.clock.now() - device.createdAt;
  const boot = cloud.runtime.lifecycle.bootDelayMilliseconds;
  const facility = attributes['facility'] as string | undefined;
  return {
    id: device.id,
    short_id: device.id.slice(0, 8),
    href: `${metalApiBasePath}/devices/${device.id}`,
    hostname: attributes['hostname'],
    ...(attributes['description'] !== undefined ? { description: attributes['description'] } : {}),
    state,
    tags: [...(attributes['tagList'] as string[])],
    billing_cycle: attributes['billingCycle'],
    ...(attributes['userdata'] !== undefined ? { userdata: attributes['userdata'] } : {}),
    customdata: {},
    locked: attributes['locked'] === true,
    always_pxe: false,
    spot_instance: attributes['spotInstance'],
    ...(attributes['spotPriceMax'] !== undefined ? { spot_price_max: attributes['spotPriceMax'] } : {}),
    ...(attributes['hardwareReservationId'] !== undefined
      ? { hardware_reservation: { id: attributes['hardwareReservationId'], href: `${metalApiBasePath}/hardware-reservations/${attributes['hardwareReservationId']}` } }
      : {}),
    metro: renderMetro(cloud, String(attributes['metro'])),
    ...(facility !== undefined ? { facility: renderFacility(cloud, facility) } : {}),
    plan: { id: cloud.catalogueId('plan', String(attributes['plan'])), slug: attributes['plan'], name: attributes['plan'] },
    operating_system: { id: cloud.catalogueId('operating-system', String(attributes['operatingSystem'])), slug: attributes['operatingSystem'], name: attributes['operatingSystem'] },
    project_lite: { href: `${metalApiBasePath}/projects/${attributes['projectId']}` },
    provisioning_percentage: state === 'active' ? 100 : state === 'queued' ? 0 : Math.min(99, Math.floor((elapsed / boot) * 100)),
    ...(state === 'failed'
      ? { provisioning_events: [{ id: randomUUID(), type: 'provisioning.failed', body: String(attributes['failureReason']), created_at: new Date(device.createdAt + boot).toISOString() }] }
      : {}),
    ip_addresses: [managementAddressOf(device), ...assignments],
    created_at: attributes['createdAt'],
    updated_at: attributes['createdAt'],
  };
}

/** The device list of a project after the API's filters: `tag` (exact), `hostname` (part of it), `search` (hostname or tag). */
export function filterDevices(devices: readonly StoredResource[], url: URL): StoredResource[] {
  const tag = url.searchParams.get('tag');
  const hostname = url.searchParams.get('hostname');
  const search = url.searchParams.get('search');
  const metro = url.searchParams.get('metro');
  return devices
    .filter((device) => tag === null || (device.attributes['tagList'] as string[]).includes(tag))
    .filter((device) => hostname === null || String(device.attributes['hostname']).includes(hostname))
    .filter((device) => metro === null || device.attributes['metro'] === metro)
    .filter((device) => search === null || String(device.attributes['hostname']).includes(search) || (device.attributes['tagList'] as string[]).some((each) => each.includes(search)))
    .sort((left, right) => left.createdAt - right.createdAt || Number(left.attributes['sequence']) - Number(right.attributes['sequence']));
}
