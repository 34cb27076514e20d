/**
 * The Cluster actuator for Metal: the cluster's infrastructure is one reserved
 * public IPv4 in its metro, the control plane's endpoint (`host:apiServerPort`).
 * Devices need no network or firewall of Slipway's making: every device gets a
 * public and a private address of its own.
 */
import type { ActuatorContextV1, ClusterActuatorV1, ClusterDeleteResultV1, ClusterReconcileResultV1, ClusterRequestV1 } from '@slipway/core';
import type { PacketConnection } from '../api/packet-connection.js';
import { parseClusterProviderSpec } from '../parse-packet-provider-spec.js';
import type { PacketControlPlaneAddress } from './packet-control-plane-address.js';

export class PacketClusterActuator implements ClusterActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  private readonly connection: PacketConnection;
  private readonly address: PacketControlPlaneAddress;

  constructor(connection: PacketConnection, address: PacketControlPlaneAddress) {
    this.connection = connection;
    this.address = address;
  }

  async reconcile(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterReconcileResultV1> {
    const spec = parseClusterProviderSpec(request.cluster);
    if (spec === undefined) return { apiEndpoints: [] };
    const projectId = this.connection.projectOf(spec.projectID);
    const metro = spec.metro ?? (await this.connection.metroOfFacility(spec.facility!, context));
    const clusterName = request.cluster.metadata.name ?? '';
    const reservation = await this.address.ensure(projectId, clusterName, metro, context);
    return {
      apiEndpoints: [{ host: reservation.address ?? '', port: spec.apiServerPort }],
      providerStatus: { reservationId: reservation.id, address: reservation.address, metro },
    };
  }

  async delete(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterDeleteResultV1> {
    const spec = parseClusterProviderSpec(request.cluster);
    if (spec === undefined) return { gone: true };
    await this.address.remove(this.connection.projectOf(spec.projectID), request.cluster.metadata.name ?? '', context);
    return { gone: true };
  }
}
