/** Where the AWS provider reads its settings; the SDK reads more (see its docs). */
import { environmentVariablesOf } from '@slipway/provider-utils';

export const awsEnvironmentSpecification = {
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  profile: ['AWS_PROFILE'],
  accessKeyId: ['AWS_ACCESS_KEY_ID'],
  secretAccessKey: ['AWS_SECRET_ACCESS_KEY'],
  sessionToken: ['AWS_SESSION_TOKEN'],
  ec2Endpoint: ['AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL'],
  loadBalancingEndpoint: ['AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2', 'AWS_ENDPOINT_URL'],
} as const;

export const awsEnvironmentVariables: readonly string[] = environmentVariablesOf(awsEnvironmentSpecification);
