/**
 * The few facts the actuators need about an EC2 instance, taken from the SDK's
 * `Instance` shape once, and how they become a Machine's addresses and
 * providerID.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import type { InstanceStateV1, MachineActuatorResultV1, NodeAddress } from '@slipway/core';
import { instanceStateFromEc2 } from './aws-instance-state.js';
import { formatProviderId } from './aws-provider-id.js';

export interface Ec2InstanceSummary {
  instanceId: string;
  state: InstanceStateV1;
  availabilityZone: string;
  privateIpAddress: string | undefined;
  publicIpAddress: string | undefined;
  privateDnsName: string | undefined;
  publicDnsName: string | undefined;
  imageId: string | undefined;
  instanceType: string | undefined;
  tags: Record<string, string>;
}

export function summarizeInstance(instance: Instance): Ec2InstanceSummary {
  const tags: Record<string, string> = {};
  for (const tag of instance.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return {
    instanceId: instance.InstanceId ?? '',
    state: instanceStateFromEc2(instance.State?.Name),
    availabilityZone: instance.Placement?.AvailabilityZone ?? '',
    privateIpAddress: instance.PrivateIpAddress || undefined,
    publicIpAddress: instance.PublicIpAddress || undefined,
    privateDnsName: instance.PrivateDnsName || undefined,
    publicDnsName: instance.PublicDnsName || undefined,
    imageId: instance.ImageId,
    instanceType: instance.InstanceType,
    tags,
  };
}

export function addressesOf(instance: Ec2InstanceSummary): NodeAddress[] {
  const addresses: NodeAddress[] = [];
  if (instance.privateIpAddress) addresses.push({ type: 'InternalIP', address: instance.privateIpAddress });
  if (instance.publicIpAddress) addresses.push({ type: 'ExternalIP', address: instance.publicIpAddress });
  if (instance.privateDnsName) {
    addresses.push({ type: 'InternalDNS', address: instance.privateDnsName });
    addresses.push({ type: 'Hostname', address: instance.privateDnsName });
  }
  if (instance.publicDnsName) addresses.push({ type: 'ExternalDNS', address: instance.publicDnsName });
  return addresses;
}

export function machineResultOf(instance: Ec2InstanceSummary): MachineActuatorResultV1 {
  return {
    providerID: formatProviderId(instance.availabilityZone, instance.instanceId),
    addresses: addressesOf(instance),
    instanceState: instance.state,
    providerStatus: {
      instanceId: instance.instanceId,
      instanceState: instance.state,
      availabilityZone: instance.availabilityZone,
      ...(instance.imageId ? { imageId: instance.imageId } : {}),
      ...(instance.instanceType ? { instanceType: instance.instanceType } : {}),
    },
  };
}
