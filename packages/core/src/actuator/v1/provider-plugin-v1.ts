import type { z } from 'zod';
import type { ClusterActuatorV1 } from './cluster-actuator-v1.js';
import type { MachineActuatorV1 } from './machine-actuator-v1.js';

/**
 * The schemas of a provider's settings inside Cluster API objects. `apiGroups`
 * lists the group part of the `apiVersion` its providerSpec values carry
 * (`awsprovider` for `awsprovider/v1alpha1`), so manifests find their provider.
 */
export interface ProviderSpecDefinitionV1 {
  apiGroups: readonly string[];
  machineProviderSpec: z.ZodType;
  clusterProviderSpec: z.ZodType;
  machineProviderStatus?: z.ZodType;
  clusterProviderStatus?: z.ZodType;
}

export interface ProviderActuatorsV1 {
  machine: MachineActuatorV1;
  cluster: ClusterActuatorV1;
}

/**
 * What a provider package exports for the CLI and the manager to load it by name:
 * its schemas and a factory that builds its actuators from settings (endpoint,
 * credentials, region...; everything optional, falling back to the cloud's
 * standard environment).
 */
export interface ProviderPluginV1<Settings = Record<string, unknown>> {
  readonly specificationVersion: 'v1';
  readonly name: string;
  readonly description: string;
  readonly providerSpec: ProviderSpecDefinitionV1;
  /** The environment variables the provider reads, for error messages and docs. */
  readonly environmentVariables: readonly string[];
  createActuators(settings?: Settings): ProviderActuatorsV1 | Promise<ProviderActuatorsV1>;
}
