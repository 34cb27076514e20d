import { spawn } from 'node:child_process';
import { binaryPath, locateKubernetesBinaries } from './locate-kubernetes-binaries.js';

export interface KubectlOptions {
  /** Path of the kubeconfig file (e.g. KubernetesApiServer.kubeconfigPath). */
  kubeconfig: string;
  /** Written to kubectl's stdin (e.g. a manifest for `apply -f -`). */
  input?: string;
  /** Where kubectl is; default: locateKubernetesBinaries(). */
  binDirectory?: string;
  /** Kill kubectl after this long; default 60 s. */
  timeoutMs?: number;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
}

/** kubectl exited non-zero (or was killed); `stderr` holds its message. */
export class KubectlError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`kubectl ${args.join(' ')} ${exitCode === null ? 'was killed' : `exited with ${exitCode}`}: ${stderr.trim()}`);
    this.name = 'KubectlError';
  }
}

/**
 * Runs the built kubectl (v1.37.2) against `kubeconfig` and resolves with its output, or
 * rejects with a KubectlError. The environment's KUBECONFIG is never used.
 */
export async function kubectl(args: readonly string[], options: KubectlOptions): Promise<KubectlResult> {
  const binDirectory = options.binDirectory ?? (await locateKubernetesBinaries());
  const env = { ...process.env, KUBECONFIG: options.kubeconfig };
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(binDirectory, 'kubectl'), ['--kubeconfig', options.kubeconfig, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => {
      // kubectl may exit before reading all input; its exit code tells what happened.
    });
    child.stdin.end(options.input ?? '');
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new KubectlError(args, code, stdout, stderr));
    });
  });
}
