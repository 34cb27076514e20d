import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The binaries a bin directory must hold. */
export const KUBERNETES_BINARIES = ['kube-apiserver', 'kubectl', 'kubeadm', 'etcd'] as const;
export type KubernetesBinary = (typeof KUBERNETES_BINARIES)[number];

/** tools/kubernetes/build.sh, next to this package's src/. */
export const BUILD_SCRIPT_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'build.sh');

let located: Promise<string> | undefined;

/**
 * The directory holding kube-apiserver, kubectl, kubeadm and etcd: `SLIPWAY_KUBERNETES_BIN`
 * if set, else the one build.sh prints (it reuses its cache in well under a second, or builds
 * cold in ~13 minutes on 2 cores). Resolved once per process.
 */
export function locateKubernetesBinaries(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env === process.env) {
    located ??= findBinaryDirectory(env).catch((error: unknown) => {
      located = undefined;
      throw error;
    });
    return located;
  }
  return findBinaryDirectory(env);
}

/** Absolute path of one binary in a bin directory. */
export function binaryPath(binDirectory: string, binary: KubernetesBinary): string {
  return join(binDirectory, binary);
}

async function findBinaryDirectory(env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env['SLIPWAY_KUBERNETES_BIN'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const directory = resolve(fromEnv);
    await assertHoldsBinaries(directory, 'SLIPWAY_KUBERNETES_BIN');
    return directory;
  }
  const directory = await runBuildScript(env);
  await assertHoldsBinaries(directory, BUILD_SCRIPT_PATH);
  return directory;
}

async function assertHoldsBinaries(directory: string, source: string): Promise<void> {
  for (const binary of KUBERNETES_BINARIES) {
    try {
      await access(join(directory, binary), constants.X_OK);
    } catch {
      throw new Error(`${source} points at ${directory}, which has no executable ${binary}`);
    }
  }
}

/** Runs build.sh, passing its progress through to stderr; its last stdout line is the bin directory. */
function runBuildScript(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePath, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT_PATH], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const stderrTail: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk);
      stderrTail.push(chunk);
      if (stderrTail.length > 50) stderrTail.shift();
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && lastLine !== '') {
        resolvePath(lastLine);
        return;
      }
      const why = signal !== null ? `was killed by ${signal}` : `exited with ${code}`;
      reject(new Error(`${BUILD_SCRIPT_PATH} ${why}: ${stderrTail.join('').trim().split('\n').slice(-10).join('\n')}`));
    });
  });
}
