import { binaryPath } from './locate-kubernetes-binaries.js';
import { startProcess, type ManagedProcess } from './managed-process.js';
import { waitUntilReady } from './wait-until-ready.js';

export interface StartEtcdOptions {
  binDirectory: string;
  dataDirectory: string;
  clientPort: number;
  peerPort: number;
  readyTimeoutMs: number;
  extraArgs?: readonly string[];
  echoOutput?: boolean;
  /** Called with the process as soon as it runs (before it is ready), e.g. to register it for cleanup. */
  onSpawn?: (process: ManagedProcess) => void | Promise<void>;
}

export interface EtcdServer {
  /** http://127.0.0.1:PORT, for kube-apiserver's --etcd-servers. */
  clientUrl: string;
  process: ManagedProcess;
}

/**
 * A single-member etcd on 127.0.0.1 (plain HTTP: only this machine's tests reach it),
 * ready once GET /health answers {"health":"true"}. If it does not get ready it is stopped
 * and the error carries its last output.
 */
export async function startEtcd(options: StartEtcdOptions): Promise<EtcdServer> {
  const clientUrl = `http://127.0.0.1:${options.clientPort}`;
  const peerUrl = `http://127.0.0.1:${options.peerPort}`;
  const name = 'slipway-test';
  const etcd = await startProcess({
    name: 'etcd',
    command: binaryPath(options.binDirectory, 'etcd'),
    args: [
      '--name', name,
      '--data-dir', options.dataDirectory,
      '--listen-client-urls', clientUrl,
      '--advertise-client-urls', clientUrl,
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `${name}=${peerUrl}`,
      '--initial-cluster-state', 'new',
      // A throwaway store: skipping fsync makes writes (and so API requests) much faster.
      '--unsafe-no-fsync',
      ...(options.extraArgs ?? []),
    ],
    echoOutput: options.echoOutput ?? false,
  });
  try {
    await options.onSpawn?.(etcd);
    await waitUntilReady({
      description: `GET ${clientUrl}/health`,
      process: etcd,
      timeoutMs: options.readyTimeoutMs,
      probe: async () => {
        const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(2000) });
        const body = await response.text();
        return response.ok && (JSON.parse(body) as { health?: unknown }).health === 'true' ? true : `HTTP ${response.status} ${body}`;
      },
    });
  } catch (error) {
    await etcd.stop(0);
    throw error;
  }
  return { clientUrl, process: etcd };
}
