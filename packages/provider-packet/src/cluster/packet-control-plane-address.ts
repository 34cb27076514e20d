/**
 * The control plane's stable address: one reserved public IPv4 (an IP
 * reservation of quantity 1 in the cluster's metro, tagged with the cluster),
 * assigned to the first control-plane device and moved on replacement: a
 * control-plane device releases it when deleted, and the next control-plane
 * machine that finds it unassigned (on create or update) takes it.
 *
 * Creating a reservation has no idempotency key either: it is looked up by tag
 * before and after the request, and if two exist the oldest is kept.
 */
import { TransientError, type ActuatorContextV1 } from '@slipway/core';
import { ownershipTagStrings } from '@slipway/provider-utils';
import type { PacketConnection } from '../api/packet-connection.js';
import { isNotFoundError } from '../api/packet-error-mapper.js';
import type { MetalIpReservation } from '../api/packet-sdk-clients.js';
import { clusterTag, machineRoleTagKey } from '../machine/packet-device-tags.js';
import { oldestFirst } from '../machine/packet-device-view.js';

export const controlPlaneEndpointTag = `${machineRoleTagKey}=control-plane-endpoint`;

/** The device an address is assigned to, from the reservation's first assignment. */
function holderOf(reservation: MetalIpReservation): string | undefined {
  return reservation.assignments?.[0]?.assigned_to?.href?.split('/').pop();
}

export class PacketControlPlaneAddress {
  private readonly connection: PacketConnection;

  constructor(connection: PacketConnection) {
    this.connection = connection;
  }

  /** The cluster's reservation, the oldest when there are several; undefined when there is none. */
  async find(projectId: string, clusterName: string, context: ActuatorContextV1): Promise<MetalIpReservation | undefined> {
    const found = (await this.connection.listReservations(projectId, clusterTag(clusterName), context)).filter((reservation) => (reservation.tags ?? []).includes(controlPlaneEndpointTag));
    return found.sort(oldestFirst)[0];
  }

  /** The cluster's reservation, requested when missing; duplicates (from a lost reply or a race) are deleted. */
  async ensure(projectId: string, clusterName: string, metro: string, context: ActuatorContextV1): Promise<MetalIpReservation> {
    const existing = await this.find(projectId, clusterName, context);
    if (existing !== undefined) return existing;
    const { api } = this.connection;
    try {
      await api.call(
        'requestIPReservation',
        `${clusterName} in ${metro}`,
        (metal, signal) =>
          metal.POST('/projects/{id}/ips', {
            params: { path: { id: projectId } },
            body: { type: 'public_ipv4', quantity: 1, metro, tags: [...ownershipTagStrings({ clusterName }), controlPlaneEndpointTag], details: `Kubernetes API of cluster ${clusterName}` },
            signal,
          }),
        context,
        { idempotent: false },
      );
    } catch (error) {
      // The reservation may have been made although the answer was lost: look before failing.
      const made = await this.find(projectId, clusterName, context).catch(() => undefined);
      if (made === undefined) throw error;
    }
    const all = (await this.connection.listReservations(projectId, clusterTag(clusterName), context))
      .filter((reservation) => (reservation.tags ?? []).includes(controlPlaneEndpointTag))
      .sort(oldestFirst);
    for (const duplicate of all.slice(1)) await this.deleteReservation(duplicate, context);
    const kept = all[0];
    if (kept === undefined) throw new TransientError(`the IP reservation of cluster ${clusterName} is not listed yet; trying again`, { requeueAfterMs: 5_000 });
    return kept;
  }

  /** Routes the reserved address to the device unless another device holds it. Returns whether the device holds it now. */
  async assign(projectId: string, clusterName: string, reservation: MetalIpReservation, deviceId: string, context: ActuatorContextV1): Promise<boolean> {
    const holder = holderOf(reservation);
    if (holder !== undefined) return holder === deviceId;
    try {
      await this.connection.api.call(
        'createIPAssignment',
        `${reservation.address} to ${deviceId}`,
        (metal, signal) => metal.POST('/devices/{id}/ips', { params: { path: { id: deviceId } }, body: { address: `${reservation.address}/${reservation.cidr ?? 32}` }, signal }),
        context,
        { idempotent: false },
      );
      return true;
    } catch (error) {
      // Another control-plane machine took it first (a race), or this request did although its answer was lost.
      const now = await this.find(projectId, clusterName, context).catch(() => undefined);
      const taken = now === undefined ? undefined : holderOf(now);
      if (taken === undefined) throw error;
      return taken === deviceId;
    }
  }

  /** Frees the reserved address when this device holds it, so the next control-plane machine takes it. */
  async release(projectId: string, clusterName: string, deviceId: string, context: ActuatorContextV1): Promise<void> {
    const reservation = await this.find(projectId, clusterName, context);
    const held = reservation?.assignments?.find((assignment) => assignment.assigned_to?.href?.split('/').pop() === deviceId);
    if (held?.id === undefined) return;
    await this.connection.api.call('deleteIPAddress', `assignment ${held.id}`, (metal, signal) => metal.DELETE('/ips/{id}', { params: { path: { id: held.id! } }, signal }), context);
  }

  /** Deletes every reservation of the cluster (their assignments go with them). */
  async remove(projectId: string, clusterName: string, context: ActuatorContextV1): Promise<void> {
    for (const reservation of await this.connection.listReservations(projectId, clusterTag(clusterName), context)) {
      await this.deleteReservation(reservation, context);
    }
  }

  private async deleteReservation(reservation: MetalIpReservation, context: ActuatorContextV1): Promise<void> {
    if (reservation.id === undefined) return;
    try {
      await this.connection.api.call('deleteIPAddress', `reservation ${reservation.id}`, (metal, signal) => metal.DELETE('/ips/{id}', { params: { path: { id: reservation.id! } }, signal }), context);
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
    }
  }
}
