import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsGet } from './https-get.js';
import { KubectlError, kubectl } from './kubectl.js';
import { ETCD_VERSION, KUBERNETES_VERSION } from './kubernetes-versions.js';
import { binaryPath, locateKubernetesBinaries } from './locate-kubernetes-binaries.js';
import { startKubernetesApiServer, type KubernetesApiServer } from './start-kubernetes-api-server.js';

const run = promisify(execFile);

// A cold build.sh run (no cached binaries yet) takes ~13 minutes on 2 cores.
const BUILD_TIMEOUT_MS = 30 * 60_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('startKubernetesApiServer', () => {
  let server: KubernetesApiServer;

  beforeAll(async () => {
    await locateKubernetesBinaries();
    server = await startKubernetesApiServer();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await server?.stop();
  });

  it('serves /version as Kubernetes v1.37.2', async () => {
    const response = await httpsGet(`${server.url}/version`, {
      ca: server.caCertificatePem,
      cert: server.adminClientCertificatePem,
      key: server.adminClientKeyPem,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ gitVersion: KUBERNETES_VERSION, major: '1', minor: '37' });
  });

  it('ships kubectl, kubeadm and etcd of the expected versions', async () => {
    const { stdout: kubectlVersion } = await run(binaryPath(server.binDirectory, 'kubectl'), ['version', '--client', '-o', 'json']);
    expect(JSON.parse(kubectlVersion)).toMatchObject({ clientVersion: { gitVersion: KUBERNETES_VERSION } });
    const { stdout: kubeadmVersion } = await run(binaryPath(server.binDirectory, 'kubeadm'), ['version', '-o', 'short']);
    expect(kubeadmVersion.trim()).toBe(KUBERNETES_VERSION);
    const { stdout: etcdVersion } = await run(binaryPath(server.binDirectory, 'etcd'), ['--version']);
    expect(etcdVersion).toContain(`etcd Version: ${ETCD_VERSION}`);
  });

  it('stores a namespace and a ConfigMap created with kubectl, and reads them back', async () => {
    const kubeconfig = server.kubeconfigPath;
    await kubectl(['create', 'namespace', 'fixture-check'], { kubeconfig });
    await kubectl(['apply', '-f', '-'], {
      kubeconfig,
      input: [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: greeting',
        '  namespace: fixture-check',
        'data:',
        '  message: hello from etcd',
        '',
      ].join('\n'),
    });

    const { stdout } = await kubectl(['get', 'configmap', 'greeting', '-n', 'fixture-check', '-o', 'json'], { kubeconfig });
    const configMap = JSON.parse(stdout) as { data: Record<string, string>; metadata: { uid: string } };
    expect(configMap.data).toEqual({ message: 'hello from etcd' });
    expect(configMap.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);

    const missing = kubectl(['get', 'configmap', 'absent', '-n', 'fixture-check'], { kubeconfig });
    await expect(missing).rejects.toBeInstanceOf(KubectlError);
    await expect(missing).rejects.toThrow(/NotFound|not found/);
  });

  it('refuses a request without a client certificate', async () => {
    const response = await httpsGet(`${server.url}/api/v1/namespaces`, { ca: server.caCertificatePem });
    expect([401, 403]).toContain(response.status);
  });

  it('stop() ends etcd and kube-apiserver and removes the temp dir', async () => {
    const { etcd, kubeApiServer } = server.processIds;
    expect(isRunning(etcd)).toBe(true);
    expect(isRunning(kubeApiServer)).toBe(true);

    await server.stop();

    expect(isRunning(kubeApiServer)).toBe(false);
    expect(isRunning(etcd)).toBe(false);
    expect(existsSync(server.kubeconfigPath)).toBe(false);
    await server.stop(); // idempotent
  });
});

describe('startKubernetesApiServer when kube-apiserver cannot start', () => {
  it('fails with a message carrying the end of kube-apiserver output', async () => {
    await locateKubernetesBinaries();
    const attempt = startKubernetesApiServer({ extraApiServerArgs: ['--no-such-flag'] });
    await expect(attempt).rejects.toThrow(/kube-apiserver exited \(code 1\)[\s\S]*unknown flag: --no-such-flag/);
  }, BUILD_TIMEOUT_MS);
});
