import type { ProviderSpecDefinitionV1, ProviderSpecSchemaV1 } from '../actuator/v1/provider-plugin-v1.js';

/** The part of a provider plugin that manifest validation needs. */
export interface ProviderSpecSource {
  name: string;
  providerSpec: ProviderSpecDefinitionV1;
}

export type ProviderSpecTarget = 'machine' | 'cluster';

export type ProviderSpecLookup =
  | { provider: ProviderSpecSource; schema: ProviderSpecSchemaV1 }
  | { problem: string };

/** Finds the provider whose schema judges a providerSpec value, by the group of its apiVersion. */
export function findProviderSpecSchema(
  providers: readonly ProviderSpecSource[],
  value: Record<string, unknown>,
  target: ProviderSpecTarget,
): ProviderSpecLookup {
  const pick = (provider: ProviderSpecSource) => ({
    provider,
    schema: target === 'machine' ? provider.providerSpec.machineProviderSpec : provider.providerSpec.clusterProviderSpec,
  });
  const apiVersion = value['apiVersion'];
  if (typeof apiVersion !== 'string') {
    const [only] = providers;
    if (providers.length === 1 && only) return pick(only);
    return { problem: `expected an apiVersion naming the provider (one of ${knownGroups(providers)}), got ${apiVersion === undefined ? 'nothing' : JSON.stringify(apiVersion)}` };
  }
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : apiVersion;
  const provider = providers.find((candidate) => candidate.providerSpec.apiGroups.includes(group));
  if (!provider) {
    return { problem: `unknown provider API group "${group}"; known: ${knownGroups(providers)}` };
  }
  return pick(provider);
}

function knownGroups(providers: readonly ProviderSpecSource[]): string {
  const groups = providers.flatMap((provider) => provider.providerSpec.apiGroups.map((group) => `${group} (${provider.name})`));
  return groups.length ? groups.join(', ') : 'none loaded';
}
