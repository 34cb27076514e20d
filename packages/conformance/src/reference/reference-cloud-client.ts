/**
 * The compute API the reference actuator speaks: the in-memory cloud's client
 * from @slipway/cloud-emulator satisfies it as it is. Declared here so the kit
 * needs the emulator only in its own tests.
 */
export interface ReferenceInstance {
  id: string;
  state: string;
  privateIp: string;
  publicIp: string | undefined;
  tags: Record<string, string>;
}

export interface ReferenceAddress {
  id: string;
  publicIp: string;
  instanceId: string | undefined;
  tags: Record<string, string>;
}

export interface ReferenceCallOptions {
  signal?: AbortSignal;
}

export interface ReferenceCloudClient {
  runInstance(
    input: {
      clientToken: string;
      instanceType: string;
      image: string;
      userData?: string;
      diskSizeGb?: number;
      tags?: Record<string, string>;
      volumeTags?: Record<string, string>;
      networkInterfaceTags?: Record<string, string>;
    },
    options?: ReferenceCallOptions,
  ): Promise<ReferenceInstance>;
  describeInstances(
    input: { ids?: readonly string[]; tags?: Record<string, string>; clientToken?: string },
    options?: ReferenceCallOptions,
  ): Promise<ReferenceInstance[]>;
  terminateInstance(input: { id: string }, options?: ReferenceCallOptions): Promise<{ id: string; currentState: string }>;
  createTags(input: { id: string; tags: Record<string, string> }, options?: ReferenceCallOptions): Promise<void>;
  allocateAddress(input: { clientToken: string; tags?: Record<string, string> }, options?: ReferenceCallOptions): Promise<ReferenceAddress>;
  associateAddress(input: { addressId: string; instanceId: string }, options?: ReferenceCallOptions): Promise<ReferenceAddress>;
  describeAddresses(
    input: { ids?: readonly string[]; tags?: Record<string, string>; clientToken?: string },
    options?: ReferenceCallOptions,
  ): Promise<ReferenceAddress[]>;
  releaseAddress(input: { id: string }, options?: ReferenceCallOptions): Promise<void>;
}
