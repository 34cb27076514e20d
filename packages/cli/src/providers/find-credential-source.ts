/**
 * Whether a real cloud's credentials are present where that cloud's own CLI
 * and SDK look for them (environment variables, then its configuration files),
 * checked before anything is created so a missing login is one clear sentence
 * instead of a failed API call half-way through. Only presence is checked; the
 * credentials themselves are read by the provider's SDK.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CredentialCheck {
  /** Where the credentials were found ("AWS_ACCESS_KEY_ID", "~/.aws/credentials"), or undefined when nowhere. */
  source: string | undefined;
  /** What to set when they are missing: one sentence, naming the variables and files. */
  remedy: string;
}

type Environment = Record<string, string | undefined>;

const checks: Record<string, (environment: Environment, home: string) => CredentialCheck> = {
  aws(environment, home) {
    const files = [environment['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials'), environment['AWS_CONFIG_FILE'] ?? join(home, '.aws', 'config')];
    const source =
      (set(environment, 'AWS_ACCESS_KEY_ID') && set(environment, 'AWS_SECRET_ACCESS_KEY') && 'AWS_ACCESS_KEY_ID') ||
      (set(environment, 'AWS_PROFILE') && 'AWS_PROFILE') ||
      (set(environment, 'AWS_WEB_IDENTITY_TOKEN_FILE') && 'AWS_WEB_IDENTITY_TOKEN_FILE') ||
      (set(environment, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI') && 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI') ||
      (set(environment, 'AWS_CONTAINER_CREDENTIALS_FULL_URI') && 'AWS_CONTAINER_CREDENTIALS_FULL_URI') ||
      files.find((file) => existsSync(file));
    return {
      source: source || undefined,
      remedy: `set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or AWS_PROFILE naming a profile in ${files.join(' or ')} (aws configure writes them), and AWS_REGION`,
    };
  },
  azure(environment, home) {
    const profile = join(environment['AZURE_CONFIG_DIR'] ?? join(home, '.azure'), 'azureProfile.json');
    const servicePrincipal =
      set(environment, 'AZURE_CLIENT_ID') &&
      set(environment, 'AZURE_TENANT_ID') &&
      (set(environment, 'AZURE_CLIENT_SECRET') || set(environment, 'AZURE_CLIENT_CERTIFICATE_PATH') || set(environment, 'AZURE_FEDERATED_TOKEN_FILE'));
    const source = (servicePrincipal && 'AZURE_CLIENT_ID') || (existsSync(profile) && profile);
    return {
      source: source || undefined,
      remedy: `set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_FEDERATED_TOKEN_FILE) for a service principal, or log in with az login (which writes ${profile})`,
    };
  },
  gcp(environment, home) {
    const applicationDefault = join(environment['CLOUDSDK_CONFIG'] ?? join(home, '.config', 'gcloud'), 'application_default_credentials.json');
    const source = (set(environment, 'GOOGLE_APPLICATION_CREDENTIALS') && 'GOOGLE_APPLICATION_CREDENTIALS') || (existsSync(applicationDefault) && applicationDefault);
    return {
      source: source || undefined,
      remedy: `set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or run gcloud auth application-default login (which writes ${applicationDefault}), and GOOGLE_CLOUD_PROJECT`,
    };
  },
  openstack(environment, home) {
    const cloudsYaml = [environment['OS_CLIENT_CONFIG_FILE'], join(process.cwd(), 'clouds.yaml'), join(home, '.config', 'openstack', 'clouds.yaml'), '/etc/openstack/clouds.yaml'].filter(
      (file): file is string => file !== undefined && file !== '',
    );
    const source =
      (set(environment, 'OS_CLOUD') && cloudsYaml.find((file) => existsSync(file))) ||
      (set(environment, 'OS_AUTH_URL') && (set(environment, 'OS_PASSWORD') || set(environment, 'OS_APPLICATION_CREDENTIAL_SECRET')) && 'OS_AUTH_URL');
    return {
      source: source || undefined,
      remedy: `set OS_CLOUD naming a cloud of ${cloudsYaml.join(' or ')} (passwords may live in secure.yaml next to it), or source an openrc file: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD (or OS_APPLICATION_CREDENTIAL_ID and OS_APPLICATION_CREDENTIAL_SECRET), OS_PROJECT_NAME, OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME and OS_REGION_NAME`,
    };
  },
};

/** The check for one provider; a provider this CLI has no check for is trusted to its SDK's own errors. */
export function findCredentialSource(provider: string, environment: Environment): CredentialCheck {
  const check = checks[provider];
  const home = environment['HOME'] || homedir();
  return check ? check(environment, home) : { source: 'the provider SDK (not checked in advance)', remedy: '' };
}

function set(environment: Environment, name: string): boolean {
  return (environment[name] ?? '').trim() !== '';
}
