/**
 * Everything the provider needs to reach a cloud, resolved once from three
 * places, each field from the first that has it: the actuator settings, the
 * named cloud of clouds.yaml (settings.cloud or OS_CLOUD, with secure.yaml),
 * then the OS_* variables. Bad or missing values are a terminal
 * InvalidConfiguration naming the setting, the clouds.yaml key and the variable.
 */
import { readFileSync } from 'node:fs';
import { TerminalError } from '@slipway/core';
import { settingsFromEnvironment } from '@slipway/provider-utils';
import type { KeystoneAuthentication } from '../api/keystone-authentication.js';
import { readCloudEntry } from './clouds-yaml.js';
import { openStackEnvironment } from './openstack-environment.js';
import type { OpenStackActuatorSettings, OpenStackServiceType } from './openstack-actuator-settings.js';

export interface OpenStackConfiguration {
  authentication: KeystoneAuthentication;
  region: string | undefined;
  interface: 'public' | 'internal' | 'admin';
  certificateAuthority: string | undefined;
  verifyTls: boolean;
  endpoints: Partial<Record<OpenStackServiceType, string>>;
  computeMicroversion: string;
  /** Where the configuration came from, for messages. */
  sources: string[];
}

type Key = keyof typeof openStackEnvironment;

/** clouds.yaml's names for each setting (auth.* keys live under `auth:`). */
const cloudsYamlKeys: Partial<Record<Key, string>> = {
  authUrl: 'auth.auth_url',
  authType: 'auth_type',
  username: 'auth.username',
  userId: 'auth.user_id',
  password: 'auth.password',
  userDomainName: 'auth.user_domain_name',
  userDomainId: 'auth.user_domain_id',
  projectName: 'auth.project_name',
  projectId: 'auth.project_id',
  projectDomainName: 'auth.project_domain_name',
  projectDomainId: 'auth.project_domain_id',
  domainName: 'auth.domain_name',
  domainId: 'auth.domain_id',
  applicationCredentialId: 'auth.application_credential_id',
  applicationCredentialName: 'auth.application_credential_name',
  applicationCredentialSecret: 'auth.application_credential_secret',
  region: 'region_name',
  interface: 'interface',
  caCertFile: 'cacert',
  computeMicroversion: 'compute_api_version',
};

const invalid = (message: string) => new TerminalError('InvalidConfiguration', message);

function valueAt(entry: Record<string, unknown>, path: string): string | undefined {
  let current: unknown = entry;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null || current === '') return undefined;
  return String(current);
}

export function resolveOpenStackConfiguration(settings: OpenStackActuatorSettings): OpenStackConfiguration {
  const environment = settingsFromEnvironment(openStackEnvironment, settings.environment ?? process.env);
  const sources: string[] = [];
  const cloudName = settings.cloud ?? environment.cloud?.value;
  let cloud: Record<string, unknown> | undefined;
  if (cloudName !== undefined) {
    const explicitPath = settings.cloudsYamlPath ?? environment.cloudsYamlPath?.value;
    const found = readCloudEntry(cloudName, {
      ...(explicitPath !== undefined ? { explicitPath } : {}),
      ...(settings.workingDirectory !== undefined ? { workingDirectory: settings.workingDirectory } : {}),
      ...(settings.homeDirectory !== undefined ? { homeDirectory: settings.homeDirectory } : {}),
    });
    cloud = found.entry;
    sources.push(`cloud "${cloudName}" of ${found.sources.join(' + ')}`);
  }
  const fromSettings = settings as Partial<Record<Key, unknown>>;
  const pick = (key: Key): string | undefined => {
    const explicit = fromSettings[key];
    if (explicit !== undefined && explicit !== null && explicit !== '') return String(explicit);
    const yamlKey = cloudsYamlKeys[key];
    if (cloud !== undefined && yamlKey !== undefined) {
      const value = valueAt(cloud, yamlKey);
      if (value !== undefined) return value;
    }
    // A named cloud is complete on its own, as openstacksdk treats it: OS_* variables fill in only without one.
    if (cloud !== undefined) return undefined;
    const fromEnvironment = environment[key];
    if (fromEnvironment !== undefined && !sources.includes('OS_* variables')) sources.push('OS_* variables');
    return fromEnvironment?.value;
  };
  const where = (key: Key) => `settings.${key}${cloudsYamlKeys[key] ? `, clouds.yaml ${cloudsYamlKeys[key]}` : ''} or ${openStackEnvironment[key].join('/')}`;

  const authUrl = pick('authUrl');
  if (authUrl === undefined) throw invalid(`no Keystone URL: set ${where('authUrl')} (for example https://keystone.example.com:5000/v3)`);
  if (!/^https?:\/\//.test(authUrl)) throw invalid(`the Keystone URL "${authUrl}" (${where('authUrl')}) must start with http:// or https://`);

  const authType = (pick('authType') ?? (pick('applicationCredentialSecret') !== undefined ? 'v3applicationcredential' : 'password')).replace(/-/g, '_');
  let authentication: KeystoneAuthentication;
  if (authType === 'v3applicationcredential' || authType === 'application_credential') {
    const secret = pick('applicationCredentialSecret');
    const id = pick('applicationCredentialId');
    const name = pick('applicationCredentialName');
    if (secret === undefined) throw invalid(`application credential authentication needs its secret: set ${where('applicationCredentialSecret')}`);
    if (id === undefined && name === undefined) throw invalid(`application credential authentication needs ${where('applicationCredentialId')}, or a name with its user`);
    authentication = {
      method: 'application_credential',
      authUrl,
      secret,
      ...(id !== undefined ? { id } : {}),
      ...(id === undefined && name !== undefined ? { name, user: userOf(pick, where) } : {}),
    };
  } else if (authType === 'password' || authType === 'v3password') {
    const password = pick('password');
    if (password === undefined) throw invalid(`password authentication needs a password: set ${where('password')}`);
    const projectName = pick('projectName');
    const projectId = pick('projectId');
    const domainName = pick('domainName');
    const domainId = pick('domainId');
    let scope: Extract<KeystoneAuthentication, { method: 'password' }>['scope'];
    if (projectId !== undefined) scope = { project: { id: projectId } };
    else if (projectName !== undefined) {
      const projectDomainId = pick('projectDomainId');
      const projectDomainName = pick('projectDomainName');
      if (projectDomainId === undefined && projectDomainName === undefined) throw invalid(`the project "${projectName}" needs its domain: set ${where('projectDomainName')} (often "Default") or ${where('projectDomainId')}`);
      scope = { project: { name: projectName, domain: projectDomainId !== undefined ? { id: projectDomainId } : { name: projectDomainName! } } };
    } else if (domainId !== undefined || domainName !== undefined) {
      scope = { domain: domainId !== undefined ? { id: domainId } : { name: domainName! } };
    } else {
      throw invalid(`password authentication needs a scope: set ${where('projectName')} (with its domain), ${where('projectId')}, or a domain`);
    }
    authentication = { method: 'password', authUrl, user: userOf(pick, where), password, scope };
  } else {
    throw invalid(`auth type "${authType}" (${where('authType')}) is not supported; use password (v3password) or v3applicationcredential`);
  }

  const endpointInterface = (pick('interface') ?? 'public').replace(/URL$/, '');
  if (endpointInterface !== 'public' && endpointInterface !== 'internal' && endpointInterface !== 'admin') {
    throw invalid(`interface "${endpointInterface}" (${where('interface')}) must be public, internal or admin`);
  }
  let certificateAuthority = settings.certificateAuthority;
  const caCertFile = pick('caCertFile');
  if (certificateAuthority === undefined && caCertFile !== undefined) {
    try {
      certificateAuthority = readFileSync(caCertFile, 'utf8');
    } catch (error) {
      throw new TerminalError('InvalidConfiguration', `the CA bundle ${caCertFile} (${where('caCertFile')}) cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }
  const verifyTls = tlsVerification(settings, cloud, environment.insecure?.value);
  const computeMicroversion = pick('computeMicroversion') ?? '2.79';
  if (!/^2\.\d+$/.test(computeMicroversion) || Number(computeMicroversion.split('.')[1]) < 52) {
    throw invalid(`compute microversion "${computeMicroversion}" (${where('computeMicroversion')}) must be 2.52 or later: the provider tags servers at create`);
  }
  if (sources.length === 0) sources.push('settings');
  return {
    authentication,
    region: pick('region'),
    interface: endpointInterface,
    certificateAuthority,
    verifyTls,
    endpoints: { ...settings.endpoints },
    computeMicroversion,
    sources,
  };
}

function userOf(pick: (key: Key) => string | undefined, where: (key: Key) => string) {
  const userId = pick('userId');
  if (userId !== undefined) return { id: userId };
  const name = pick('username');
  if (name === undefined) throw invalid(`no user: set ${where('username')} (with its domain) or ${where('userId')}`);
  const domainId = pick('userDomainId');
  const domainName = pick('userDomainName');
  if (domainId === undefined && domainName === undefined) throw invalid(`the user "${name}" needs its domain: set ${where('userDomainName')} (often "Default") or ${where('userDomainId')}`);
  return { name, domain: domainId !== undefined ? { id: domainId } : { name: domainName! } };
}

/** Verification stays on unless turned off in so many words: settings.insecure, clouds.yaml `verify: false`, or OS_INSECURE=true. */
function tlsVerification(settings: OpenStackActuatorSettings, cloud: Record<string, unknown> | undefined, insecureVariable: string | undefined): boolean {
  if (settings.insecure !== undefined) return !settings.insecure;
  if (cloud !== undefined && 'verify' in cloud) {
    if (cloud['verify'] === false) return false;
    if (cloud['verify'] === true) return true;
    throw invalid(`clouds.yaml verify must be true or false, got ${JSON.stringify(cloud['verify'])}`);
  }
  if (insecureVariable !== undefined) {
    if (/^(true|1|yes)$/i.test(insecureVariable)) return false;
    if (/^(false|0|no)$/i.test(insecureVariable)) return true;
    throw invalid(`OS_INSECURE must be true or false, got "${insecureVariable}"`);
  }
  return true;
}
