/** What the CLI and the manager load when a manifest names the AWS provider (`awsprovider/v1alpha1`). */
import type { ProviderPluginV1 } from '@slipway/core';
import { awsClusterProviderSpecSchema } from './cluster/aws-cluster-provider-spec.js';
import { awsClusterProviderStatusSchema } from './cluster/aws-cluster-provider-status.js';
import { awsMachineProviderSpecSchema } from './machine/aws-machine-provider-spec.js';
import { createAwsActuator } from './create-aws-actuator.js';
import type { AwsActuatorSettings } from './settings/aws-actuator-settings.js';
import { awsEnvironmentVariables } from './settings/aws-environment.js';

export const awsProviderPlugin: ProviderPluginV1<AwsActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'aws',
  description: 'Amazon EC2: instances, a managed or existing VPC, and a network load balancer for the Kubernetes API',
  providerSpec: {
    apiGroups: ['awsprovider', 'awsproviderconfig', 'aws.slipway.dev'],
    machineProviderSpec: awsMachineProviderSpecSchema,
    clusterProviderSpec: awsClusterProviderSpecSchema,
    clusterProviderStatus: awsClusterProviderStatusSchema,
  },
  environmentVariables: awsEnvironmentVariables,
  createActuators: (settings) => createAwsActuator(settings),
};
