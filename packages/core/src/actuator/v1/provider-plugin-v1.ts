import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ProviderActuatorsV1 } from './provider-actuators-v1.js';

/**
 * A schema of a providerSpec value, as the contract sees it: a Standard Schema
 * (https://standardschema.dev), the validator interface zod 4, valibot and
 * ArkType implement natively. The contract names no schema library, so a
 * provider on another zod major, or on another library, still plugs in; the
 * validation must answer synchronously. Libraries that also implement Standard
 * JSON Schema (zod 4.2 and later) expose `~standard.jsonSchema` for documentation
 * and CRDs. See docs/decisions/0009-one-provider-shape.md.
 */
export type ProviderSpecSchemaV1 = StandardSchemaV1;

/**
 * The schemas of a provider's settings inside Cluster API objects. `apiGroups`
 * lists the group part of the `apiVersion` its providerSpec values carry
 * (`awsprovider` for `awsprovider/v1alpha1`), so manifests find their provider.
 */
export interface ProviderSpecDefinitionV1 {
  apiGroups: readonly string[];
  machineProviderSpec: ProviderSpecSchemaV1;
  clusterProviderSpec: ProviderSpecSchemaV1;
  machineProviderStatus?: ProviderSpecSchemaV1;
  clusterProviderStatus?: ProviderSpecSchemaV1;
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
