import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAdminKubeconfig } from './admin-kubeconfig.js';
import { findFreePorts } from './free-port.js';
import { httpsGet } from './https-get.js';
import { kubeApiServerArgs } from './kube-apiserver-args.js';
import { binaryPath, locateKubernetesBinaries } from './locate-kubernetes-binaries.js';
import { startProcess, type ManagedProcess } from './managed-process.js';
import { onProcessExit } from './on-process-exit.js';
import { startOrphanReaper, type OrphanReaper } from './orphan-reaper.js';
import { startEtcd } from './start-etcd.js';
import { createThrowawayPki, type ThrowawayPki } from './throwaway-pki.js';
import { waitUntilReady } from './wait-until-ready.js';

export interface StartKubernetesApiServerOptions {
  /** Where kube-apiserver, kubectl and etcd are; default: locateKubernetesBinaries(). */
  binDirectory?: string;
  /** How long etcd and then kube-apiserver each get to become ready; default 60 s. */
  readyTimeoutMs?: number;
  /** Appended to the fixture's kube-apiserver flags (a later flag wins), e.g. ['--feature-gates=…']. */
  extraApiServerArgs?: readonly string[];
  /** Appended to the fixture's etcd flags. */
  extraEtcdArgs?: readonly string[];
  /** Copy both servers' logs to stderr; default: SLIPWAY_KUBERNETES_FIXTURE_LOGS=1. */
  echoOutput?: boolean;
}

export interface KubernetesApiServer {
  /** https://127.0.0.1:PORT */
  url: string;
  /** A kubeconfig file (certificates embedded) for the admin user, inside the fixture's temp dir. */
  kubeconfigPath: string;
  /** The same kubeconfig as text. */
  adminKubeconfig: string;
  /** The throwaway CA that signed the serving and client certificates. */
  caCertificatePem: string;
  /** Client certificate (O=system:masters) and key, for direct HTTPS requests. */
  adminClientCertificatePem: string;
  adminClientKeyPem: string;
  /** http://127.0.0.1:PORT of the etcd behind it. */
  etcdUrl: string;
  /** Directory holding kube-apiserver, kubectl, kubeadm and etcd. */
  binDirectory: string;
  processIds: { etcd: number; kubeApiServer: number };
  /** Stops kube-apiserver, then etcd, and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 3;

/**
 * Starts a real etcd and kube-apiserver on free 127.0.0.1 ports, with a throwaway PKI in a
 * temp dir, and resolves once /readyz answers ok for the admin certificate (~3 s warm).
 * The processes end with stop(), or at the latest when this Node process exits.
 */
export async function startKubernetesApiServer(
  options: StartKubernetesApiServerOptions = {},
): Promise<KubernetesApiServer> {
  const binDirectory = options.binDirectory ?? (await locateKubernetesBinaries());
  const directory = await mkdtemp(join(tmpdir(), 'slipway-kube-apiserver-'));
  const reaper = startOrphanReaper(directory);
  const forgetExitCleanup = onProcessExit(() => {
    reaper.dismiss();
    rmSync(directory, { recursive: true, force: true });
  });
  const removeDirectory = async () => {
    reaper.dismiss();
    forgetExitCleanup();
    await rm(directory, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const pki = await createThrowawayPki(directory);
    for (let attempt = 1; ; attempt++) {
      try {
        return await startServers({ options, binDirectory, directory, pki, reaper, attempt, removeDirectory });
      } catch (error) {
        // A free port can be taken between choosing it and binding it: choose again.
        if (attempt < PORT_ATTEMPTS && error instanceof Error && /address already in use/i.test(error.message)) continue;
        throw error;
      }
    }
  } catch (error) {
    await removeDirectory();
    throw error;
  }
}

interface StartServersInput {
  options: StartKubernetesApiServerOptions;
  binDirectory: string;
  directory: string;
  pki: ThrowawayPki;
  reaper: OrphanReaper;
  attempt: number;
  removeDirectory: () => Promise<void>;
}

async function startServers(input: StartServersInput): Promise<KubernetesApiServer> {
  const { options, binDirectory, directory, pki, reaper } = input;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const echoOutput = options.echoOutput ?? process.env['SLIPWAY_KUBERNETES_FIXTURE_LOGS'] === '1';
  const [etcdClientPort, etcdPeerPort, securePort] = (await findFreePorts(3)) as [number, number, number];
  const url = `https://127.0.0.1:${securePort}`;
  const certDirectory = join(directory, `apiserver-${input.attempt}`);
  await mkdir(certDirectory);

  const etcd = await startEtcd({
    binDirectory,
    dataDirectory: join(directory, `etcd-${input.attempt}`),
    clientPort: etcdClientPort,
    peerPort: etcdPeerPort,
    readyTimeoutMs,
    extraArgs: options.extraEtcdArgs ?? [],
    echoOutput,
    onSpawn: (started) => reaper.watch(started.pid),
  });

  let apiServer: ManagedProcess | undefined;
  try {
    apiServer = await startProcess({
      name: 'kube-apiserver',
      command: binaryPath(binDirectory, 'kube-apiserver'),
      args: [
        ...kubeApiServerArgs({ etcdUrl: etcd.clientUrl, securePort, pki, certDirectory }),
        ...(options.extraApiServerArgs ?? []),
      ],
      echoOutput,
    });
    await reaper.watch(apiServer.pid);
    await waitUntilReady({
      description: `GET ${url}/readyz`,
      process: apiServer,
      timeoutMs: readyTimeoutMs,
      probe: async () => {
        const response = await httpsGet(`${url}/readyz`, {
          ca: pki.caCertificatePem,
          cert: pki.adminCertificatePem,
          key: pki.adminKeyPem,
          timeoutMs: 2000,
        });
        return response.status === 200 && response.body.trim() === 'ok'
          ? true
          : `HTTP ${response.status} ${response.body.trim().split('\n').filter((line) => !line.startsWith('[+]')).join('; ')}`;
      },
    });
  } catch (error) {
    await apiServer?.stop(0);
    await etcd.process.stop(0);
    throw error;
  }

  const adminKubeconfig = buildAdminKubeconfig({
    server: url,
    caCertificatePem: pki.caCertificatePem,
    clientCertificatePem: pki.adminCertificatePem,
    clientKeyPem: pki.adminKeyPem,
  });
  const kubeconfigPath = join(directory, 'admin.kubeconfig');
  await writeFile(kubeconfigPath, adminKubeconfig, { mode: 0o600 });

  const runningApiServer = apiServer;
  let stopping: Promise<void> | undefined;
  return {
    url,
    kubeconfigPath,
    adminKubeconfig,
    caCertificatePem: pki.caCertificatePem,
    adminClientCertificatePem: pki.adminCertificatePem,
    adminClientKeyPem: pki.adminKeyPem,
    etcdUrl: etcd.clientUrl,
    binDirectory,
    processIds: { etcd: etcd.process.pid, kubeApiServer: runningApiServer.pid },
    stop() {
      stopping ??= (async () => {
        // The data is thrown away, so there is nothing to shut down gracefully for.
        await runningApiServer.stop(0);
        await etcd.process.stop(0);
        await input.removeDirectory();
      })();
      return stopping;
    },
  };
}
