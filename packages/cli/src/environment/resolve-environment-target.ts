/**
 * Decides, before anything is created, which cloud `create cluster` drives:
 * the emulated cloud on this machine by default, or the real cloud when
 * `--bootstrap-endpoint` names where its machines can dial back to; in the
 * real case the cloud's credentials must be where its own CLI keeps them. A
 * state directory keeps driving the cloud it was first used with.
 */
import type { ProviderPluginV1 } from '@slipway/core';
import { findCredentialSource } from '../providers/find-credential-source.js';
import { readProviderConfig } from '../providers/read-provider-config.js';
import { UsageError } from '../usage-error.js';
import { formatBootstrapEndpoint, parseBootstrapEndpoint } from './bootstrap-endpoint.js';
import { describeEnvironmentRecord, type EnvironmentRecord } from './environment-record.js';

/** Providers whose cloud runs emulated on this machine. */
export const emulatedProviders: readonly string[] = ['aws'];

export interface TargetOptions {
  plugin: ProviderPluginV1;
  bootstrapEndpoint: string | undefined;
  providerConfig: string | undefined;
  environment: Record<string, string | undefined>;
}

export async function resolveEnvironmentTarget(options: TargetOptions): Promise<EnvironmentRecord> {
  const { plugin } = options;
  if (options.bootstrapEndpoint === undefined) {
    if (options.providerConfig !== undefined) {
      throw new UsageError('--provider-config applies to a real cloud; add --bootstrap-endpoint HOST:PORT to create the cluster there, or drop --provider-config for the emulated cloud');
    }
    if (!emulatedProviders.includes(plugin.name)) {
      throw new UsageError(
        `there is no emulated cloud for provider "${plugin.name}" on this machine (emulated: ${emulatedProviders.join(', ')}); to create the cluster in the real ${plugin.name} cloud, pass --bootstrap-endpoint HOST:PORT with its credentials set`,
      );
    }
    return { cloud: 'emulated', provider: plugin.name };
  }
  const endpoint = parseBootstrapEndpoint(options.bootstrapEndpoint);
  const credentials = findCredentialSource(plugin.name, options.environment);
  if (!credentials.source) {
    throw new UsageError(`no ${plugin.name} credentials found: ${credentials.remedy} (the ${plugin.name} provider reads ${plugin.environmentVariables.join(', ')})`);
  }
  const settings = options.providerConfig === undefined ? {} : await readProviderConfig(options.providerConfig, plugin.name);
  return { cloud: 'real', provider: plugin.name, bootstrapEndpoint: formatBootstrapEndpoint(endpoint), settings };
}

/** Refuses to point a state directory that already drives one cloud at another. */
export function checkSameTarget(existing: EnvironmentRecord | undefined, wanted: EnvironmentRecord, stateDirectory: string, hasClusters: boolean): void {
  if (!existing || !hasClusters) return;
  if (existing.cloud === wanted.cloud && existing.provider === wanted.provider) return;
  throw new UsageError(
    `the state directory ${stateDirectory} drives ${describeEnvironmentRecord(existing)}, not ${describeEnvironmentRecord(wanted)}; pass another --state-dir for this cluster`,
  );
}
