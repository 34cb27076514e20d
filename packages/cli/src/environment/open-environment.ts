/**
 * The one way every command that drives a cloud opens its world: the embedded
 * store in the state directory, the provider's actuators (pointed at the
 * emulated cloud, which runs in its own long-lived process, or at the real
 * cloud with the SDK's own credentials), the node-authorization service
 * machines dial back to, and the controllers. Logs go to
 * `<state-dir>/slipway.log` so the terminal shows only progress.
 */
import { createBootstrapHook, startNodeAuthorizationService, userDataSizeLimits, type NodeAuthorizationService, type UserDataCloud } from '@slipway/bootstrap';
import type { ClockV1, LoggerV1, ProviderActuatorsV1 } from '@slipway/core';
import {
  createMachineRegistryPort,
  createManager,
  createSecretStorePort,
  openEmbeddedStore,
  StoreLockedError,
  type EmbeddedStore,
  type Manager,
} from '@slipway/manager';
import { pino, type Logger } from 'pino';
import { ensureLocalCloud } from '../local-cloud/ensure-local-cloud.js';
import { findCredentialSource } from '../providers/find-credential-source.js';
import type { LocalCloudRecord } from '../local-cloud/local-cloud-record.js';
import type { CliIo } from '../cli-io.js';
import type { SelfCommand } from '../self-command.js';
import { ensureStateDirectory, statePaths } from '../state/state-directory.js';
import { UsageError } from '../usage-error.js';
import { parseBootstrapEndpoint, formatBootstrapEndpoint } from './bootstrap-endpoint.js';
import type { EnvironmentRecord, RealEnvironmentRecord } from './environment-record.js';
import { readRememberedPort, rememberPort } from './node-authorization-endpoint.js';

export interface Environment {
  stateDirectory: string;
  record: EnvironmentRecord;
  store: EmbeddedStore;
  manager: Manager;
  nodeAuthorization: { url: string; caHash: string };
  /** The emulated cloud, when the record says so. */
  cloud: LocalCloudRecord | undefined;
  actuators: ProviderActuatorsV1;
  logPath: string;
  /** Stops the controllers gracefully (in-flight cloud calls finish and are recorded), then the service and the store. */
  close(): Promise<void>;
}

export interface OpenEnvironmentOptions {
  stateDirectory: string;
  selfCommand: SelfCommand;
  clock: ClockV1;
  logLevel: string;
  /** Where a real cloud's credentials are looked for before anything starts. */
  io: Pick<CliIo, 'environment'>;
}

/** Emulated time in the local cloud runs ten times fast: list and re-check a cluster delete ten times as often. */
const emulatedDescribeIntervalMs = 1000;
const emulatedClusterDeleteRequeueMs = 1500;

export async function openEnvironment(options: OpenEnvironmentOptions, record: EnvironmentRecord): Promise<Environment> {
  await ensureStateDirectory(options.stateDirectory);
  // The SDK's notice about future Node versions is not about anything this command does.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const paths = statePaths(options.stateDirectory);
  // Actuators first: a provider that cannot be built (not installed, bad settings) fails before the store is held.
  const actuators = record.cloud === 'emulated' ? undefined : await realActuators(record, options.io.environment);
  // The store next: a state directory held by another process is refused before anything (even a log) is written.
  let store: EmbeddedStore;
  try {
    store = openStoreOrExplain(paths.store);
  } catch (error) {
    await actuators?.close();
    throw error;
  }
  const logger = pino({ level: options.logLevel }, pino.destination({ dest: paths.log, mkdir: true, sync: true }));
  let service: NodeAuthorizationService | undefined;
  let providerActuators: ProviderActuatorsV1 | undefined = actuators;
  try {
    const secrets = createSecretStorePort(store);
    const machines = createMachineRegistryPort(store);
    const serviceOptions = { secrets, machines, logger: asLoggerV1(logger) };
    let cloud: LocalCloudRecord | undefined;
    let serviceUrl: string;
    if (record.cloud === 'emulated') {
      if (record.provider !== 'aws') throw new UsageError(`there is no emulated cloud for provider "${record.provider}" yet; the emulated cloud serves aws`);
      cloud = (await ensureLocalCloud({ stateDirectory: options.stateDirectory, selfCommand: options.selfCommand, clock: options.clock })).record;
      service = await startServiceOnRememberedPort(paths.nodeAuthorizationRecord, serviceOptions);
      serviceUrl = service.url;
      const { createAwsActuator } = await import('@slipway/provider-aws');
      providerActuators = createAwsActuator({
        endpoint: cloud.endpoint,
        region: cloud.region,
        // The emulated cloud checks no signature; these are not credentials of any account.
        credentials: { accessKeyId: 'slipway-local-cloud', secretAccessKey: 'slipway-local-cloud' },
        describeIntervalMs: emulatedDescribeIntervalMs,
        clusterDeleteRequeueMs: emulatedClusterDeleteRequeueMs,
      });
    } else {
      const endpoint = parseBootstrapEndpoint(record.bootstrapEndpoint);
      service = await startNodeAuthorizationService({ ...serviceOptions, host: '0.0.0.0', port: endpoint.port, serverNames: [endpoint.host] }).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') {
          throw new UsageError(`cannot listen on port ${endpoint.port} for --bootstrap-endpoint (${code === 'EADDRINUSE' ? 'another process uses it' : 'permission denied'}); choose another port`);
        }
        throw error;
      });
      serviceUrl = `https://${formatBootstrapEndpoint(endpoint)}`;
    }
    const openedActuators = providerActuators as ProviderActuatorsV1;
    const bootstrapHook = createBootstrapHook({
      secrets,
      machines,
      serviceUrl,
      caHash: service.caHash,
      cloudOf: () => (Object.hasOwn(userDataSizeLimits, record.provider) ? (record.provider as UserDataCloud) : undefined),
    });
    const manager = createManager({
      store,
      providers: { machine: openedActuators.machine, cluster: openedActuators.cluster },
      bootstrapHook,
      logger,
      bootstrapTimeoutMs: 10 * 60_000,
    });
    await manager.start();
    const running = service;
    return {
      stateDirectory: options.stateDirectory,
      record,
      store,
      manager,
      nodeAuthorization: { url: serviceUrl, caHash: running.caHash },
      cloud,
      actuators: openedActuators,
      logPath: paths.log,
      async close() {
        await manager.stop();
        // After the controllers: no cloud call is in flight any more.
        await openedActuators.close();
        await running.stop();
        await store.close();
        logger.flush();
      },
    };
  } catch (error) {
    await service?.stop();
    await providerActuators?.close();
    await store.close();
    throw error;
  }
}

async function realActuators(record: RealEnvironmentRecord, environment: Record<string, string | undefined>): Promise<ProviderActuatorsV1> {
  const { loadProviderPlugin } = await import('../providers/provider-catalog.js');
  const plugin = await loadProviderPlugin(record.provider);
  // Checked again on every command: the shell that runs `delete` or `manager` may lack what `create` had.
  const credentials = findCredentialSource(plugin.name, environment);
  if (!credentials.source) {
    throw new UsageError(`no ${plugin.name} credentials found: ${credentials.remedy} (the ${plugin.name} provider reads ${plugin.environmentVariables.join(', ')})`);
  }
  try {
    return await plugin.createActuators(record.settings);
  } catch (error) {
    throw new UsageError(`the ${record.provider} provider cannot start with these settings: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function openStoreOrExplain(directory: string): EmbeddedStore {
  try {
    return openEmbeddedStore({ stateDirectory: directory });
  } catch (error) {
    if (StoreLockedError.isInstance(error)) {
      throw new UsageError(`${error.message}. Wait for it to finish, or stop it (slipway manager, another slipway up), then run this again.`);
    }
    throw error;
  }
}

async function startServiceOnRememberedPort(
  recordPath: string,
  options: Omit<Parameters<typeof startNodeAuthorizationService>[0], 'host' | 'port'>,
): Promise<NodeAuthorizationService> {
  const remembered = await readRememberedPort(recordPath);
  let service: NodeAuthorizationService;
  try {
    service = await startNodeAuthorizationService({ ...options, host: '127.0.0.1', port: remembered ?? 0 });
  } catch (error) {
    if (remembered === undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    service = await startNodeAuthorizationService({ ...options, host: '127.0.0.1', port: 0 });
  }
  await rememberPort(recordPath, Number(new URL(service.url).port));
  return service;
}

function asLoggerV1(logger: Logger): LoggerV1 {
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}
