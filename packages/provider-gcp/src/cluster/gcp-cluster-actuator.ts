/**
 * The Cluster actuator for Compute Engine: the cluster-wide infrastructure.
 *
 * A managed network is a custom-mode network, one subnetwork in the cluster's
 * region, and the firewall rules Kubernetes needs (all traffic inside the
 * cluster's ranges; the API server port from the allowed sources to
 * control-plane machines). The API endpoint is a reserved regional address and
 * a forwarding rule sending its port to a target pool of control-plane
 * instances. Every resource has a name derived from the Cluster and carries the
 * ownership marker (labels where Compute has them, the description everywhere),
 * so reconcile adopts what an earlier attempt made and delete removes only what
 * is ours, in dependency order, each step idempotent.
 */
import {
  InvalidProviderSpecError,
  ProviderApiError,
  TerminalError,
  type ActuatorContextV1,
  type Cluster,
  type ClusterActuatorV1,
  type ClusterDeleteResultV1,
  type ClusterReconcileResultV1,
  type ClusterRequestV1,
} from '@slipway/core';
import { ownershipLabelsForGce, uuidFromMachineUid } from '@slipway/provider-utils';
import type { GcpClusterProviderSpec } from './gcp-cluster-provider-spec.js';
import type { GcpClusterProviderStatus } from './gcp-provider-status.js';
import { projectOf, type GcpConnection } from '../api/gcp-connection.js';
import { isAlreadyExistsError, isNotFoundError } from '../api/gcp-error-mapper.js';
import { waitForOperation, type GcpOperation, type GcpOperationScope } from '../api/gcp-operation-waiter.js';
import { parseClusterProviderSpec } from '../parse-gcp-provider-spec.js';
import { clusterResourceNamesOf, ownershipDescriptionOf, type ClusterResourceNames } from './gcp-resource-names.js';

/** What every SDK mutation answers: the operation wrapper, then the raw operation. */
type OperationAnswer = Promise<readonly [{ latestResponse?: unknown }, (GcpOperation | undefined)?, unknown?]>;

/** One cluster resource: how to read it, make it and delete it. */
interface ClusterResourceStep {
  /** Google's collection name, for method names in the call log (`networks`, `targetPools`). */
  collection: string;
  name: string;
  scope: GcpOperationScope;
  get(): Promise<{ description?: string | null }>;
  insert(requestId: string): OperationAnswer;
  remove(requestId: string): OperationAnswer;
}

/** Resources are retried under the same requestId for this long; after it a fresh one may be sent (the names keep it idempotent). */
const requestIdWindowMs = 10 * 60_000;

export class GcpClusterActuator implements ClusterActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  private readonly connection: GcpConnection;

  constructor(connection: GcpConnection) {
    this.connection = connection;
  }

  async reconcile(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterReconcileResultV1> {
    const { cluster } = request;
    const spec = parseClusterProviderSpec(cluster);
    if (!spec) {
      throw new InvalidProviderSpecError('spec.providerSpec.value', 'required field is missing: a GcpClusterProviderSpec with at least region (for example us-central1)');
    }
    const project = await projectOf(this.connection, spec);
    const names = clusterResourceNamesOf(cluster);
    const steps = this.stepsOf(cluster, spec, project, names);
    let network = names.network;
    let subnetwork: string | undefined = names.subnetwork;
    if (spec.network.mode === 'managed') {
      for (const step of [steps.network, steps.subnetwork, steps.internalFirewall, steps.apiServerFirewall]) await this.ensure(step, cluster, project, context);
    } else {
      network = spec.network.name;
      subnetwork = spec.network.subnetwork;
      await this.requireExisting(() => this.connection.clients.networks.get({ project, network }), 'networks.get', network, 'spec.providerSpec.value.network.name', `network ${network} does not exist in project ${project}`, context);
      if (subnetwork !== undefined) {
        const name = subnetwork;
        await this.requireExisting(() => this.connection.clients.subnetworks.get({ project, region: spec.region, subnetwork: name }), 'subnetworks.get', name, 'spec.providerSpec.value.network.subnetwork', `subnetwork ${name} does not exist in ${project}/${spec.region}`, context);
      }
    }
    const providerStatus: GcpClusterProviderStatus = { project, region: spec.region, network, ...(subnetwork !== undefined ? { subnetwork } : {}) };
    if (!spec.loadBalancer.enabled) return { apiEndpoints: [], providerStatus };

    await this.ensure(steps.address, cluster, project, context);
    const [address] = await this.connection.api.call('addresses.get', names.address, () => this.connection.clients.addresses.get({ project, region: spec.region, address: names.address }), context);
    const host = address.address ?? '';
    await this.ensure(steps.targetPool, cluster, project, context);
    await this.ensure(this.forwardingRuleStep(cluster, spec, project, names, host), cluster, project, context);
    const balanced: GcpClusterProviderStatus = {
      ...providerStatus,
      loadBalancer: { address: host, addressName: names.address, targetPool: names.targetPool, forwardingRule: names.forwardingRule },
    };
    return { apiEndpoints: [{ host, port: spec.loadBalancer.port }], providerStatus: balanced };
  }

  async delete(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterDeleteResultV1> {
    const { cluster } = request;
    const spec = parseClusterProviderSpec(cluster);
    if (!spec) return { gone: true };
    const project = await projectOf(this.connection, spec);
    const names = clusterResourceNamesOf(cluster);
    const steps = this.stepsOf(cluster, spec, project, names);
    const order = [this.forwardingRuleStep(cluster, spec, project, names, ''), steps.targetPool, steps.address];
    if (spec.network.mode === 'managed') order.push(steps.apiServerFirewall, steps.internalFirewall, steps.subnetwork, steps.network);
    for (const step of order) {
      const outcome = await this.remove(step, cluster, project, context);
      if (outcome === 'in-use') return { gone: false, requeueAfterMs: 15_000 };
      if (outcome === 'pending') return { gone: false, requeueAfterMs: 5_000 };
    }
    return { gone: true };
  }

  // ---- steps ----

  private stepsOf(cluster: Cluster, spec: GcpClusterProviderSpec, project: string, names: ClusterResourceNames) {
    const { clients } = this.connection;
    const description = ownershipDescriptionOf(cluster);
    const labels = ownershipLabelsForGce({ clusterName: cluster.metadata.name ?? '' });
    const region = spec.region;
    const managed = spec.network.mode === 'managed' ? spec.network : undefined;
    const internalRanges = [managed?.subnetworkCidr ?? '10.0.0.0/20', ...cluster.spec.clusterNetwork.pods.cidrBlocks];
    const network: ClusterResourceStep = {
      collection: 'networks',
      name: names.network,
      scope: 'global',
      get: async () => (await clients.networks.get({ project, network: names.network }))[0],
      insert: (requestId) => clients.networks.insert({ project, requestId, networkResource: { name: names.network, description, autoCreateSubnetworks: false, routingConfig: { routingMode: 'REGIONAL' } } }),
      remove: (requestId) => clients.networks.delete({ project, network: names.network, requestId }),
    };
    const subnetwork: ClusterResourceStep = {
      collection: 'subnetworks',
      name: names.subnetwork,
      scope: { region },
      get: async () => (await clients.subnetworks.get({ project, region, subnetwork: names.subnetwork }))[0],
      insert: (requestId) =>
        clients.subnetworks.insert({
          project,
          region,
          requestId,
          subnetworkResource: { name: names.subnetwork, description, network: `global/networks/${names.network}`, ipCidrRange: managed?.subnetworkCidr ?? '10.0.0.0/20', privateIpGoogleAccess: true },
        }),
      remove: (requestId) => clients.subnetworks.delete({ project, region, subnetwork: names.subnetwork, requestId }),
    };
    const internalFirewall: ClusterResourceStep = {
      collection: 'firewalls',
      name: names.internalFirewall,
      scope: 'global',
      get: async () => (await clients.firewalls.get({ project, firewall: names.internalFirewall }))[0],
      insert: (requestId) =>
        clients.firewalls.insert({
          project,
          requestId,
          firewallResource: {
            name: names.internalFirewall,
            description,
            network: `global/networks/${names.network}`,
            direction: 'INGRESS',
            priority: 1000,
            // Node to node, pod to pod and kubelet traffic stays inside the cluster's own ranges.
            allowed: [{ IPProtocol: 'tcp' }, { IPProtocol: 'udp' }, { IPProtocol: 'icmp' }, { IPProtocol: 'ipip' }],
            sourceRanges: internalRanges,
            targetTags: [names.nodeTag],
          },
        }),
      remove: (requestId) => clients.firewalls.delete({ project, firewall: names.internalFirewall, requestId }),
    };
    const apiServerFirewall: ClusterResourceStep = {
      collection: 'firewalls',
      name: names.apiServerFirewall,
      scope: 'global',
      get: async () => (await clients.firewalls.get({ project, firewall: names.apiServerFirewall }))[0],
      insert: (requestId) =>
        clients.firewalls.insert({
          project,
          requestId,
          firewallResource: {
            name: names.apiServerFirewall,
            description,
            network: `global/networks/${names.network}`,
            direction: 'INGRESS',
            priority: 1000,
            allowed: [{ IPProtocol: 'tcp', ports: [String(spec.loadBalancer.port)] }],
            sourceRanges: managed?.apiServerSourceRanges ?? ['0.0.0.0/0'],
            targetTags: [names.controlPlaneTag],
          },
        }),
      remove: (requestId) => clients.firewalls.delete({ project, firewall: names.apiServerFirewall, requestId }),
    };
    const address: ClusterResourceStep = {
      collection: 'addresses',
      name: names.address,
      scope: { region },
      get: async () => (await clients.addresses.get({ project, region, address: names.address }))[0],
      insert: (requestId) => clients.addresses.insert({ project, region, requestId, addressResource: { name: names.address, description, labels, addressType: 'EXTERNAL' } }),
      remove: (requestId) => clients.addresses.delete({ project, region, address: names.address, requestId }),
    };
    const targetPool: ClusterResourceStep = {
      collection: 'targetPools',
      name: names.targetPool,
      scope: { region },
      get: async () => (await clients.targetPools.get({ project, region, targetPool: names.targetPool }))[0],
      insert: (requestId) => clients.targetPools.insert({ project, region, requestId, targetPoolResource: { name: names.targetPool, description, sessionAffinity: 'NONE' } }),
      remove: (requestId) => clients.targetPools.delete({ project, region, targetPool: names.targetPool, requestId }),
    };
    return { network, subnetwork, internalFirewall, apiServerFirewall, address, targetPool };
  }

  private forwardingRuleStep(cluster: Cluster, spec: GcpClusterProviderSpec, project: string, names: ClusterResourceNames, host: string): ClusterResourceStep {
    const { clients } = this.connection;
    const region = spec.region;
    return {
      collection: 'forwardingRules',
      name: names.forwardingRule,
      scope: { region },
      get: async () => (await clients.forwardingRules.get({ project, region, forwardingRule: names.forwardingRule }))[0],
      insert: (requestId) =>
        clients.forwardingRules.insert({
          project,
          region,
          requestId,
          forwardingRuleResource: {
            name: names.forwardingRule,
            description: ownershipDescriptionOf(cluster),
            labels: ownershipLabelsForGce({ clusterName: cluster.metadata.name ?? '' }),
            IPAddress: host,
            IPProtocol: 'TCP',
            portRange: String(spec.loadBalancer.port),
            target: `regions/${region}/targetPools/${names.targetPool}`,
            loadBalancingScheme: 'EXTERNAL',
          },
        }),
      remove: (requestId) => clients.forwardingRules.delete({ project, region, forwardingRule: names.forwardingRule, requestId }),
    };
  }

  private requestIdOf(cluster: Cluster, purpose: string, context: ActuatorContextV1): string {
    const root = cluster.metadata.uid ?? `${cluster.metadata.namespace ?? 'default'}/${cluster.metadata.name ?? ''}`;
    return uuidFromMachineUid(root, `${purpose}@${Math.floor(context.clock.now() / requestIdWindowMs)}`);
  }

  /** Makes the resource exist: adopts ours, refuses someone else's, inserts and waits otherwise. */
  private async ensure(step: ClusterResourceStep, cluster: Cluster, project: string, context: ActuatorContextV1): Promise<void> {
    const { api, clients } = this.connection;
    const existing = await this.read(step, context);
    if (existing) {
      this.requireOurs(step, existing, cluster);
      return;
    }
    let operation: GcpOperation | undefined;
    try {
      const [pending, raw] = await api.call(`${step.collection}.insert`, step.name, () => step.insert(this.requestIdOf(cluster, `insert/${step.collection}/${step.name}`, context)), context);
      operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
    } catch (error) {
      if (!isAlreadyExistsError(error)) throw error;
      const raced = await this.read(step, context);
      if (raced) this.requireOurs(step, raced, cluster);
      return;
    }
    if (operation) {
      await waitForOperation(clients, api, operation, { project, scope: step.scope, description: `${step.collection}.insert ${step.name}`, timeoutMs: this.connection.operationTimeoutMs }, context);
    }
  }

  /** Deletes the resource when it is ours; 'in-use' when something still depends on it. */
  private async remove(step: ClusterResourceStep, cluster: Cluster, project: string, context: ActuatorContextV1): Promise<'gone' | 'in-use' | 'pending'> {
    const { api, clients } = this.connection;
    const existing = await this.read(step, context);
    if (!existing) return 'gone';
    if (existing.description !== ownershipDescriptionOf(cluster)) {
      context.logger.warn('leaving a resource that carries our name but not our ownership marker', { resource: `${step.collection}/${step.name}` });
      return 'gone';
    }
    try {
      const [pending, raw] = await api.call(`${step.collection}.delete`, step.name, () => step.remove(this.requestIdOf(cluster, `delete/${step.collection}/${step.name}`, context)), context);
      const operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
      if (operation) {
        await waitForOperation(clients, api, operation, { project, scope: step.scope, description: `${step.collection}.delete ${step.name}`, timeoutMs: this.connection.operationTimeoutMs, failureReason: 'DeleteError' }, context);
      }
      return 'gone';
    } catch (error) {
      if (isNotFoundError(error)) return 'gone';
      if (ProviderApiError.isInstance(error) && error.code === 'resourceInUseByAnotherResource') {
        context.logger.info('waiting for dependents before deleting', { resource: `${step.collection}/${step.name}`, detail: error.message });
        return 'in-use';
      }
      if (ProviderApiError.isInstance(error) && error.isRetryable) return 'pending';
      throw error;
    }
  }

  private async read(step: ClusterResourceStep, context: ActuatorContextV1): Promise<{ description?: string | null } | undefined> {
    try {
      return await this.connection.api.call(`${step.collection}.get`, step.name, () => step.get(), context);
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }

  private requireOurs(step: ClusterResourceStep, resource: { description?: string | null }, cluster: Cluster): void {
    if (resource.description !== ownershipDescriptionOf(cluster)) {
      throw new TerminalError(
        'InvalidConfiguration',
        `${step.collection}/${step.name} already exists and is not owned by cluster ${cluster.metadata.namespace ?? 'default'}/${cluster.metadata.name}; delete it or rename the Cluster`,
      );
    }
  }

  private async requireExisting(get: () => Promise<unknown>, method: string, name: string, fieldPath: string, problem: string, context: ActuatorContextV1): Promise<void> {
    try {
      await this.connection.api.call(method, name, get, context);
    } catch (error) {
      if (isNotFoundError(error)) throw new InvalidProviderSpecError(fieldPath, problem);
      throw error;
    }
  }
}
