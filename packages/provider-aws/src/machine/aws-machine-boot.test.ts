/**
 * From Machine to a booted machine: the provider launches an instance with
 * user data large enough to be gzipped, the emulated instance reaches running,
 * and the framework's machine simulator runs that user data for real (files
 * written, commands run), as cloud-init would on EC2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMachineSimulator } from '@slipway/cloud-emulator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openAwsTestWorld, testCluster, testMachine, type AwsTestWorld } from '../test-support/aws-test-world.js';

let world: AwsTestWorld;
let workDirectory: string;

beforeEach(async () => {
  workDirectory = mkdtempSync(join(tmpdir(), 'slipway-aws-boot-'));
  world = await openAwsTestWorld({ emulator: { machineSimulator: createMachineSimulator({ workDirectory, timeoutMilliseconds: 20_000 }) } });
});

afterEach(async () => {
  await world.close();
  rmSync(workDirectory, { recursive: true, force: true });
});

it('boots the gzipped user data of a launched instance once it is running', { timeout: 30_000 }, async () => {
  const padding = Array.from({ length: 700 }, (_unused, index) => `# padding line ${index} so that the user data is gzipped on the wire\n`).join('');
  const userData = `#cloud-config\nwrite_files:\n  - path: /etc/slipway/role\n    content: worker\nruncmd:\n  - [sh, -c, 'echo booted-by-slipway > $SLIPWAY_ROOT/etc/slipway/boot']\n${padding}`;
  expect(Buffer.byteLength(userData)).toBeGreaterThan(16_384);
  const result = await world.actuators.machine.create({ cluster: testCluster('alpha'), machine: testMachine('alpha', 'worker-1'), bootstrapData: { userData } }, world.context());
  const instanceId = result.providerID.split('/').pop() ?? '';
  await world.emulator.clock.advance(20_000);
  const boot = await world.emulator.runtime.bootHook?.finished(instanceId);
  expect(boot?.status).toBe('finished');
  expect(boot?.result?.exitCode).toBe(0);
  const sandbox = boot?.result?.sandboxDirectory ?? '';
  expect(readFileSync(join(sandbox, 'etc/slipway/role'), 'utf8')).toBe('worker');
  expect(readFileSync(join(sandbox, 'etc/slipway/boot'), 'utf8').trim()).toBe('booted-by-slipway');
});
