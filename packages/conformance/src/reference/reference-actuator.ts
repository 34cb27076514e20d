/**
 * The reference actuator: a complete provider for the in-memory cloud that keeps
 * every invariant the kit checks, and the shape a real provider copies.
 *
 * - Idempotent create: one client token per Machine UID (instance) and one for
 *   its address; lookups by token are consistent, so retries and crashes find
 *   what an earlier attempt made.
 * - Ownership tags on everything, asked for explicitly (nothing propagates).
 * - Errors mapped in one place; transient ones retried with backoff on the
 *   context's clock, honouring Retry-After, stopping when the signal aborts.
 * - Delete by providerID, by token and by tag, releasing the address too.
 */
import {
  TransientError,
  type ActuatorContextV1,
  type Cluster,
  type Machine,
  type MachineActuatorResultV1,
  type MachineActuatorV1,
  type MachineDeleteResultV1,
  type MachineExistsResultV1,
  type NodeAddress,
  type OwnedInstanceV1,
  InvalidProviderSpecError,
  ProviderApiError,
} from '@slipway/core';
import type { ReferenceCloudClient, ReferenceInstance } from './reference-cloud-client.js';
import { isNotFound, mapReferenceCloudError } from './reference-error-mapper.js';
import { parseReferenceMachineProviderSpec } from './reference-provider-spec.js';

export interface ReferenceActuatorOptions {
  client: ReferenceCloudClient;
  /** Attempts per cloud call for transient failures; default 6. */
  maximumAttempts?: number;
  /** First backoff in milliseconds, doubled per attempt; default 200. */
  baseBackoffMilliseconds?: number;
}

/** Tag keys of the reference provider; values are the cluster name, Machine name and Machine UID. */
export const referenceOwnershipTagKeys = {
  clusterName: 'slipway-cluster-name',
  machineName: 'slipway-machine-name',
  machineUid: 'slipway-machine-uid',
} as const;

const providerIdPrefix = 'memory:///';
const goingStates = new Set(['terminating', 'terminated']);

function ownershipTags(cluster: Cluster, machine: Machine): Record<string, string> {
  return {
    [referenceOwnershipTagKeys.clusterName]: cluster.metadata.name ?? '',
    [referenceOwnershipTagKeys.machineName]: machine.metadata.name ?? '',
    [referenceOwnershipTagKeys.machineUid]: machine.metadata.uid ?? '',
  };
}

function machineUidOf(machine: Machine): string {
  const uid = machine.metadata.uid;
  if (uid === undefined || uid === '') {
    throw new InvalidProviderSpecError('metadata.uid', 'the Machine has no UID; the store assigns one on creation');
  }
  return uid;
}

const instanceTokenOf = (uid: string): string => `slipway-${uid}`;
const addressTokenOf = (uid: string): string => `slipway-${uid}-address`;

function resultOf(instance: ReferenceInstance): MachineActuatorResultV1 {
  const addresses: NodeAddress[] = [{ type: 'InternalIP', address: instance.privateIp }];
  if (instance.publicIp !== undefined) addresses.push({ type: 'ExternalIP', address: instance.publicIp });
  const state = instance.state;
  return {
    providerID: `${providerIdPrefix}${instance.id}`,
    addresses,
    instanceState: state === 'pending' || state === 'running' || state === 'stopping' || state === 'stopped' || state === 'terminating' || state === 'terminated' ? state : 'unknown',
  };
}

export function createReferenceActuator(options: ReferenceActuatorOptions): MachineActuatorV1 {
  const { client } = options;
  const maximumAttempts = options.maximumAttempts ?? 6;
  const baseBackoff = options.baseBackoffMilliseconds ?? 200;

  /** One cloud call with classification and retries; throws only Slipway errors. */
  const callCloud = async <T>(operation: string, context: ActuatorContextV1, call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      if (context.signal.aborted) throw new TransientError(`${operation} was not attempted: the call was aborted`, { cause: context.signal.reason });
      try {
        return await call();
      } catch (error) {
        const mapped = mapReferenceCloudError(error, operation);
        if (!mapped.isRetryable || attempt >= maximumAttempts || context.signal.aborted) throw mapped;
        const retryAfter = ProviderApiError.isInstance(mapped) ? mapped.retryAfterMs : undefined;
        const backoff = retryAfter ?? baseBackoff * 2 ** (attempt - 1);
        context.logger.debug('retrying a transient cloud failure', { operation, attempt, backoff, error: mapped.message });
        try {
          await context.clock.sleep(backoff, context.signal);
        } catch (abort) {
          throw new TransientError(`${operation} was aborted while backing off`, { cause: abort });
        }
      }
    }
  };

  const instanceIdOf = (machine: Machine): string | undefined =>
    machine.spec.providerID?.startsWith(providerIdPrefix) ? machine.spec.providerID.slice(providerIdPrefix.length) : undefined;

  /** The Machine's instances: by providerID, by token (consistent) and by tag. */
  const findInstances = async (machine: Machine, context: ActuatorContextV1): Promise<ReferenceInstance[]> => {
    const uid = machineUidOf(machine);
    const byToken = await callCloud('describe instances by client token', context, () =>
      client.describeInstances({ clientToken: instanceTokenOf(uid) }, { signal: context.signal }),
    );
    const byTag = await callCloud('describe instances by tag', context, () =>
      client.describeInstances({ tags: { [referenceOwnershipTagKeys.machineUid]: uid } }, { signal: context.signal }),
    );
    const instances = new Map<string, ReferenceInstance>();
    for (const instance of [...byToken, ...byTag]) instances.set(instance.id, instance);
    const knownId = instanceIdOf(machine);
    if (knownId !== undefined && !instances.has(knownId)) {
      const byId = await callCloud('describe instance by id', context, () => client.describeInstances({ ids: [knownId] }, { signal: context.signal }));
      for (const instance of byId) instances.set(instance.id, instance);
    }
    return [...instances.values()];
  };

  const liveInstance = (instances: ReferenceInstance[]): ReferenceInstance | undefined => instances.find((instance) => !goingStates.has(instance.state));

  return {
    specificationVersion: 'v1',
    capabilities: { orphanListing: true, inPlaceUpdate: false },

    async create(request, context) {
      const spec = parseReferenceMachineProviderSpec(request.machine);
      const uid = machineUidOf(request.machine);
      const tags = ownershipTags(request.cluster, request.machine);
      let instance = await callCloud('run instance', context, () =>
        client.runInstance(
          {
            clientToken: instanceTokenOf(uid),
            instanceType: spec.instanceType,
            image: spec.image,
            diskSizeGb: spec.diskSizeGb,
            userData: Buffer.from(request.bootstrapData.userData, 'utf8').toString('base64'),
            tags,
            volumeTags: tags,
            networkInterfaceTags: tags,
          },
          { signal: context.signal },
        ),
      );
      if (spec.publicAddress) {
        const address = await callCloud('allocate address', context, () =>
          client.allocateAddress({ clientToken: addressTokenOf(uid), tags }, { signal: context.signal }),
        );
        if (address.instanceId !== instance.id) {
          await callCloud('associate address', context, () =>
            client.associateAddress({ addressId: address.id, instanceId: instance.id }, { signal: context.signal }),
          );
        }
        instance = { ...instance, publicIp: address.publicIp };
      }
      return resultOf(instance);
    },

    async exists(request, context): Promise<MachineExistsResultV1> {
      const uid = machineUidOf(request.machine);
      const knownId = instanceIdOf(request.machine);
      const instances = await callCloud('describe instances by client token', context, () =>
        client.describeInstances(knownId ? { ids: [knownId] } : { clientToken: instanceTokenOf(uid) }, { signal: context.signal }),
      );
      const instance = liveInstance(instances);
      if (instance === undefined) return { exists: false };
      const result = resultOf(instance);
      return { exists: true, providerID: result.providerID, instanceState: result.instanceState, addresses: result.addresses };
    },

    async update(request, context) {
      const instances = await findInstances(request.machine, context);
      const instance = liveInstance(instances);
      if (instance === undefined) throw new TransientError(`no live instance for Machine ${request.machine.metadata.name} yet; create it first`);
      const tags = ownershipTags(request.cluster, request.machine);
      if (Object.entries(tags).some(([key, value]) => instance.tags[key] !== value)) {
        await callCloud('tag instance', context, () => client.createTags({ id: instance.id, tags }, { signal: context.signal }));
      }
      return resultOf(instance);
    },

    async delete(request, context): Promise<MachineDeleteResultV1> {
      const uid = machineUidOf(request.machine);
      const knownId = instanceIdOf(request.machine);
      const instances = await findInstances(request.machine, context);
      const toTerminate = new Set(instances.filter((instance) => instance.state !== 'terminated').map((instance) => instance.id));
      // A providerID the cloud does not show yet (eventual consistency) is terminated all the same.
      if (knownId !== undefined && !instances.some((instance) => instance.id === knownId)) toTerminate.add(knownId);
      for (const id of toTerminate) {
        await callCloud('terminate instance', context, async () => {
          try {
            await client.terminateInstance({ id }, { signal: context.signal });
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
        });
      }
      const addresses = await callCloud('describe address', context, () =>
        client.describeAddresses({ clientToken: addressTokenOf(uid) }, { signal: context.signal }),
      );
      for (const address of addresses) {
        await callCloud('release address', context, async () => {
          try {
            await client.releaseAddress({ id: address.id }, { signal: context.signal });
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
        });
      }
      return { gone: true };
    },

    async listOwnedInstances(request, context): Promise<OwnedInstanceV1[]> {
      const clusterName = request.cluster.metadata.name ?? '';
      const instances = await callCloud('describe cluster instances', context, () =>
        client.describeInstances({ tags: { [referenceOwnershipTagKeys.clusterName]: clusterName } }, { signal: context.signal }),
      );
      return instances.map((instance) => {
        const machineName = instance.tags[referenceOwnershipTagKeys.machineName];
        const machineUid = instance.tags[referenceOwnershipTagKeys.machineUid];
        return {
          providerID: `${providerIdPrefix}${instance.id}`,
          clusterName,
          instanceState: resultOf(instance).instanceState,
          ...(machineName !== undefined ? { machineName } : {}),
          ...(machineUid !== undefined ? { machineUid } : {}),
        };
      });
    },
  };
}
