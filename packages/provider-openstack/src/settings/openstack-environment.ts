/**
 * The OS_* variables the openstack CLI and openstacksdk read, by the setting
 * each fills. The first variable set wins (OS_PROJECT_NAME before the older
 * OS_TENANT_NAME).
 */
import { environmentVariablesOf } from '@slipway/provider-utils';

export const openStackEnvironment = {
  cloud: ['OS_CLOUD'],
  cloudsYamlPath: ['OS_CLIENT_CONFIG_FILE'],
  authUrl: ['OS_AUTH_URL'],
  authType: ['OS_AUTH_TYPE'],
  username: ['OS_USERNAME'],
  userId: ['OS_USER_ID'],
  password: ['OS_PASSWORD'],
  userDomainName: ['OS_USER_DOMAIN_NAME'],
  userDomainId: ['OS_USER_DOMAIN_ID'],
  projectName: ['OS_PROJECT_NAME', 'OS_TENANT_NAME'],
  projectId: ['OS_PROJECT_ID', 'OS_TENANT_ID'],
  projectDomainName: ['OS_PROJECT_DOMAIN_NAME'],
  projectDomainId: ['OS_PROJECT_DOMAIN_ID'],
  domainName: ['OS_DOMAIN_NAME'],
  domainId: ['OS_DOMAIN_ID'],
  applicationCredentialId: ['OS_APPLICATION_CREDENTIAL_ID'],
  applicationCredentialName: ['OS_APPLICATION_CREDENTIAL_NAME'],
  applicationCredentialSecret: ['OS_APPLICATION_CREDENTIAL_SECRET'],
  region: ['OS_REGION_NAME'],
  interface: ['OS_INTERFACE', 'OS_ENDPOINT_TYPE'],
  caCertFile: ['OS_CACERT'],
  insecure: ['OS_INSECURE'],
  computeMicroversion: ['OS_COMPUTE_API_VERSION'],
} as const;

/** Every environment variable the provider reads, for docs and messages. */
export const openStackEnvironmentVariables: readonly string[] = environmentVariablesOf(openStackEnvironment);
