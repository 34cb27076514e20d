/**
 * An emulated cloud without a wire: a small compute API called as functions,
 * on the same runtime (store, lifecycle, faults, call log, side door) as the
 * wire-level emulators. The conformance kit's reference actuator runs against
 * it, and it is the quickest cloud for tests that do not care about an SDK.
 *
 * Its API is shaped like the hard parts of real clouds: idempotency tokens on
 * creation (with a parameter-mismatch error), eventually consistent describes,
 * tags that must be asked for on each resource (nothing propagates by itself),
 * an address that must be allocated, associated and released on its own, root
 * volumes and network interfaces that go with their instance.
 * Errors are CloudFaults (the "raw SDK error" an actuator must map); lost
 * replies are EmulatedConnectionErrors.
 */
import type { EmulatorClock } from '../clock/emulator-clock.js';
import type { CallLog } from '../call-log/call-log.js';
import { CloudFault } from '../faults/cloud-fault.js';
import type { FaultSwitchboard, ThrottlingPolicy } from '../faults/fault-switchboard.js';
import { LostReply } from '../faults/lost-reply.js';
import type { EmulatorInspector } from '../runtime/emulator-inspector.js';
import { createEmulatorRuntime, type EmulatorRuntime, type EmulatorRuntimeOptions } from '../runtime/emulator-runtime.js';
import type { StoredResource } from '../store/stored-resource.js';
import { EmulatedConnectionError } from './emulated-connection-error.js';

/** The instance types the in-memory cloud offers. */
export const inMemoryInstanceTypes = ['small', 'medium', 'large'] as const;

/** Buckets in the spirit of EC2's: launches scarce, reads plentiful. */
export const inMemoryThrottlingPolicy: ThrottlingPolicy = (action) => {
  if (action === 'RunInstance') return { bucket: 'run', limits: { capacity: 5, refillPerSecond: 2 } };
  if (action.startsWith('Describe')) return { bucket: 'read', limits: { capacity: 100, refillPerSecond: 20 } };
  return { bucket: 'write', limits: { capacity: 50, refillPerSecond: 5 } };
};

export interface InMemoryInstance {
  id: string;
  state: string;
  instanceType: string;
  image: string;
  privateIp: string;
  publicIp: string | undefined;
  tags: Record<string, string>;
  createdAt: number;
}

export interface InMemoryAddress {
  id: string;
  publicIp: string;
  instanceId: string | undefined;
  tags: Record<string, string>;
}

export interface RunInstanceInput {
  /** Idempotency token: a second call with the same token returns the first instance (or IdempotentParameterMismatch). */
  clientToken: string;
  instanceType: string;
  image: string;
  /** Base64, as most clouds want user data. */
  userData?: string;
  diskSizeGb?: number;
  /** Tags of the instance itself. */
  tags?: Record<string, string>;
  /** Tags of the root volume and the network interface created with it (they get none otherwise). */
  volumeTags?: Record<string, string>;
  networkInterfaceTags?: Record<string, string>;
}

/** Per-call options, as SDKs take them. */
export interface InMemoryCallOptions {
  signal?: AbortSignal;
}

export interface InMemoryCloudClient {
  runInstance(input: RunInstanceInput, options?: InMemoryCallOptions): Promise<InMemoryInstance>;
  /**
   * Eventually consistent, except a lookup by `clientToken` (EC2's `client-token`
   * filter), which sees what the token created at once. Terminated instances are
   * listed until the cloud forgets them.
   */
  describeInstances(
    input: { ids?: readonly string[]; tags?: Record<string, string>; clientToken?: string },
    options?: InMemoryCallOptions,
  ): Promise<InMemoryInstance[]>;
  terminateInstance(input: { id: string }, options?: InMemoryCallOptions): Promise<{ id: string; previousState: string; currentState: string }>;
  createTags(input: { id: string; tags: Record<string, string> }, options?: InMemoryCallOptions): Promise<void>;
  allocateAddress(input: { clientToken: string; tags?: Record<string, string> }, options?: InMemoryCallOptions): Promise<InMemoryAddress>;
  associateAddress(input: { addressId: string; instanceId: string }, options?: InMemoryCallOptions): Promise<InMemoryAddress>;
  /** Eventually consistent, except a lookup by `clientToken`. */
  describeAddresses(
    input: { ids?: readonly string[]; tags?: Record<string, string>; clientToken?: string },
    options?: InMemoryCallOptions,
  ): Promise<InMemoryAddress[]>;
  releaseAddress(input: { id: string }, options?: InMemoryCallOptions): Promise<void>;
}

export interface InMemoryCloudOptions extends Omit<EmulatorRuntimeOptions, 'throttlingPolicy'> {
  throttlingPolicy?: ThrottlingPolicy;
}

export interface InMemoryCloud {
  client: InMemoryCloudClient;
  clock: EmulatorClock;
  inspect: EmulatorInspector;
  faults: FaultSwitchboard;
  callLog: CallLog;
  runtime: EmulatorRuntime;
  stop(): Promise<void>;
}

let addressCounter = 0;
const nextIp = (prefix: string): string => {
  addressCounter = (addressCounter + 1) % 65_000;
  return `${prefix}.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 2}`;
};

const notFound = (kind: string, id: string, code: string) =>
  new CloudFault(`The ${kind} ID '${id}' does not exist`, { kind: 'not-found', code, status: 400 });

function instanceView(instance: StoredResource): InMemoryInstance {
  return {
    id: instance.id,
    state: instance.state,
    instanceType: String(instance.attributes['instanceType']),
    image: String(instance.attributes['image']),
    privateIp: String(instance.attributes['privateIp']),
    publicIp: instance.attributes['publicIp'] as string | undefined,
    tags: { ...instance.tags },
    createdAt: instance.createdAt,
  };
}

function addressView(address: StoredResource): InMemoryAddress {
  return {
    id: address.id,
    publicIp: String(address.attributes['publicIp']),
    instanceId: address.attributes['instanceId'] as string | undefined,
    tags: { ...address.tags },
  };
}

export function createInMemoryCloud(options: InMemoryCloudOptions = {}): InMemoryCloud {
  const runtime = createEmulatorRuntime({ ...options, throttlingPolicy: options.throttlingPolicy ?? inMemoryThrottlingPolicy });
  const { store, lifecycle } = runtime;

  // Every call goes through the runtime; a lost reply becomes a dropped connection, and an
  // aborted signal stops the call before it reaches the cloud, as an SDK would.
  const call = async <T>(action: string, callOptions: InMemoryCallOptions | undefined, work: () => T): Promise<T> => {
    callOptions?.signal?.throwIfAborted();
    try {
      return await runtime.perform(action, work);
    } catch (error) {
      if (LostReply.isInstance(error)) throw new EmulatedConnectionError(action);
      throw error;
    }
  };

  const requireText = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value === '') {
      throw new CloudFault(`The parameter ${field} must be a non-empty string.`, { kind: 'invalid-request', code: 'InvalidParameterValue', status: 400 });
    }
    return value;
  };

  const client: InMemoryCloudClient = {
    runInstance: (input, callOptions) =>
      call('RunInstance', callOptions, () => {
        const clientToken = requireText(input.clientToken, 'clientToken');
        const fingerprint = JSON.stringify([input.instanceType, input.image, input.userData ?? '', input.diskSizeGb ?? 20]);
        const existing = store.findByIdempotencyKey('instance', clientToken);
        if (existing !== undefined) {
          if (existing.attributes['fingerprint'] !== fingerprint) {
            throw new CloudFault('The arguments of this request differ from those of the first request with this client token.', {
              kind: 'invalid-request',
              code: 'IdempotentParameterMismatch',
              status: 400,
            });
          }
          return instanceView(existing);
        }
        if (!(inMemoryInstanceTypes as readonly string[]).includes(input.instanceType)) {
          throw new CloudFault(`The instance type '${input.instanceType}' does not exist; choose one of ${inMemoryInstanceTypes.join(', ')}.`, {
            kind: 'invalid-request',
            code: 'InvalidInstanceType',
            status: 400,
          });
        }
        requireText(input.image, 'image');
        const userData = input.userData === undefined ? undefined : Buffer.from(input.userData, 'base64');
        const instance = lifecycle.launch({
          idPrefix: 'i',
          idempotencyKey: clientToken,
          tags: { ...input.tags },
          ...(userData !== undefined ? { userData } : {}),
          attributes: {
            instanceType: input.instanceType,
            image: input.image,
            privateIp: nextIp('10.0'),
            diskSizeGb: input.diskSizeGb ?? 20,
            fingerprint,
          },
        });
        store.create({ kind: 'volume', idPrefix: 'vol', ownerId: instance.id, tags: { ...input.volumeTags }, attributes: { sizeGb: input.diskSizeGb ?? 20 } });
        store.create({ kind: 'network-interface', idPrefix: 'eni', ownerId: instance.id, tags: { ...input.networkInterfaceTags }, attributes: {} });
        return instanceView(instance);
      }),

    describeInstances: (input, callOptions) =>
      call('DescribeInstances', callOptions, () => {
        const found =
          input.clientToken !== undefined
            ? [store.findByIdempotencyKey('instance', input.clientToken)].filter((instance) => instance !== undefined)
            : store.list({ kind: 'instance', includeGone: true });
        return found
          .filter((instance) => input.ids === undefined || input.ids.includes(instance.id))
          .filter((instance) => Object.entries(input.tags ?? {}).every(([key, value]) => instance.tags[key] === value))
          .map(instanceView);
      }),

    terminateInstance: (input, callOptions) =>
      call('TerminateInstance', callOptions, () => {
        const before = store.get('instance', input.id, { consistent: true, includeGone: true });
        if (before === undefined) throw notFound('instance', input.id, 'InvalidInstanceID.NotFound');
        const previousState = before.state;
        const after = lifecycle.terminate(input.id)!;
        return { id: input.id, previousState, currentState: after.state };
      }),

    createTags: (input, callOptions) =>
      call('CreateTags', callOptions, () => {
        const target = store.list({ consistent: true }).find((resource) => resource.id === input.id);
        if (target === undefined) throw notFound('resource', input.id, 'InvalidID.NotFound');
        Object.assign(target.tags, input.tags);
      }),

    allocateAddress: (input, callOptions) =>
      call('AllocateAddress', callOptions, () => {
        const clientToken = requireText(input.clientToken, 'clientToken');
        const existing = store.findByIdempotencyKey('address', clientToken);
        if (existing !== undefined && existing.state !== 'deleted') return addressView(existing);
        const address = store.create({
          kind: 'address',
          idPrefix: 'eipalloc',
          idempotencyKey: clientToken,
          tags: { ...input.tags },
          attributes: { publicIp: nextIp('203.0') },
        });
        return addressView(address);
      }),

    associateAddress: (input, callOptions) =>
      call('AssociateAddress', callOptions, () => {
        const address = store.get('address', input.addressId, { consistent: true });
        if (address === undefined) throw notFound('allocation', input.addressId, 'InvalidAllocationID.NotFound');
        const instance = store.get('instance', input.instanceId, { consistent: true });
        if (instance === undefined) throw notFound('instance', input.instanceId, 'InvalidInstanceID.NotFound');
        address.attributes['instanceId'] = instance.id;
        instance.attributes['publicIp'] = address.attributes['publicIp'];
        return addressView(address);
      }),

    describeAddresses: (input, callOptions) =>
      call('DescribeAddresses', callOptions, () => {
        const found =
          input.clientToken !== undefined
            ? [store.findByIdempotencyKey('address', input.clientToken)].filter((address) => address !== undefined && address.state !== 'deleted')
            : store.list({ kind: 'address' });
        return found
          .filter((address) => input.ids === undefined || input.ids.includes(address!.id))
          .filter((address) => Object.entries(input.tags ?? {}).every(([key, value]) => address!.tags[key] === value))
          .map((address) => addressView(address!));
      }),

    releaseAddress: (input, callOptions) =>
      call('ReleaseAddress', callOptions, () => {
        const address = store.get('address', input.id, { consistent: true });
        if (address === undefined) throw notFound('allocation', input.id, 'InvalidAllocationID.NotFound');
        const instanceId = address.attributes['instanceId'];
        if (typeof instanceId === 'string') {
          const instance = store.get('instance', instanceId, { consistent: true, includeGone: true });
          if (instance !== undefined) delete instance.attributes['publicIp'];
        }
        address.state = 'deleted';
        store.remove('address', address.id);
      }),
  };

  return {
    client,
    clock: runtime.clock,
    inspect: runtime.inspect,
    faults: runtime.faults,
    callLog: runtime.callLog,
    runtime,
    stop: () => runtime.dispose(),
  };
}

