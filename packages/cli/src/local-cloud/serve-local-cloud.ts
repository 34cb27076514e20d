import { join } from 'node:path';
import { createMachineSimulator } from '@slipway/cloud-emulator';
import { startAwsEmulator } from '@slipway/cloud-emulator/aws';
import { statePaths } from '../state/state-directory.js';
import { acquireLocalCloudLock, releaseLocalCloudLock } from './local-cloud-lock.js';
import { removeLocalCloudRecord, writeLocalCloudRecord } from './local-cloud-record.js';

/** Emulated time runs this many times faster than real time in the local cloud. */
export const localCloudClockSpeed = 10;

export interface LocalCloudSettings {
  stateDirectory: string;
  region?: string;
}

/**
 * The emulated cloud of the quickstart, in a process of its own so that it
 * outlives each command, as a real cloud outlives the tool that drives it: a
 * `slipway create cluster` killed half-way leaves the instances it launched
 * behind, and the next run must find them instead of launching more.
 * Instances boot their user data for real in the machine simulator, under
 * `<state-dir>/machines/`.
 */
export async function serveLocalCloud(settings: LocalCloudSettings): Promise<{ stop(): Promise<void> } | undefined> {
  const paths = statePaths(settings.stateDirectory);
  // Another cloud already serves this state directory: its instances are the ones that count.
  if (!(await acquireLocalCloudLock(paths.localCloudLock))) return undefined;
  const region = settings.region ?? 'us-east-1';
  const machineSimulator = createMachineSimulator({ workDirectory: paths.machines, timeoutMilliseconds: 10 * 60_000 });
  const emulator = await startAwsEmulator({
    region,
    clock: { speed: localCloudClockSpeed },
    lifecycle: { bootDelayMilliseconds: 15_000, terminationDelayMilliseconds: 10_000, terminatedRetentionMilliseconds: 60_000 },
    natGatewayTransitionMilliseconds: 10_000,
    loadBalancerProvisioningMilliseconds: 10_000,
    machineSimulator,
  });
  await writeLocalCloudRecord(paths.localCloudRecord, {
    pid: process.pid,
    provider: 'aws',
    endpoint: emulator.endpoint,
    region,
    startedAt: new Date().toISOString(),
  });
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await removeLocalCloudRecord(paths.localCloudRecord);
      await emulator.stop();
      await releaseLocalCloudLock(paths.localCloudLock);
    },
  };
}

export function localCloudMachineDirectory(stateDirectory: string, instanceId: string): string {
  return join(statePaths(stateDirectory).machines, instanceId);
}
