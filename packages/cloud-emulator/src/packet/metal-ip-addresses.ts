/**
 * IP reservations (a block of public addresses reserved in a project and metro)
 * and IP assignments (an address of a reservation routed to a device). A
 * reservation outlives devices; an assignment belongs to its device and goes
 * when the device is deprovisioned, so a reserved address can move from one
 * device to the next.
 */
import { randomUUID } from 'node:crypto';
import type { StoredResource } from '../store/stored-resource.js';
import type { MetalCloud } from './metal-cloud.js';
import { metalApiBasePath, renderMetro } from './metal-devices.js';
import { metalError, metalNotFound, metalUnprocessable } from './metal-error.js';
import { tagRecordOf } from './metal-tags.js';

const reservationTypes = new Set(['public_ipv4']);

function netmaskOf(cidr: number): string {
  const mask = cidr === 0 ? 0 : (0xffffffff << (32 - cidr)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join('.');
}

export function createReservation(cloud: MetalCloud, projectId: string, body: Record<string, unknown>): StoredResource {
  const type = body['type'];
  if (typeof type !== 'string' || !reservationTypes.has(type)) throw metalUnprocessable('type', `must be one of ${[...reservationTypes].join(', ')} here`);
  const quantity = body['quantity'];
  if (typeof quantity !== 'number' || ![1, 2, 4, 8, 16].includes(quantity)) throw metalUnprocessable('quantity', 'must be 1, 2, 4, 8 or 16');
  const metro = body['metro'];
  if (typeof metro !== 'string' || !cloud.metros.has(metro)) throw metalUnprocessable('metro', `${String(metro)} is not a valid metro`);
  const tags = body['tags'];
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) throw metalUnprocessable('tags', 'must be a list of strings');
  const tagList = (tags as string[] | undefined) ?? [];
  const block = cloud.newReservedBlock(quantity);
  return cloud.runtime.store.create({
    kind: 'ip-reservation',
    id: randomUUID(),
    tags: tagRecordOf(tagList),
    attributes: {
      projectId,
      type,
      metro,
      network: block.network,
      cidr: block.cidr,
      tagList,
      sequence: cloud.nextSequence(),
      details: typeof body['details'] === 'string' ? body['details'] : undefined,
      createdAt: new Date(cloud.runtime.clock.now()).toISOString(),
    },
  });
}

export function assignmentsOf(cloud: MetalCloud, filter: { reservationId?: string; deviceId?: string }): StoredResource[] {
  return cloud.runtime.store
    .list({ kind: 'ip-assignment', consistent: true, ...(filter.deviceId !== undefined ? { ownerId: filter.deviceId } : {}) })
    .filter((assignment) => filter.reservationId === undefined || assignment.attributes['reservationId'] === filter.reservationId);
}

export function renderAssignment(cloud: MetalCloud, assignment: StoredResource): Record<string, unknown> {
  const attributes = assignment.attributes;
  const cidr = Number(attributes['cidr']);
  return {
    id: assignment.id,
    href: `${metalApiBasePath}/ips/${assignment.id}`,
    type: 'IPAssignment',
    address: attributes['address'],
    address_family: 4,
    cidr,
    netmask: netmaskOf(cidr),
    network: attributes['address'],
    gateway: attributes['address'],
    public: true,
    management: false,
    manageable: true,
    enabled: true,
    global_ip: false,
    state: 'active',
    assigned_to: { href: `${metalApiBasePath}/devices/${assignment.ownerId}` },
    parent_block: {
      network: attributes['reservationNetwork'],
      cidr: attributes['reservationCidr'],
      netmask: netmaskOf(Number(attributes['reservationCidr'])),
      href: `${metalApiBasePath}/ips/${attributes['reservationId']}`,
    },
    metro: renderMetro(cloud, String(attributes['metro'])),
    created_at: attributes['createdAt'],
  };
}

export function renderReservation(cloud: MetalCloud, reservation: StoredResource): Record<string, unknown> {
  const attributes = reservation.attributes;
  const cidr = Number(attributes['cidr']);
  return {
    id: reservation.id,
    href: `${metalApiBasePath}/ips/${reservation.id}`,
    type: attributes['type'],
    address: attributes['network'],
    network: attributes['network'],
    gateway: attributes['network'],
    cidr,
    netmask: netmaskOf(cidr),
    address_family: 4,
    public: true,
    management: false,
    manageable: true,
    enabled: true,
    global_ip: false,
    addon: true,
    bill: true,
    state: 'created',
    tags: [...(attributes['tagList'] as string[])],
    ...(attributes['details'] !== undefined ? { details: attributes['details'] } : {}),
    metro: renderMetro(cloud, String(attributes['metro'])),
    project_lite: { href: `${metalApiBasePath}/projects/${attributes['projectId']}` },
    assignments: assignmentsOf(cloud, { reservationId: reservation.id }).map((assignment) => renderAssignment(cloud, assignment)),
    created_at: attributes['createdAt'],
  };
}

/** Routes an address of one of the project's reservations to a device; 422 when it is taken or belongs to no reservation. */
export function assignAddress(cloud: MetalCloud, device: StoredResource, body: Record<string, unknown>): StoredResource {
  const text = body['address'];
  if (typeof text !== 'string' || text === '') throw metalUnprocessable('address', 'is required');
  const [address, cidrText] = text.split('/');
  const cidr = cidrText === undefined ? 32 : Number(cidrText);
  const reservation = cloud.runtime.store
    .list({ kind: 'ip-reservation', consistent: true })
    .find((candidate) => candidate.attributes['projectId'] === device.attributes['projectId'] && candidate.attributes['network'] === address);
  if (reservation === undefined) throw metalUnprocessable('address', `${text} is not in any IP reservation of the project`);
  if (reservation.attributes['metro'] !== device.attributes['metro']) throw metalUnprocessable('address', `${text} is reserved in metro ${String(reservation.attributes['metro'])}, the device runs in ${String(device.attributes['metro'])}`);
  const taken = assignmentsOf(cloud, { reservationId: reservation.id })[0];
  if (taken !== undefined) throw metalError(422, `Address ${text} is already assigned to device ${taken.ownerId}`);
  return cloud.runtime.store.create({
    kind: 'ip-assignment',
    id: randomUUID(),
    tags: { ...device.tags },
    ownerId: device.id,
    attributes: {
      address,
      cidr,
      metro: device.attributes['metro'],
      reservationId: reservation.id,
      reservationNetwork: reservation.attributes['network'],
      reservationCidr: reservation.attributes['cidr'],
      createdAt: new Date(cloud.runtime.clock.now()).toISOString(),
    },
  });
}

/** `DELETE /ips/{id}`: removes an assignment, or a reservation with its assignments (the addresses stop being routed). */
export function deleteAddress(cloud: MetalCloud, id: string): void {
  const store = cloud.runtime.store;
  const assignment = store.get('ip-assignment', id, { consistent: true });
  if (assignment !== undefined) {
    assignment.state = 'deleted';
    store.remove('ip-assignment', id);
    return;
  }
  const reservation = store.get('ip-reservation', id, { consistent: true });
  if (reservation === undefined) throw metalNotFound();
  for (const assignment of assignmentsOf(cloud, { reservationId: id })) {
    assignment.state = 'deleted';
    store.remove('ip-assignment', assignment.id);
  }
  reservation.state = 'deleted';
  store.remove('ip-reservation', id);
}
