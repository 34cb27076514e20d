/** Objects for tests: a Cluster and the Machines, MachineSets and MachineDeployments of it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster, Machine, MachineDeployment, MachineSet } from '@slipway/core';

export const namespace = 'default';

export function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'slipway-manager-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function clusterObject(name = 'alpha'): Cluster {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, namespace },
    spec: {
      clusterNetwork: {
        services: { cidrBlocks: ['10.96.0.0/12'] },
        pods: { cidrBlocks: ['192.168.0.0/16'] },
        serviceDomain: 'cluster.local',
      },
      providerSpec: { value: { region: 'test-1' } },
    },
  };
}

export function machineSpec(instanceType = 'small'): Machine['spec'] {
  return { providerSpec: { value: { instanceType } }, versions: { kubelet: '1.13.2' } };
}

export function machineObject(name: string, clusterName = 'alpha', labels: Record<string, string> = {}): Machine {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name, namespace, labels: { 'cluster.k8s.io/cluster-name': clusterName, ...labels } },
    spec: machineSpec(),
  };
}

export function machineSetObject(name: string, replicas: number, options: { clusterName?: string; deletePolicy?: 'Random' | 'Newest' | 'Oldest' } = {}): MachineSet {
  const labels = { 'cluster.k8s.io/cluster-name': options.clusterName ?? 'alpha', set: name };
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'MachineSet',
    metadata: { name, namespace, labels: { 'cluster.k8s.io/cluster-name': options.clusterName ?? 'alpha' } },
    spec: {
      replicas,
      minReadySeconds: 0,
      deletePolicy: options.deletePolicy ?? 'Random',
      selector: { matchLabels: { set: name } },
      template: { metadata: { labels }, spec: machineSpec() },
    },
  };
}

export function machineDeploymentObject(
  name: string,
  replicas: number,
  options: { clusterName?: string; maxSurge?: number | string; maxUnavailable?: number | string; instanceType?: string; progressDeadlineSeconds?: number; revisionHistoryLimit?: number } = {},
): MachineDeployment {
  const labels = { 'cluster.k8s.io/cluster-name': options.clusterName ?? 'alpha', deployment: name };
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'MachineDeployment',
    metadata: { name, namespace, labels: { 'cluster.k8s.io/cluster-name': options.clusterName ?? 'alpha' } },
    spec: {
      replicas,
      selector: { matchLabels: { deployment: name } },
      template: { metadata: { labels }, spec: machineSpec(options.instanceType) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: options.maxSurge ?? 1, maxUnavailable: options.maxUnavailable ?? 0 } },
      deletePolicy: 'Random',
      minReadySeconds: 0,
      revisionHistoryLimit: options.revisionHistoryLimit ?? 1,
      paused: false,
      progressDeadlineSeconds: options.progressDeadlineSeconds ?? 600,
    },
  };
}

/** A bootstrap hook that records what it was asked and renders recognisable user data. */
export class RecordingBootstrapHook {
  readonly pkiRequests: string[] = [];
  readonly issued: string[] = [];
  readonly deleted: string[] = [];
  constructor(private readonly tokenExpiresAt = '2030-01-01T00:00:00.000Z') {}

  async ensureClusterPki(request: { cluster: Cluster }): Promise<void> {
    this.pkiRequests.push(request.cluster.metadata.name ?? '');
  }

  async bootstrapData(request: { cluster: Cluster; machine: Machine }): Promise<{ userData: string; tokenExpiresAt?: string }> {
    this.issued.push(request.machine.metadata.name ?? '');
    return { userData: `#cloud-config\n# join ${request.cluster.metadata.name} as ${request.machine.metadata.name}\n`, tokenExpiresAt: this.tokenExpiresAt };
  }

  async machineDeleted(request: { cluster: Cluster; machine: Machine }): Promise<void> {
    this.deleted.push(request.machine.metadata.name ?? '');
  }
}
