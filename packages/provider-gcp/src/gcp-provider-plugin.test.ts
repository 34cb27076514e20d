import { parseManifests } from '@slipway/core';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { startGceEmulator } from '@slipway/cloud-emulator/gcp';
import { describe, expect, it } from 'vitest';
import { createGcpActuator } from './create-gcp-actuator.js';
import { gcpEnvironmentVariables } from './settings/gcp-environment.js';
import { gcpProviderPlugin } from './gcp-provider-plugin.js';
import { clusterFixture, machineFixture, silentLogger, userData } from './test-support/gcp-test-fixtures.js';

const manifests = (zone: string, labelValue: string) => `
apiVersion: cluster.k8s.io/v1alpha1
kind: Cluster
metadata: { name: alpha }
spec:
  providerSpec:
    value: { apiVersion: gcpprovider/v1alpha1, kind: GcpClusterProviderSpec, region: us-central1 }
---
apiVersion: cluster.k8s.io/v1alpha1
kind: Machine
metadata: { name: alpha-worker-0, labels: { cluster.k8s.io/cluster-name: alpha } }
spec:
  versions: { kubelet: 1.31.0 }
  providerSpec:
    value:
      apiVersion: gceprovider/v1alpha1
      kind: GcpMachineProviderSpec
      zone: ${zone}
      machineType: e2-standard-2
      image: { family: debian-12, project: debian-cloud }
      additionalLabels: { team: ${labelValue} }
`;

describe('gcpProviderPlugin', () => {
  it('judges manifests through core parsing, issues located at the field', () => {
    const valid = parseManifests(manifests('us-central1-a', 'platform'), { providers: [gcpProviderPlugin] });
    expect(valid.issues).toEqual([]);
    expect(valid.machines.map((machine) => machine.metadata.name)).toEqual(['alpha-worker-0']);
    const invalid = parseManifests(manifests('us-central1', 'Platform'), { providers: [gcpProviderPlugin], source: 'cluster.yaml' });
    expect(invalid.issues.map((issue) => issue.path).sort()).toEqual(['spec.providerSpec.value.additionalLabels.team', 'spec.providerSpec.value.zone']);
    expect(invalid.machines).toEqual([]);
  });

  it('names the environment it reads', () => {
    expect(gcpProviderPlugin.environmentVariables).toEqual(gcpEnvironmentVariables);
    expect(gcpEnvironmentVariables).toEqual(['GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'GCLOUD_PROJECT', 'CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE', 'GOOGLE_APPLICATION_CREDENTIALS']);
  });
});

describe('createGcpActuator', () => {
  it('takes the project and the endpoint from the environment when the settings are silent', async () => {
    const runtime = createEmulatorRuntime({ clock: { mode: 'scaled', speed: 500 }, lifecycle: { bootDelayMilliseconds: 5_000 } });
    const emulator = await startGceEmulator({ runtime, projects: ['from-environment'] });
    const actuators = createGcpActuator({
      clock: runtime.clock,
      environment: { CLOUDSDK_CORE_PROJECT: 'from-environment', CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE: `${emulator.endpoint}/compute/v1/` },
    });
    try {
      const context = { signal: new AbortController().signal, logger: silentLogger, clock: runtime.clock };
      const result = await actuators.machine.create({ cluster: clusterFixture({ providerSpec: null }), machine: machineFixture('worker-1'), bootstrapData: { userData } }, context);
      expect(result.providerID).toMatch(/^gce:\/\/from-environment\/us-central1-a\//);
    } finally {
      await actuators.close();
      await emulator.stop();
    }
  });

  it('refuses a bad setting, naming it', () => {
    expect(() => createGcpActuator({ operationTimeoutMs: -1, environment: {} })).toThrow('settings.operationTimeoutMs must be a positive number of milliseconds, got -1');
  });
});
