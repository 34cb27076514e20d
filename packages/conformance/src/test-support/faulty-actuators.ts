/**
 * Deliberately broken actuators for the kit's self-test: each breaks one
 * invariant the way real providers do, mostly by bending the reference
 * actuator's cloud client, so the kit must catch exactly that.
 */
import { randomUUID } from 'node:crypto';
import type { InMemoryCloud, InMemoryCloudClient } from '@slipway/cloud-emulator';
import type { MachineActuatorV1, MachineRequestV1 } from '@slipway/core';
import { createReferenceActuator } from '../reference/reference-actuator.js';

export interface FaultyActuator {
  /** What is broken. */
  description: string;
  create(cloud: InMemoryCloud): MachineActuatorV1;
  /** The checks (`group/id`) that must fail for it, with what their failure must say (so an incidental error does not count). */
  mustFail: Readonly<Record<string, RegExp>>;
}

const withClient = (cloud: InMemoryCloud, changes: Partial<InMemoryCloudClient>): MachineActuatorV1 =>
  createReferenceActuator({ client: { ...cloud.client, ...changes } });

/** Creates with a fresh token per call and calls the cloud with no mapping, retries or token: the classic first draft. */
function naiveActuator(client: InMemoryCloudClient): MachineActuatorV1 {
  const uidTag = (request: MachineRequestV1) => ({ 'slipway-machine-uid': request.machine.metadata.uid ?? '' });
  return {
    specificationVersion: 'v1',
    capabilities: { orphanListing: false, inPlaceUpdate: false },
    async create(request) {
      const spec = request.machine.spec.providerSpec.value as { instanceType: string; image: string };
      const tags = { 'slipway-cluster-name': request.cluster.metadata.name ?? '', 'slipway-machine-name': request.machine.metadata.name ?? '', ...uidTag(request) };
      const instance = await client.runInstance({
        clientToken: `slipway-${request.machine.metadata.uid}`,
        instanceType: spec.instanceType,
        image: spec.image,
        userData: Buffer.from(request.bootstrapData.userData).toString('base64'),
        tags,
        volumeTags: tags,
        networkInterfaceTags: tags,
      });
      return { providerID: `memory:///${instance.id}`, addresses: [], instanceState: 'pending' };
    },
    async update(request) {
      const [instance] = await client.describeInstances({ tags: uidTag(request) });
      return { providerID: `memory:///${instance!.id}`, addresses: [], instanceState: 'running' };
    },
    async exists(request) {
      const instances = await client.describeInstances({ tags: uidTag(request) });
      return { exists: instances.some((instance) => instance.state !== 'terminated') };
    },
    async delete(request) {
      const providerID = request.machine.spec.providerID;
      if (providerID !== undefined) {
        await client.terminateInstance({ id: providerID.slice('memory:///'.length) });
        return { gone: true };
      }
      for (const instance of await client.describeInstances({ tags: uidTag(request) })) await client.terminateInstance({ id: instance.id });
      return { gone: true };
    },
  };
}

export const faultyActuators: readonly FaultyActuator[] = [
  {
    description: 'non-idempotent create (a new client token on every call)',
    create: (cloud) =>
      withClient(cloud, {
        runInstance: (input, options) => cloud.client.runInstance({ ...input, clientToken: randomUUID() }, options),
        allocateAddress: (input, options) => cloud.client.allocateAddress({ ...input, clientToken: randomUUID() }, options),
      }),
    mustFail: {
      'idempotency/create-twice': /the second create returned/,
      'idempotency/concurrent-create': /two concurrent creates returned different instances/,
      'idempotency/create-after-lost-reply': /a lost reply and a retry left .* expected one instance/,
      'idempotency/crash-after-work': /after a crash at request 1 \(after-work\) and a retry, the cloud holds 2 instances/,
      'eventual-consistency/no-duplicate': /inside the window/,
    },
  },
  {
    description: 'an address allocated under a fresh token on every attempt (the instance is idempotent, the address is not)',
    create: (cloud) =>
      withClient(cloud, {
        allocateAddress: (input, options) => cloud.client.allocateAddress({ ...input, clientToken: randomUUID() }, options),
      }),
    mustFail: {
      'idempotency/crash-after-work': /after a crash at request \d \(after-work\) and a retry, the cloud holds .*"address":2.*something leaked/,
      'idempotency/create-twice': /the second create added resources: .*"address":1.*"address":2/,
    },
  },
  {
    description: 'leaking delete (the public address is never released)',
    create: (cloud) => withClient(cloud, { releaseAddress: async () => {} }),
    mustFail: { 'deletion/nothing-left': /these remain: address eipalloc-/ },
  },
  {
    description: 'raw errors (no mapping, no retries, no validation)',
    create: (cloud) => naiveActuator(cloud.client),
    mustFail: {
      'errors/throttling-burst': /create surfaced throttling instead of retrying it: CloudFault/,
      'errors/invalid-provider-spec': /let a raw error escape: CloudFault/,
      'errors/quota': /let a raw error escape: CloudFault: Quota exceeded/,
      'errors/server-errors': /let a raw error escape: CloudFault: An internal error/,
      'errors/dropped-connections': /let a raw error escape: EmulatedConnectionError/,
      'idempotency/create-after-lost-reply': /let a raw error escape: EmulatedConnectionError/,
      'deletion/unknown-provider-id': /The instance ID 'i-[0-9a-f]+' does not exist/,
    },
  },
  {
    description: 'untagged volumes and network interfaces',
    create: (cloud) =>
      withClient(cloud, {
        runInstance: ({ volumeTags: _volume, networkInterfaceTags: _interface, ...input }, options) => cloud.client.runInstance(input, options),
      }),
    mustFail: { 'ownership/tags': /lack one of the ownership values .*volume .*network-interface/ },
  },
  {
    description: 'user data re-encoded on the way (UTF-8 read as Latin-1)',
    create: (cloud) =>
      withClient(cloud, {
        runInstance: (input, options) =>
          cloud.client.runInstance(
            { ...input, ...(input.userData ? { userData: Buffer.from(Buffer.from(input.userData, 'base64').toString('latin1'), 'utf8').toString('base64') } : {}) },
            options,
          ),
      }),
    mustFail: { 'user-data/intact': /user data that differ/ },
  },
  {
    description: 'a chatty exists (three describes where one does)',
    create: (cloud) => {
      const reference = withClient(cloud, {});
      return {
        ...reference,
        exists: async (request, context) => {
          await reference.exists(request, context);
          await reference.exists(request, context);
          return reference.exists(request, context);
        },
      };
    },
    mustFail: { 'api-budget/lifecycle': /over budget: exists made 3 calls, the budget is 1/ },
  },
  {
    description: 'a capability declared but not delivered (orphanListing lists nothing)',
    create: (cloud) => ({ ...withClient(cloud, {}), listOwnedInstances: async () => [] }),
    mustFail: { 'capabilities/orphan-listing': /listOwnedInstances did not list/ },
  },
  {
    description: 'delete that trusts an eventually consistent list (ignores providerID and token)',
    create: (cloud) => {
      const reference = withClient(cloud, {
        describeInstances: ({ clientToken: _token, ids: _ids, ...input }, options) => cloud.client.describeInstances(input, options),
      });
      return {
        ...reference,
        delete: (request, context) => {
          const { providerID: _forgotten, ...spec } = request.machine.spec;
          return reference.delete({ ...request, machine: { ...request.machine, spec } }, context);
        },
      };
    },
    mustFail: { 'eventual-consistency/delete-inside-window': /answered gone, yet these remain: instance / },
  },
];

