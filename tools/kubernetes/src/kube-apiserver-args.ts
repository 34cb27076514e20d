import type { ThrowawayPki } from './throwaway-pki.js';

export interface KubeApiServerArgsInput {
  etcdUrl: string;
  securePort: number;
  pki: ThrowawayPki;
  /** For files kube-apiserver may write (it writes none with these flags; kept in the temp dir anyway). */
  certDirectory: string;
}

/** The range Services get their cluster IPs from; 10.0.0.1 (in the serving certificate) is the first. */
export const SERVICE_CLUSTER_IP_RANGE = '10.0.0.0/24';

/**
 * kube-apiserver flags for a single test server on 127.0.0.1. Everything else keeps its
 * default, so the server behaves like a real cluster's (admission, RBAC, API groups).
 */
export function kubeApiServerArgs(input: KubeApiServerArgsInput): string[] {
  const { pki } = input;
  return [
    '--etcd-servers', input.etcdUrl,
    // Listen and advertise on loopback only. v1.37 refuses a loopback advertise address with
    // the default (lease) endpoint reconciler, and nothing here needs the "kubernetes"
    // Service's endpoints, so turn the reconciler off.
    '--bind-address', '127.0.0.1',
    '--advertise-address', '127.0.0.1',
    '--endpoint-reconciler-type', 'none',
    '--secure-port', String(input.securePort),
    '--cert-dir', input.certDirectory,
    '--tls-cert-file', pki.servingCertificatePath,
    '--tls-private-key-file', pki.servingKeyPath,
    // Client certificates signed by the throwaway CA authenticate (the admin one is in system:masters).
    '--client-ca-file', pki.caCertificatePath,
    // Service-account tokens: required flags since 1.20, even if no test mints a token.
    '--service-account-key-file', pki.serviceAccountPublicKeyPath,
    '--service-account-signing-key-file', pki.serviceAccountPrivateKeyPath,
    '--service-account-issuer', 'https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range', SERVICE_CLUSTER_IP_RANGE,
    // Real authorization, so tests see the 403s a cluster would give (the default AlwaysAllow would hide them).
    '--authorization-mode', 'RBAC',
    // No controller-manager runs to create the default ServiceAccount in each namespace; with
    // this plugin on, creating Pods would fail waiting for it.
    '--disable-admission-plugins', 'ServiceAccount',
    '--profiling=false',
  ];
}
