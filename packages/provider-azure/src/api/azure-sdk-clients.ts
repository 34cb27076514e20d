/**
 * The three Resource Manager clients a provider needs. Built here they share one
 * keep-alive HTTPS agent (trusting `certificateAuthority` for this endpoint only,
 * when given), which `close()` releases; clients handed in keep their own
 * transport and belong to whoever made them. Either way AzureApiClient puts its
 * limiter, retries and counters into their pipelines.
 */
import { Agent as HttpsAgent } from 'node:https';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';

export interface AzureSdkClients {
  compute: ComputeManagementClient;
  network: NetworkManagementClient;
  resources: ResourceManagementClient;
}

export interface AzureSdkClientSettings {
  subscriptionId: string;
  credential: TokenCredential;
  /** Resource Manager endpoint; default https://management.azure.com. */
  endpoint?: string;
  /** PEM certificate authority to trust for this endpoint only (the emulator's). */
  certificateAuthority?: string;
}

export interface OwnedAzureSdkClients extends AzureSdkClients {
  /** The agent requests of the clients built here go through; undefined when every client was handed in. */
  readonly agent: HttpsAgent | undefined;
  /** The clients built here (not those handed in). */
  readonly built: ReadonlySet<object>;
  close(): void;
}

export function createAzureSdkClients(settings: AzureSdkClientSettings, given: Partial<AzureSdkClients> = {}): OwnedAzureSdkClients {
  const needsAgent = given.compute === undefined || given.network === undefined || given.resources === undefined;
  const agent = needsAgent
    ? new HttpsAgent({ keepAlive: true, ...(settings.certificateAuthority !== undefined ? { ca: settings.certificateAuthority } : {}) })
    : undefined;
  const options = {
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    // Also for the SDK's own agent, so these clients trust the authority when used without AzureApiClient (a test's side door).
    ...(settings.certificateAuthority !== undefined ? { tlsOptions: { ca: settings.certificateAuthority } } : {}),
    userAgentOptions: { userAgentPrefix: 'slipway-provider-azure' },
  };
  const built = new Set<object>();
  const build = <Client extends object>(client: Client): Client => {
    built.add(client);
    return client;
  };
  const compute = given.compute ?? build(new ComputeManagementClient(settings.credential, settings.subscriptionId, options));
  const network = given.network ?? build(new NetworkManagementClient(settings.credential, settings.subscriptionId, options));
  const resources = given.resources ?? build(new ResourceManagementClient(settings.credential, settings.subscriptionId, options));
  return { compute, network, resources, agent, built, close: () => agent?.destroy() };
}
