/**
 * Which provider a cluster's manifests name: the group of every providerSpec
 * `apiVersion` (the Cluster's and each machine's), matched against the
 * installed plugins' apiGroups. One cluster is driven by one provider.
 */
import type { ProviderPluginV1 } from '@slipway/core';
import type { ClusterPlan } from '../flows/cluster-plan.js';
import { UsageError } from '../usage-error.js';

export function providerOfPlan(plan: ClusterPlan, plugins: readonly ProviderPluginV1[]): ProviderPluginV1 {
  const values: { owner: string; value: unknown }[] = [
    { owner: `Cluster "${plan.cluster.metadata.name}"`, value: plan.cluster.spec.providerSpec?.value },
    ...[...plan.controlPlaneMachines, ...plan.workerMachines].map((machine) => ({ owner: `Machine "${machine.metadata.name}"`, value: machine.spec.providerSpec.value })),
    ...[...plan.machineSets, ...plan.machineDeployments].map((set) => ({ owner: `${set.kind} "${set.metadata.name}"`, value: set.spec.template.spec.providerSpec.value })),
  ];
  const found = new Map<string, { plugin: ProviderPluginV1; owner: string }>();
  for (const { owner, value } of values) {
    const apiVersion = (value as { apiVersion?: unknown } | undefined)?.apiVersion;
    if (typeof apiVersion !== 'string') continue;
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : apiVersion;
    const plugin = plugins.find((candidate) => candidate.providerSpec.apiGroups.includes(group));
    if (!plugin) {
      throw new UsageError(
        `${owner} names providerSpec apiVersion "${apiVersion}", which no installed provider serves; installed: ${plugins.map((candidate) => `${candidate.name} (${candidate.providerSpec.apiGroups.join(', ')})`).join('; ') || 'none'}`,
      );
    }
    if (!found.has(plugin.name)) found.set(plugin.name, { plugin, owner });
  }
  const [first, second] = [...found.values()];
  if (!first) {
    throw new UsageError(
      `no providerSpec names its provider: give the Cluster's spec.providerSpec.value an apiVersion such as ${plugins.map((plugin) => `${plugin.providerSpec.apiGroups[0]}/v1alpha1`).join(' or ') || 'awsprovider/v1alpha1'}`,
    );
  }
  if (second) {
    throw new UsageError(`${first.owner} uses provider ${first.plugin.name} but ${second.owner} uses ${second.plugin.name}; one cluster is driven by one provider`);
  }
  return first.plugin;
}
