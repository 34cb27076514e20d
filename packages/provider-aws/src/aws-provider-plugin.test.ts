import { parseManifests } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { awsProviderPlugin } from './aws-provider-plugin.js';
import { createAwsActuator } from './create-aws-actuator.js';

const manifests = (instanceType: string) => `
apiVersion: cluster.k8s.io/v1alpha1
kind: Cluster
metadata: { name: prod }
spec:
  providerSpec:
    value:
      apiVersion: awsprovider/v1alpha1
      kind: AWSClusterProviderSpec
      network: { managed: { availabilityZones: [eu-west-1a] } }
---
apiVersion: cluster.k8s.io/v1alpha1
kind: Machine
metadata:
  name: prod-worker-1
  labels: { cluster.k8s.io/cluster-name: prod }
spec:
  versions: { kubelet: 1.30.2 }
  providerSpec:
    value:
      apiVersion: awsprovider/v1alpha1
      kind: AWSMachineProviderSpec
      ami: { id: ami-0123456789abcdef0 }
      instanceType: ${instanceType}
`;

describe('the AWS provider plugin', () => {
  it('lets manifest validation judge AWS providerSpecs by their API group, naming the field', () => {
    const valid = parseManifests(manifests('m5.large'), { providers: [awsProviderPlugin] });
    expect(valid.issues).toEqual([]);
    expect(valid.machines).toHaveLength(1);
    const invalid = parseManifests(manifests('huge'), { providers: [awsProviderPlugin] });
    expect(invalid.issues.map((issue) => issue.path)).toEqual(['spec.providerSpec.value.instanceType']);
  });

  it('declares its name, groups and the environment it reads', () => {
    expect(awsProviderPlugin.name).toBe('aws');
    expect(awsProviderPlugin.providerSpec.apiGroups).toEqual(['awsprovider', 'awsproviderconfig', 'aws.slipway.dev']);
    expect(awsProviderPlugin.environmentVariables).toEqual(expect.arrayContaining(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_EC2']));
  });

  it('takes the region from AWS_DEFAULT_REGION when AWS_REGION is absent, and an explicit setting over both', async () => {
    const fromEnvironment = createAwsActuator({ environment: { AWS_DEFAULT_REGION: 'eu-west-1' } });
    expect(await fromEnvironment.api.ec2Client.config.region()).toBe('eu-west-1');
    const explicit = createAwsActuator({ region: 'ap-south-1', environment: { AWS_REGION: 'eu-west-1' } });
    expect(await explicit.api.loadBalancingClient.config.region()).toBe('ap-south-1');
    for (const actuators of [fromEnvironment, explicit]) await actuators.close();
  });
});
