/**
 * Starts an emulated Azure Resource Manager on 127.0.0.1 over HTTPS (the Azure
 * SDKs' bearer-token policy refuses plain HTTP): hand `endpoint` and
 * `certificateAuthority` to each client (`{ endpoint, tlsOptions: { ca } }`)
 * with any TokenCredential; the emulator does not check tokens.
 */
import type { EmulatorClock, EmulatorClockOptions } from '../clock/emulator-clock.js';
import type { CallLog } from '../call-log/call-log.js';
import type { FaultSwitchboard } from '../faults/fault-switchboard.js';
import type { InstanceLifecycleOptions } from '../lifecycle/instance-lifecycle.js';
import type { MachineBooter } from '../machine/machine-boot-result.js';
import { createEmulatorRuntime, type EmulatorRuntime } from '../runtime/emulator-runtime.js';
import type { EmulatorInspector } from '../runtime/emulator-inspector.js';
import type { StoredResource } from '../store/stored-resource.js';
import { startHttpEmulator, type RunningHttpEmulator } from '../server/start-http-emulator.js';
import { AzureEmulatorContext, type AzureEmulatorSettings, type AzureMarketplaceImage } from './azure-emulator-context.js';
import { AzureResourceManagerService } from './azure-resource-manager-service.js';
import { azureThrottlingPolicy } from './azure-throttling-policy.js';

export interface AzureResourceManagerEmulatorOptions {
  /** The one subscription the emulator serves; default `00000000-0000-4000-8000-000000000000`. */
  subscriptionId?: string;
  clock?: EmulatorClock | EmulatorClockOptions;
  /** VM boot (create operation) and termination (delete operation) delays, in emulated ms. */
  lifecycle?: Omit<InstanceLifecycleOptions, 'store' | 'clock'>;
  machineSimulator?: MachineBooter;
  bootEnvironment?: (instance: StoredResource) => Record<string, string> | undefined;
  vmSizes?: readonly string[];
  marketplaceImages?: readonly AzureMarketplaceImage[];
  imageIds?: readonly string[];
  zones?: readonly string[];
  /** Emulated ms a network write or delete takes; default 2 000. */
  networkOperationMilliseconds?: number;
  /** Items per list page; default 100. */
  listPageSize?: number;
}

export interface AzureResourceManagerEmulator {
  /** `https://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The PEM certificate authority the clients must trust. */
  readonly certificateAuthority: string;
  readonly subscriptionId: string;
  readonly clock: EmulatorClock;
  readonly inspect: EmulatorInspector;
  readonly faults: FaultSwitchboard;
  readonly callLog: CallLog;
  readonly runtime: EmulatorRuntime;
  stop(): Promise<void>;
}

export const defaultAzureVmSizes: readonly string[] = [
  'Standard_B1s',
  'Standard_B2s',
  'Standard_B2ms',
  'Standard_D2s_v5',
  'Standard_D4s_v5',
  'Standard_D8s_v5',
  'Standard_D2as_v5',
  'Standard_E2s_v5',
  'Standard_F2s_v2',
];

export const defaultAzureMarketplaceImages: readonly AzureMarketplaceImage[] = [
  { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' },
  { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' },
  { publisher: 'Debian', offer: 'debian-12', sku: '12-gen2' },
];

export async function startAzureResourceManagerEmulator(options: AzureResourceManagerEmulatorOptions = {}): Promise<AzureResourceManagerEmulator> {
  const settings: AzureEmulatorSettings = {
    subscriptionId: options.subscriptionId ?? '00000000-0000-4000-8000-000000000000',
    vmSizes: options.vmSizes ?? defaultAzureVmSizes,
    marketplaceImages: options.marketplaceImages ?? defaultAzureMarketplaceImages,
    imageIds: options.imageIds ?? [],
    zones: options.zones ?? ['1', '2', '3'],
    networkOperationMilliseconds: options.networkOperationMilliseconds ?? 2_000,
    listPageSize: options.listPageSize ?? 100,
  };
  if (!(settings.networkOperationMilliseconds >= 0)) {
    throw new RangeError(`startAzureResourceManagerEmulator: networkOperationMilliseconds must be 0 or more, got ${settings.networkOperationMilliseconds}`);
  }
  if (!Number.isInteger(settings.listPageSize) || settings.listPageSize < 1) {
    throw new RangeError(`startAzureResourceManagerEmulator: listPageSize must be a whole number of 1 or more, got ${settings.listPageSize}`);
  }
  const runtime = createEmulatorRuntime({
    throttlingPolicy: azureThrottlingPolicy,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.lifecycle !== undefined ? { lifecycle: options.lifecycle } : {}),
    ...(options.machineSimulator !== undefined ? { machineSimulator: options.machineSimulator } : {}),
    ...(options.bootEnvironment !== undefined ? { bootEnvironment: options.bootEnvironment } : {}),
  });
  const service = new AzureResourceManagerService(new AzureEmulatorContext(runtime, settings));
  let server: RunningHttpEmulator;
  try {
    server = await startHttpEmulator({ runtime, service, protocol: 'https' });
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
  return {
    endpoint: server.endpoint,
    certificateAuthority: server.certificateAuthority ?? '',
    subscriptionId: settings.subscriptionId,
    clock: runtime.clock,
    inspect: runtime.inspect,
    faults: runtime.faults,
    callLog: runtime.callLog,
    runtime,
    stop: () => server.stop(),
  };
}
