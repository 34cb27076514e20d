/** Where each setting comes from when it is not passed: the variables Azure's own tools read. */
import { environmentVariablesOf } from '@slipway/provider-utils';

export const azureEnvironmentSpecification = {
  subscriptionId: ['AZURE_SUBSCRIPTION_ID'],
  // Read by DefaultAzureCredential (environment credential, workload identity, managed identity).
  tenantId: ['AZURE_TENANT_ID'],
  clientId: ['AZURE_CLIENT_ID'],
  clientSecret: ['AZURE_CLIENT_SECRET'],
  clientCertificatePath: ['AZURE_CLIENT_CERTIFICATE_PATH'],
  federatedTokenFile: ['AZURE_FEDERATED_TOKEN_FILE'],
  authorityHost: ['AZURE_AUTHORITY_HOST'],
} as const;

export const azureEnvironmentVariables: readonly string[] = environmentVariablesOf(azureEnvironmentSpecification);
