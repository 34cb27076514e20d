import type { ProviderPluginV1 } from '@slipway/core';
import { UsageError } from '../usage-error.js';

/** Every provider Slipway knows, by name, and the package that holds it. */
export const providerPackages = {
  aws: '@slipway/provider-aws',
  azure: '@slipway/provider-azure',
  gcp: '@slipway/provider-gcp',
  openstack: '@slipway/provider-openstack',
  packet: '@slipway/provider-packet',
} as const;

export type ProviderName = keyof typeof providerPackages;

/**
 * The providerSpec API groups each provider is known to serve, so a command
 * loads only the provider its manifests name (a provider's SDK takes seconds
 * to load). Only a hint: the loaded plugin's own apiGroups decide, and a group
 * missing here makes the command load every installed provider.
 */
export const providerApiGroupHints: Record<ProviderName, readonly string[]> = {
  aws: ['awsprovider', 'awsproviderconfig', 'aws.slipway.dev'],
  azure: ['azureprovider', 'azure.slipway.dev'],
  gcp: ['gcpprovider', 'gceprovider', 'gcp.slipway.dev'],
  openstack: ['openstackprovider', 'openstackproviderconfig', 'openstack.slipway.dev'],
  packet: ['packetprovider', 'packet.slipway.dev'],
};

/**
 * Loads one provider's plugin by name; an unknown name lists the known ones,
 * and a provider that is not installed says which package to install.
 */
export async function loadProviderPlugin(name: string): Promise<ProviderPluginV1> {
  if (!Object.hasOwn(providerPackages, name)) {
    throw new UsageError(`unknown provider "${name}"; known providers: ${Object.keys(providerPackages).join(', ')}`);
  }
  const packageName = providerPackages[name as ProviderName];
  let module: Record<string, unknown>;
  try {
    module = (await import(packageName)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new UsageError(`provider "${name}" is not installed: npm install ${packageName}`);
    }
    throw error;
  }
  const plugin = Object.values(module).find(
    (value): value is ProviderPluginV1 =>
      value !== null && typeof value === 'object' && (value as ProviderPluginV1).specificationVersion === 'v1' && (value as ProviderPluginV1).name === name,
  );
  if (!plugin) throw new Error(`${packageName} exports no provider plugin named "${name}"`);
  return plugin;
}

/** Every known provider that is installed (or only those named); the missing ones are skipped. */
export async function loadProviderPlugins(names: readonly string[] = Object.keys(providerPackages)): Promise<ProviderPluginV1[]> {
  const loaded = await Promise.allSettled(names.map((name) => loadProviderPlugin(name)));
  return loaded.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
}
