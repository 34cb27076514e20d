import { join } from 'node:path';
import { createBootstrapHook, startNodeAuthorizationService, type NodeAuthorizationService } from '@slipway/bootstrap';
import type { ClockV1, LoggerV1 } from '@slipway/core';
import {
  createMachineRegistryPort,
  createManager,
  createSecretStorePort,
  openEmbeddedStore,
  StoreLockedError,
  type EmbeddedStore,
  type Manager,
} from '@slipway/manager';
import { createAwsActuator } from '@slipway/provider-aws';
import { pino, type Logger } from 'pino';
import { ensureLocalCloud } from '../local-cloud/ensure-local-cloud.js';
import type { LocalCloudRecord } from '../local-cloud/local-cloud-record.js';
import type { SelfCommand } from '../self-command.js';
import { ensureStateDirectory, statePaths } from '../state/state-directory.js';
import { UsageError } from '../usage-error.js';
import { readRememberedPort, rememberPort } from './node-authorization-endpoint.js';

export interface LocalEnvironment {
  stateDirectory: string;
  store: EmbeddedStore;
  manager: Manager;
  nodeAuthorization: NodeAuthorizationService;
  cloud: LocalCloudRecord;
  /** The cloud's API, for the checks a command makes after deleting ("nothing left"). */
  actuators: ReturnType<typeof createAwsActuator>;
  logPath: string;
  /** Stops the controllers gracefully (in-flight cloud calls finish and are recorded), then the service and the store. */
  close(): Promise<void>;
}

/**
 * Everything the quickstart runs on one machine: the embedded store in the
 * state directory, the emulated cloud (its own long-lived process), the
 * node-authorization service on 127.0.0.1, and the controllers with the AWS
 * provider pointed at the emulated cloud. Logs go to `<state-dir>/slipway.log`
 * so the terminal shows only progress.
 */
export async function openLocalEnvironment(options: {
  stateDirectory: string;
  selfCommand: SelfCommand;
  clock: ClockV1;
  logLevel: string;
}): Promise<LocalEnvironment> {
  await ensureStateDirectory(options.stateDirectory);
  // The SDK's notice about future Node versions concerns real AWS use, not the emulated cloud.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const paths = statePaths(options.stateDirectory);
  const logPath = join(options.stateDirectory, 'slipway.log');
  const logger = pino({ level: options.logLevel }, pino.destination({ dest: logPath, mkdir: true, sync: true }));

  const store = openStoreOrExplain(paths.store);
  let nodeAuthorization: NodeAuthorizationService | undefined;
  try {
    const { record: cloud } = await ensureLocalCloud({ stateDirectory: options.stateDirectory, selfCommand: options.selfCommand, clock: options.clock });
    const secrets = createSecretStorePort(store);
    const machines = createMachineRegistryPort(store);
    nodeAuthorization = await startServiceOnRememberedPort(paths.nodeAuthorizationRecord, { secrets, machines, logger: asLoggerV1(logger) });
    const bootstrapHook = createBootstrapHook({
      secrets,
      machines,
      serviceUrl: nodeAuthorization.url,
      caHash: nodeAuthorization.caHash,
      cloudOf: () => 'aws',
    });
    const actuators = createAwsActuator({
      endpoint: cloud.endpoint,
      region: cloud.region,
      // The emulated cloud checks no signature; these are not credentials of any account.
      credentials: { accessKeyId: 'slipway-local-cloud', secretAccessKey: 'slipway-local-cloud' },
      describeIntervalMs: 1000,
    });
    const manager = createManager({
      store,
      providers: { machine: actuators.machine, cluster: actuators.cluster },
      bootstrapHook,
      logger,
      bootstrapTimeoutMs: 10 * 60_000,
    });
    await manager.start();
    const service = nodeAuthorization;
    return {
      stateDirectory: options.stateDirectory,
      store,
      manager,
      nodeAuthorization: service,
      cloud,
      actuators,
      logPath,
      async close() {
        await manager.stop();
        await service.stop();
        await store.close();
        logger.flush();
      },
    };
  } catch (error) {
    await nodeAuthorization?.stop();
    await store.close();
    throw error;
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
