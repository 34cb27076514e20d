/**
 * What the machine and cluster actuators share: the API client, the default
 * project, listing settings, and the paged listings both need (devices by tag,
 * public IPv4 reservations, the facility → metro map of 2018 manifests).
 */
import { InvalidProviderSpecError, type ActuatorContextV1, type ClockV1 } from '@slipway/core';
import { collectPages } from '@slipway/provider-utils';
import type { PacketApiClient } from './packet-api-client.js';
import type { MetalDevice, MetalIpReservation } from './packet-sdk-clients.js';

type CallContext = Pick<ActuatorContextV1, 'signal'> & { clock?: ClockV1 };

export class PacketConnection {
  readonly api: PacketApiClient;
  readonly describeIntervalMs: number;
  readonly listPageSize: number;
  private readonly defaultProjectId: string | undefined;
  private facilityMetros: Promise<Map<string, string>> | undefined;

  constructor(options: { api: PacketApiClient; projectId: string | undefined; describeIntervalMs: number; listPageSize: number }) {
    this.api = options.api;
    this.defaultProjectId = options.projectId;
    this.describeIntervalMs = options.describeIntervalMs;
    this.listPageSize = options.listPageSize;
  }

  /** The project: the providerSpec's, else the provider's; a terminal error naming both places otherwise. */
  projectOf(...fromSpecs: (string | undefined)[]): string {
    const projectId = fromSpecs.find((value) => value !== undefined) ?? this.defaultProjectId;
    if (projectId === undefined) {
      throw new InvalidProviderSpecError('spec.providerSpec.value.projectID', 'no Metal project: set projectID in the providerSpec, settings.projectId, or METAL_PROJECT_ID');
    }
    return projectId;
  }

  /** Every device of the project carrying `tag`, all pages. */
  listDevices(projectId: string, tag: string, context: CallContext): Promise<MetalDevice[]> {
    return collectPages(async (pageToken) => {
      const page = Number(pageToken ?? '1');
      const answer = await this.api.call(
        'findProjectDevices',
        `${projectId} tag ${tag} page ${page}`,
        (metal, signal) => metal.GET('/projects/{id}/devices', { params: { path: { id: projectId }, query: { tag, page, per_page: this.listPageSize } }, signal }),
        context,
      );
      return { items: answer?.devices ?? [], nextPageToken: answer?.meta?.next !== undefined ? String(page + 1) : undefined };
    });
  }

  /** Every public IPv4 reservation of the project carrying `tag`, all pages. */
  async listReservations(projectId: string, tag: string, context: CallContext): Promise<MetalIpReservation[]> {
    const all = await collectPages(async (pageToken) => {
      const page = Number(pageToken ?? '1');
      const answer = await this.api.call(
        'findIPReservations',
        `${projectId} page ${page}`,
        (metal, signal) => metal.GET('/projects/{id}/ips', { params: { path: { id: projectId }, query: { types: ['public_ipv4'], page, per_page: 250 } }, signal }),
        context,
      );
      const items = (answer?.ip_addresses ?? []) as MetalIpReservation[];
      return { items, nextPageToken: answer?.meta?.next !== undefined ? String(page + 1) : undefined };
    });
    return all.filter((reservation) => (reservation.tags ?? []).includes(tag));
  }

  /** The metro of a facility (2018 manifests name facilities), from one listing kept for the actuators' life. */
  async metroOfFacility(facility: string, context: CallContext): Promise<string> {
    this.facilityMetros ??= this.api
      .call('findFacilities', 'all', (metal, signal) => metal.GET('/facilities', { signal }), context)
      .then((answer) => new Map((answer?.facilities ?? []).flatMap((entry) => (entry.code && entry.metro?.code ? [[entry.code, entry.metro.code] as const] : []))));
    this.facilityMetros.catch(() => {
      this.facilityMetros = undefined;
    });
    const metro = (await this.facilityMetros).get(facility);
    if (metro === undefined) throw new InvalidProviderSpecError('spec.providerSpec.value.facility', `${facility} is not a facility the Metal API knows; use metro: instead`);
    return metro;
  }
}
