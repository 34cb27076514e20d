/**
 * Where the Compute Engine provider reads its settings, the way Google's own
 * tools do: the project from GOOGLE_CLOUD_PROJECT, then CLOUDSDK_CORE_PROJECT;
 * credentials from Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS);
 * the endpoint from CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE.
 */
import { environmentVariablesOf } from '@slipway/provider-utils';

export const gcpEnvironment = {
  projectId: ['GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'GCLOUD_PROJECT'],
  apiEndpoint: ['CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE'],
  keyFilename: ['GOOGLE_APPLICATION_CREDENTIALS'],
} as const;

/** Every environment variable the provider reads, for docs and messages. */
export const gcpEnvironmentVariables: readonly string[] = environmentVariablesOf(gcpEnvironment);
