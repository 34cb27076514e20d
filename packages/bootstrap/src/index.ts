// The bootstrap hook the manager calls.
export * from './bootstrap-hook.js';

// Ports to the store (the manager provides adapters of these shapes).
export type * from './ports/secret-store-port.js';
export type * from './ports/machine-registry-port.js';

// The node-authorization service and its decisions.
export * from './service/node-authorization-service.js';
export * from './service/node-authorizer.js';
export * from './service/join-grant-encoding.js';
export * from './service/address-rate-limiter.js';
export * from './service/check-node-certificate-request.js';

// PKI.
export * from './pki/cluster-pki.js';
export * from './pki/certificate-authority.js';
export * from './pki/certificate-profile.js';
export * from './pki/issue-certificate.js';
export * from './pki/certificate-template.js';
export * from './pki/certificate-request.js';
export * from './pki/certificate-request-reader.js';
export * from './pki/create-certificate-request.js';
export * from './pki/public-key-hash.js';
export * from './pki/key-pair.js';
export * from './pki/pem.js';

// Tokens.
export * from './tokens/bootstrap-token.js';
export * from './tokens/bootstrap-token-store.js';

// Cluster-level bootstrap state.
export * from './cluster/cluster-addons.js';
export * from './cluster/control-plane-initialization.js';

// User data.
export * from './user-data/render-user-data.js';
export * from './user-data/kubeadm-configuration.js';
export * from './user-data/user-data-size-limits.js';
export * from './user-data/agent-script.js';

// Status and kubeconfig.
export * from './status/apply-bootstrap-report.js';
export * from './kubeconfig/build-admin-kubeconfig.js';

// Errors.
export * from './errors/join-rejected-error.js';
export * from './errors/invalid-certificate-request-error.js';
export * from './errors/invalid-bootstrap-input-error.js';
export * from './errors/user-data-too-large-error.js';
