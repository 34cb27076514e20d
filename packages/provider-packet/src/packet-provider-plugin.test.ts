import { parseManifestTexts } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { packetProviderPlugin } from './packet-provider-plugin.js';

const manifests = (machineValue: string) => `
apiVersion: cluster.k8s.io/v1alpha1
kind: Cluster
metadata: { name: metal }
spec:
  clusterNetwork: { services: { cidrBlocks: [10.96.0.0/12] }, pods: { cidrBlocks: [192.168.0.0/16] }, serviceDomain: cluster.local }
  providerSpec:
    value: { apiVersion: packetprovider/v1alpha1, kind: PacketClusterProviderSpec, metro: da }
---
apiVersion: cluster.k8s.io/v1alpha1
kind: Machine
metadata: { name: metal-cp-0, labels: { cluster.k8s.io/cluster-name: metal } }
spec:
  versions: { kubelet: 1.31.0, controlPlane: 1.31.0 }
  providerSpec:
    value: ${machineValue}
`;

describe('packetProviderPlugin', () => {
  it('validates today\'s providerSpec and the 2018 PacketMachineProviderConfig', () => {
    const current = parseManifestTexts([{ text: manifests('{ apiVersion: packetprovider/v1alpha1, kind: PacketMachineProviderSpec, metro: da, plan: c3.small.x86, operatingSystem: ubuntu_24_04 }'), source: 'current.yaml' }], { providers: [packetProviderPlugin] });
    expect(current.issues).toEqual([]);
    const legacy = parseManifestTexts(
      [{ text: manifests('{ apiVersion: packetprovider/v1alpha1, kind: PacketMachineProviderConfig, roles: [Master], facility: [ewr1], machineType: t1.small.x86, OS: ubuntu_18_04, billingCycle: hourly, sshKeys: [key] }'), source: 'legacy.yaml' }],
      { providers: [packetProviderPlugin] },
    );
    expect(legacy.issues).toEqual([]);
  });

  it('refuses a plan that is not a Metal slug, naming the field', () => {
    const parsed = parseManifestTexts([{ text: manifests('{ apiVersion: packetprovider/v1alpha1, kind: PacketMachineProviderSpec, metro: da, plan: "C3 Small", operatingSystem: ubuntu_24_04 }'), source: 'bad.yaml' }], { providers: [packetProviderPlugin] });
    expect(parsed.issues.map((issue) => issue.path)).toEqual(['spec.providerSpec.value.plan']);
  });

  it('names every environment variable it reads', () => {
    expect(packetProviderPlugin.environmentVariables).toEqual(['METAL_AUTH_TOKEN', 'PACKET_API_KEY', 'METAL_PROJECT_ID', 'METAL_API_URL']);
  });
});
