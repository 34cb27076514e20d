/**
 * The settings of createOpenStackActuator. Every field is optional: each falls
 * back to the named cloud of clouds.yaml (settings.cloud or OS_CLOUD), then to
 * the OS_* variables, the way the openstack CLI reads its configuration.
 */
import type { ClockV1 } from '@slipway/core';
import type { TokenBucketSettings } from '@slipway/provider-utils';
import type { OpenStackSdkClients } from '../api/openstack-sdk-clients.js';

export type OpenStackServiceType = 'identity' | 'compute' | 'network' | 'load-balancer' | 'image';

export interface OpenStackActuatorSettings {
  /** A cloud of clouds.yaml; default OS_CLOUD. */
  cloud?: string;
  /** The clouds.yaml to read; default OS_CLIENT_CONFIG_FILE, then ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml. */
  cloudsYamlPath?: string;
  /** Where ./clouds.yaml is looked for; default the process's working directory. */
  workingDirectory?: string;
  /** Whose ~/.config/openstack is read; default the user's home. */
  homeDirectory?: string;
  /** Keystone's URL (OS_AUTH_URL), with or without /v3. */
  authUrl?: string;
  /** `password` (v3password) or `v3applicationcredential`; default password, or application credential when a secret is given. */
  authType?: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** A domain scope instead of a project (domain-scoped tokens). */
  domainName?: string;
  domainId?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
  /** The catalog region (OS_REGION_NAME); default the first region of each service. */
  region?: string;
  /** The catalog interface: public (default), internal or admin. */
  interface?: string;
  /** A PEM CA bundle to trust; default the file of OS_CACERT / clouds.yaml cacert. */
  certificateAuthority?: string;
  caCertFile?: string;
  /** True turns TLS verification off. Only ever honoured when said explicitly (here, clouds.yaml verify: false, OS_INSECURE=true). */
  insecure?: boolean;
  /** Service URLs that replace the catalog's (a proxy, a region the catalog misstates). */
  endpoints?: Partial<Record<OpenStackServiceType, string>>;
  /** The compute microversion sent on every Nova call; default 2.79 (server tags at create need 2.52 or later). */
  computeMicroversion?: string;
  /** A ready transport; replaces the node:http one built from the TLS settings. The policy (limiter, retries, statistics) stays. */
  clients?: Partial<OpenStackSdkClients>;
  /** The clock of rate limiting, retries and token expiry; default the system clock. */
  clock?: ClockV1;
  /** Uniform in [0, 1): backoff jitter; default Math.random. */
  random?: () => number;
  /** Attempts per API call, the first included; default 6. */
  maxAttempts?: number;
  /** The first retry backoff ceiling; default 500 ms. */
  retryBaseDelayMs?: number;
  /** Client-side token buckets per service; default openStackRateLimits. */
  rateLimits?: Partial<Record<OpenStackServiceType, TokenBucketSettings>>;
  /** How old a cluster's server listing may be and still answer `exists`; default 10 seconds. */
  describeIntervalMs?: number;
  /** Where OS_* variables are read; default process.env. */
  environment?: Record<string, string | undefined>;
}
