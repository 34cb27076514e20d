/**
 * The machine simulator: what happens inside an instance after it boots. It
 * runs the instance's user data for real, in a sandbox directory that stands in
 * for the machine's root file system, with stand-ins for kubeadm, kubelet,
 * systemctl and kubectl first on PATH (real sh, curl and openssl stay available).
 *
 * Scripts see SLIPWAY_ROOT=<sandbox> and prefix every absolute path with it;
 * `write_files` paths are placed under the sandbox the same way. Unlike
 * cloud-init, `runcmd` stops at the first failing command, so a failure is
 * never hidden behind a later success.
 */
import { spawn } from 'node:child_process';
import { appendFile, chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CloudConfigError, parseCloudConfig } from './cloud-config.js';
import type { MachineBootRequest, MachineBootResult, MachineBooter } from './machine-boot-result.js';
import { standInScripts } from './stand-in-scripts.js';

export interface MachineSimulatorOptions {
  /** Where sandboxes are made, one directory per instance. Must be writable. */
  workDirectory: string;
  /** The whole boot (all commands) is stopped after this many real milliseconds; default 60 000. */
  timeoutMilliseconds?: number;
  /** Environment added to every boot (before the request's own). */
  environment?: Record<string, string>;
}

export interface MachineSimulator extends MachineBooter {
  readonly workDirectory: string;
  /** The sandbox directory (SLIPWAY_ROOT) an instance's boot uses. */
  sandboxOf(instanceId: string): string;
}

const timeoutExitCode = 124;

function asBuffer(userData: string | Uint8Array): Buffer {
  const bytes = typeof userData === 'string' ? Buffer.from(userData, 'utf8') : Buffer.from(userData);
  // cloud-init accepts gzip-compressed user data and undoes it first.
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

/** A directory name for an instance id, safe on any file system. */
function directoryNameOf(instanceId: string): string {
  const cleaned = instanceId.replace(/[^A-Za-z0-9._-]/g, '_');
  if (cleaned === '' || cleaned === '.' || cleaned === '..') throw new Error(`machine simulator: instanceId "${instanceId}" gives no usable directory name`);
  return cleaned;
}

/** `path` as seen from inside the sandbox; refuses paths that climb out of it. */
function insideSandbox(root: string, path: string): string {
  const target = resolve(root, `.${sep}${path}`);
  const fromRoot = relative(root, target);
  if (fromRoot.startsWith('..') || resolve(root, fromRoot) !== target) {
    throw new CloudConfigError('write_files', `path "${path}" leaves the machine's root file system`);
  }
  return target;
}

export function createMachineSimulator(options: MachineSimulatorOptions): MachineSimulator {
  if (typeof options.workDirectory !== 'string' || options.workDirectory === '') {
    throw new TypeError('createMachineSimulator: options.workDirectory must name a writable directory');
  }
  const workDirectory = resolve(options.workDirectory);
  const timeoutMilliseconds = options.timeoutMilliseconds ?? 60_000;
  if (!(timeoutMilliseconds > 0)) {
    throw new RangeError(`createMachineSimulator: options.timeoutMilliseconds must be above 0, got ${timeoutMilliseconds}`);
  }
  const sandboxOf = (instanceId: string): string => join(workDirectory, directoryNameOf(instanceId));

  const boot = async (request: MachineBootRequest): Promise<MachineBootResult> => {
    const sandboxDirectory = sandboxOf(request.instanceId);
    const simulatorDirectory = join(sandboxDirectory, '.simulator');
    const binDirectory = join(simulatorDirectory, 'bin');
    await mkdir(binDirectory, { recursive: true });
    await mkdir(join(sandboxDirectory, 'root'), { recursive: true });
    for (const [name, script] of Object.entries(standInScripts)) {
      await writeFile(join(binDirectory, name), script, { mode: 0o755 });
    }
    const lines: string[] = [];
    const note = (text: string): void => {
      lines.push(`[simulator] ${text}\n`);
    };
    const deadline = Date.now() + timeoutMilliseconds;
    const environment: Record<string, string> = {
      PATH: [binDirectory, process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin'].join(delimiter),
      HOME: join(sandboxDirectory, 'root'),
      LANG: 'C',
      SLIPWAY_ROOT: sandboxDirectory,
      SLIPWAY_INSTANCE_ID: request.instanceId,
      ...options.environment,
      ...request.environment,
    };

    const run = (file: string, argv: string[], label: string): Promise<{ exitCode: number; timedOut: boolean }> =>
      new Promise((resolveRun) => {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          resolveRun({ exitCode: timeoutExitCode, timedOut: true });
          return;
        }
        note(`running ${label}`);
        // A process group of its own, so a timeout stops the command and everything it started.
        const child = spawn(file, argv, { cwd: sandboxDirectory, env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, remaining);
        child.stdout.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
        child.on('error', (error) => {
          clearTimeout(timer);
          note(`${label} could not start: ${error.message}`);
          resolveRun({ exitCode: 127, timedOut: false });
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          const exitCode = timedOut ? timeoutExitCode : (code ?? (signal ? 128 + 9 : 1));
          note(timedOut ? `${label} stopped after the ${timeoutMilliseconds} ms timeout` : `${label} exited with ${exitCode}`);
          resolveRun({ exitCode, timedOut });
        });
      });

    // The log is also kept where cloud-init keeps its own, so a test (or a person) can read it after the fact.
    const finish = async (exitCode: number, timedOut: boolean): Promise<MachineBootResult> => {
      const log = lines.join('');
      const logFile = join(sandboxDirectory, 'var', 'log', 'cloud-init-output.log');
      await mkdir(dirname(logFile), { recursive: true });
      await appendFile(logFile, log);
      return { exitCode, timedOut, log, sandboxDirectory };
    };

    let text: string;
    let bytes: Buffer;
    try {
      bytes = asBuffer(request.userData);
      text = bytes.toString('utf8');
    } catch (error) {
      note(`user data is not readable: ${(error as Error).message}`);
      return finish(1, false);
    }

    if (text.startsWith('#!')) {
      const script = join(simulatorDirectory, 'user-data');
      await writeFile(script, bytes, { mode: 0o755 });
      const { exitCode, timedOut } = await run(script, [], 'the user-data script');
      return finish(exitCode, timedOut);
    }
    if (!/^#cloud-config[ \t]*\r?\n/.test(text) && text.trim() !== '#cloud-config') {
      note(`unsupported user data format (first line "${text.split('\n', 1)[0]?.slice(0, 40) ?? ''}"); expected #cloud-config or a #! script`);
      return finish(1, false);
    }
    let config;
    try {
      config = parseCloudConfig(text, gunzipSync);
      for (const file of config.writeFiles) {
        const target = insideSandbox(sandboxDirectory, file.path);
        await mkdir(dirname(target), { recursive: true });
        if (file.append) await appendFile(target, file.content);
        else await writeFile(target, file.content);
        if (file.mode !== undefined) await chmod(target, file.mode);
        note(`wrote ${file.path} (${file.content.length} bytes)`);
      }
    } catch (error) {
      note(error instanceof Error ? error.message : String(error));
      return finish(1, false);
    }
    for (const [index, command] of config.runcmd.entries()) {
      const { exitCode, timedOut } =
        typeof command === 'string'
          ? await run('/bin/sh', ['-c', command], `runcmd[${index}]`)
          : await run(command[0]!, command.slice(1), `runcmd[${index}] (${command[0]})`);
      if (exitCode !== 0) return finish(exitCode, timedOut);
    }
    return finish(0, false);
  };

  return { workDirectory, sandboxOf, boot };
}
