/**
 * Three small providers for the core tests, each judging providerSpec values with
 * its own zod schema, the way real provider packages plug into manifest parsing.
 * Their fields follow the 2018 AWS, GCE and OpenStack provider specs, trimmed.
 */
import { z } from 'zod';
import type { ProviderSpecSource } from '../index.js';

const awsMachineProviderSpec = z.strictObject({
  apiVersion: z.literal('awsprovider/v1alpha1'),
  kind: z.literal('AWSMachineProviderSpec'),
  instanceType: z.string().min(1),
  ami: z.strictObject({ id: z.string().regex(/^ami-[0-9a-f]+$/, { message: 'expected an AMI id such as ami-0a313d6098716f372' }) }).optional(),
  iamInstanceProfile: z.string().optional(),
  keyName: z.string().optional(),
  publicIP: z.boolean().optional(),
  additionalTags: z.record(z.string(), z.string()).optional(),
});

const awsClusterProviderSpec = z.strictObject({
  apiVersion: z.literal('awsprovider/v1alpha1'),
  kind: z.literal('AWSClusterProviderSpec'),
  region: z.string().min(1),
  sshKeyName: z.string().optional(),
});

export const exampleAwsProvider: ProviderSpecSource = {
  name: 'aws',
  providerSpec: { apiGroups: ['awsprovider'], machineProviderSpec: awsMachineProviderSpec, clusterProviderSpec: awsClusterProviderSpec },
};

const gceMachineProviderSpec = z.strictObject({
  apiVersion: z.literal('gceproviderconfig/v1alpha1'),
  kind: z.literal('GCEMachineProviderConfig'),
  zone: z.string(),
  machineType: z.string(),
  os: z.string(),
  disks: z
    .array(z.strictObject({ initializeParams: z.strictObject({ diskSizeGb: z.number().int().min(10), diskType: z.enum(['pd-standard', 'pd-ssd']) }) }))
    .optional(),
});

const gceClusterProviderSpec = z.strictObject({
  apiVersion: z.literal('gceproviderconfig/v1alpha1'),
  kind: z.literal('GCEClusterProviderConfig'),
  project: z.string().min(1),
});

export const exampleGceProvider: ProviderSpecSource = {
  name: 'gcp',
  providerSpec: { apiGroups: ['gceproviderconfig'], machineProviderSpec: gceMachineProviderSpec, clusterProviderSpec: gceClusterProviderSpec },
};

const openstackMachineProviderSpec = z.strictObject({
  apiVersion: z.literal('openstackproviderconfig/v1alpha1'),
  kind: z.literal('OpenstackProviderSpec'),
  flavor: z.string(),
  image: z.string(),
  sshUserName: z.string().optional(),
  availabilityZone: z.string().optional(),
  networks: z.array(z.strictObject({ uuid: z.string() })).optional(),
  floatingIP: z.string().optional(),
  securityGroups: z.array(z.string()).optional(),
});

const openstackClusterProviderSpec = z.looseObject({
  apiVersion: z.literal('openstackproviderconfig/v1alpha1'),
  kind: z.literal('OpenstackProviderSpec'),
});

export const exampleOpenstackProvider: ProviderSpecSource = {
  name: 'openstack',
  providerSpec: {
    apiGroups: ['openstackproviderconfig'],
    machineProviderSpec: openstackMachineProviderSpec,
    clusterProviderSpec: openstackClusterProviderSpec,
  },
};

export const exampleProviders: readonly ProviderSpecSource[] = [exampleAwsProvider, exampleGceProvider, exampleOpenstackProvider];
