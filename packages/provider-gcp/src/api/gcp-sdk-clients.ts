/**
 * The Compute Engine SDK clients the provider calls, built once per actuator
 * from one set of options. Tests and callers with special needs pass their own
 * clients instead; nothing here is global.
 *
 * Endpoint rules: `apiEndpoint` may be a host (`compute.googleapis.com`) or a
 * URL (`http://127.0.0.1:8080`). Over plain HTTP no credentials are ever sent
 * (a PassThroughClient is used unless an auth client is given), which is what
 * an emulator wants and what a bearer token must never travel over.
 */
import { createRequire } from 'node:module';
import type {
  AddressesClient,
  DisksClient,
  FirewallsClient,
  ForwardingRulesClient,
  GlobalOperationsClient,
  InstancesClient,
  NetworksClient,
  RegionOperationsClient,
  SubnetworksClient,
  TargetPoolsClient,
  ZoneOperationsClient,
  ZonesClient,
} from '@google-cloud/compute';
import type { AuthClient } from 'google-auth-library';

// The SDK takes over a second to load; it is required on the first client built, so
// importing this package (to validate manifests, say) costs nothing of it.
const requireFromHere = createRequire(import.meta.url);
let loadedSdk: typeof import('@google-cloud/compute') | undefined;
const computeSdk = (): typeof import('@google-cloud/compute') => (loadedSdk ??= requireFromHere('@google-cloud/compute') as typeof import('@google-cloud/compute'));
const passThroughClient = (): AuthClient => {
  const { PassThroughClient } = requireFromHere('google-auth-library') as typeof import('google-auth-library');
  return new PassThroughClient();
};

export interface GcpSdkClients {
  instances: InstancesClient;
  disks: DisksClient;
  zoneOperations: ZoneOperationsClient;
  regionOperations: RegionOperationsClient;
  globalOperations: GlobalOperationsClient;
  networks: NetworksClient;
  subnetworks: SubnetworksClient;
  firewalls: FirewallsClient;
  addresses: AddressesClient;
  targetPools: TargetPoolsClient;
  forwardingRules: ForwardingRulesClient;
  zones: ZonesClient;
}

/** A service account key as downloaded from the console (the fields the SDK reads). */
export interface GcpServiceAccountKey {
  client_email: string;
  private_key: string;
  project_id?: string;
  [field: string]: unknown;
}

export interface GcpClientOptions {
  /** Host or URL of the Compute API; default the public endpoint. */
  apiEndpoint?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** A service account key object; default Application Default Credentials. */
  credentials?: GcpServiceAccountKey;
  /** Path of a service account key file; default Application Default Credentials. */
  keyFilename?: string;
  /** A ready auth client (workload identity, impersonation, or a PassThroughClient for emulators). */
  authClient?: AuthClient;
  projectId?: string;
}

/** The options every Compute client's constructor takes. */
type SdkOptions = NonNullable<ConstructorParameters<typeof InstancesClient>[0]>;

/** The SDK class of each client, by the name the provider uses for it. */
const clientClassNames = {
  instances: 'InstancesClient',
  disks: 'DisksClient',
  zoneOperations: 'ZoneOperationsClient',
  regionOperations: 'RegionOperationsClient',
  globalOperations: 'GlobalOperationsClient',
  networks: 'NetworksClient',
  subnetworks: 'SubnetworksClient',
  firewalls: 'FirewallsClient',
  addresses: 'AddressesClient',
  targetPools: 'TargetPoolsClient',
  forwardingRules: 'ForwardingRulesClient',
  zones: 'ZonesClient',
} as const satisfies Record<keyof GcpSdkClients, keyof typeof import('@google-cloud/compute')>;

/** Splits `http://127.0.0.1:8080` into the host, port and protocol the SDK takes. */
export function sdkOptionsOf(options: GcpClientOptions): SdkOptions {
  const sdk: SdkOptions = { fallback: true };
  let protocol = options.protocol;
  let port = options.port;
  if (options.apiEndpoint !== undefined) {
    if (/^https?:\/\//.test(options.apiEndpoint)) {
      const url = new URL(options.apiEndpoint);
      sdk.apiEndpoint = url.hostname;
      protocol ??= url.protocol === 'http:' ? 'http' : 'https';
      if (url.port !== '') port ??= Number(url.port);
    } else {
      sdk.apiEndpoint = options.apiEndpoint;
    }
  }
  if (protocol !== undefined) sdk.protocol = protocol;
  if (port !== undefined) sdk.port = port;
  if (options.projectId !== undefined) sdk.projectId = options.projectId;
  if (options.authClient !== undefined) sdk.authClient = options.authClient;
  else if (protocol === 'http') sdk.authClient = passThroughClient();
  else if (options.credentials !== undefined) sdk.credentials = options.credentials;
  else if (options.keyFilename !== undefined) sdk.keyFilename = options.keyFilename;
  return sdk;
}

/**
 * The SDK's own retry settings (7.x retries idempotent reads on UNAVAILABLE and
 * DEADLINE_EXCEEDED for up to ten minutes) turned off, so that every call has one
 * retry policy: the provider's, with its budget, Retry-After and the rate limiter
 * (GcpApiClient). The override names every method of the client's service, read from
 * the configuration file the SDK ships for it.
 */
export function withoutSdkRetries(clientClassName: (typeof clientClassNames)[keyof typeof clientClassNames]): NonNullable<SdkOptions['clientConfig']> {
  const fileStem = clientClassName.replace(/Client$/, '').replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();
  const shipped = requireFromHere(`@google-cloud/compute/build/src/v1/${fileStem}_client_config.json`) as {
    interfaces: Record<string, { methods: Record<string, unknown> }>;
  };
  const interfaces: NonNullable<NonNullable<SdkOptions['clientConfig']>['interfaces']> = {};
  for (const [serviceName, service] of Object.entries(shipped.interfaces)) {
    const methods = Object.fromEntries(Object.keys(service.methods).map((method) => [method, { retry_codes_name: 'never' }]));
    interfaces[serviceName] = { retry_codes: { never: [] }, methods };
  }
  return { interfaces };
}

/** The clients, and `close` for the ones built here (clients handed in belong to whoever made them). */
export interface OwnedGcpSdkClients extends GcpSdkClients {
  close(): Promise<void>;
}

/**
 * Each client is built on first use: a client costs tens of milliseconds to
 * construct, and a Machine actuator never touches the networking ones.
 */
export function createGcpSdkClients(options: GcpClientOptions = {}, given: Partial<GcpSdkClients> = {}): OwnedGcpSdkClients {
  const sdkOptions = sdkOptionsOf(options);
  const made: Partial<Record<keyof GcpSdkClients, { close(): Promise<void> }>> = {};
  const clients = {
    close: async () => {
      await Promise.all(Object.values(made).map((client) => client.close()));
    },
  } as OwnedGcpSdkClients;
  for (const key of Object.keys(clientClassNames) as (keyof GcpSdkClients)[]) {
    Object.defineProperty(clients, key, {
      enumerable: true,
      get: () => {
        const ready = given[key] ?? made[key];
        if (ready) return ready;
        const Client = computeSdk()[clientClassNames[key]] as new (sdkOptions: SdkOptions) => { close(): Promise<void> };
        const client = new Client({ ...sdkOptions, clientConfig: withoutSdkRetries(clientClassNames[key]) });
        made[key] = client;
        return client;
      },
    });
  }
  return clients;
}
