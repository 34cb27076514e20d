import { isControlPlaneMachine, type Cluster, type LoggerV1, type Machine } from '@slipway/core';
import { initializingMachineUid } from '../cluster/control-plane-initialization.js';
import { loadClusterAddons } from '../cluster/cluster-addons.js';
import { InvalidCertificateRequestError } from '../errors/invalid-certificate-request-error.js';
import { JoinRejectedError } from '../errors/join-rejected-error.js';
import type { MachineRegistryPort } from '../ports/machine-registry-port.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { clockSkewAllowanceMs } from '../pki/certificate-authority.js';
import type { AddressRateLimiter } from './address-rate-limiter.js';
import { parseCertificateRequest, type ParsedCertificateRequest } from '../pki/certificate-request.js';
import { readCertificateRequest } from '../pki/certificate-request-reader.js';
import { CertificateTemplate, type TemplateProfile } from '../pki/certificate-template.js';
import { loadClusterPki, type ClusterPki } from '../pki/cluster-pki.js';
import { issueCertificate } from '../pki/issue-certificate.js';
import { toPem } from '../pki/pem.js';
import { applyBootstrapReport, isReportTimestamp, type BootstrapReport } from '../status/apply-bootstrap-report.js';
import type { BootstrapTokenStore, StoredBootstrapToken } from '../tokens/bootstrap-token-store.js';
import { checkNodeCertificateRequest, nodeNameOf } from './check-node-certificate-request.js';

/**
 * The decisions of the node-authorization service, apart from HTTP: who may
 * join (token, Machine, CSR policy), what they receive, and how their reports
 * change the Machine. The HTTP layer only transports; tests and the join
 * benchmark drive this directly too.
 */
export type MachineBootstrapRole = 'init' | 'control-plane' | 'worker';

export interface PemPair {
  certificatePem: string;
  privateKeyPem: string;
}

export interface JoinGrant {
  machineUid: string;
  nodeName: string;
  role: MachineBootstrapRole;
  /** `host:port` of the cluster's API server, when the Cluster has one. */
  apiServerEndpoint: string | undefined;
  kubeletClientCertificatePem: string;
  clusterCaCertificatePem: string;
  /** Control-plane machines only: the shared cluster PKI kubeadm needs on disk. */
  controlPlanePki?: {
    clusterCa: PemPair;
    etcdCa: PemPair;
    frontProxyCa: PemPair;
    serviceAccount: { privateKeyPem: string; publicKeyPem: string };
  };
  /** The init machine only: addon YAML to apply after `kubeadm init`. */
  addonsYaml?: string;
  /** Authenticates this machine's reports of the phases after the certificate (only its hash is stored). */
  reportCredential: string;
}

export type CertificateIssuance = 'template' | 'library';

export interface NodeAuthorizerOptions {
  secrets: SecretStorePort;
  machines: MachineRegistryPort;
  tokens: BootstrapTokenStore;
  clock: { now(): number };
  logger?: LoggerV1;
  /** Validity of the kubelet client certificate; the kubelet rotates it through the CSR API after joining. */
  clientCertificateValidityMs?: number;
  /** `template` (default) is the fast path; `library` encodes every certificate through the X.509 library. */
  issuance?: CertificateIssuance;
  /**
   * Limits authenticated calls per Machine (keyed by UID), so one token
   * cannot make the service verify CSRs without end, while a thousand
   * machines behind one NAT address each get their own budget.
   */
  machineRateLimiter?: AddressRateLimiter;
}

/** The bootstrap token (phases before the certificate only) or the report credential issued with the join. */
export type ReportCredential = { kind: 'token'; token: string } | { kind: 'report'; credential: string };

/**
 * What the token alone may report: that the user data arrived, and failures
 * before a certificate exists. Everything later needs the report credential
 * handed out with the certificate, so a stolen token cannot mark a Machine
 * Running or bury its real agent's reports.
 */
function tokenMayReport(report: BootstrapReport): boolean {
  return report.phase === 'UserDataReceived' || (report.phase === 'CertificatesObtained' && report.outcome === 'failed');
}

const kubeletClientProfile: TemplateProfile = { keyUsage: ['digitalSignature'], extendedKeyUsage: ['clientAuth'] };
const silentLogger: LoggerV1 = { debug() {}, info() {}, warn() {}, error() {} };

interface ClusterMaterial {
  pki: ClusterPki;
  template: CertificateTemplate;
}

export class NodeAuthorizer {
  private readonly logger: LoggerV1;
  private readonly clientCertificateValidityMs: number;
  private readonly issuance: CertificateIssuance;
  /** Cluster PKI is created once and never changes, so it is parsed once per Cluster UID. */
  private readonly material = new Map<string, Promise<ClusterMaterial | undefined>>();

  constructor(private readonly options: NodeAuthorizerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.clientCertificateValidityMs = options.clientCertificateValidityMs ?? 24 * 3600 * 1000;
    this.issuance = options.issuance ?? 'template';
  }

  async join(request: { token: string; certificateRequestPem: string; sourceAddress: string; receivedAt?: string }): Promise<JoinGrant> {
    let machineUid: string | undefined;
    try {
      // A used token still authenticates here: its own agent may repeat a join whose answer it lost (see redeem).
      const token = await this.options.tokens.authenticate(request.token, { allowUsed: true });
      machineUid = token.machineUid;
      this.limitMachine(token.machineUid);
      const { cluster, machine } = await this.provisioningMachine(token);
      let certificateRequest: ParsedCertificateRequest;
      try {
        certificateRequest =
          this.issuance === 'template' ? readCertificateRequest(request.certificateRequestPem) : parseCertificateRequest(request.certificateRequestPem);
      } catch (error) {
        if (!InvalidCertificateRequestError.isInstance(error)) throw error;
        throw new JoinRejectedError('CertificateRequestInvalid', `the CSR was refused: ${error.message}`, { machineUid });
      }
      checkNodeCertificateRequest(certificateRequest, machine, token.machineUid);
      const material = await this.clusterMaterial(cluster);
      if (!material) {
        throw new JoinRejectedError('ClusterPkiMissing', `the PKI of Cluster ${cluster.metadata.name ?? ''} does not exist yet; retry shortly`, { machineUid });
      }
      const role = await this.roleOf(cluster, machine, token.machineUid);
      const addonsYaml = role === 'init' ? await loadClusterAddons(this.options.secrets, cluster) : undefined;
      // Everything that can refuse the request, or fail on a store read, has run: only now is the token spent.
      const redemption = await this.options.tokens.redeem(token, { subjectPublicKeyInfoDer: certificateRequest.subjectPublicKeyInfoDer });
      const grant = this.grant(cluster, machine, token.machineUid, role, certificateRequest, material, addonsYaml, redemption.reportCredential);
      const now = new Date(this.options.clock.now()).toISOString();
      const receivedAt = request.receivedAt !== undefined && isReportTimestamp(request.receivedAt) ? request.receivedAt : now;
      try {
        // The join itself says the user data arrived: one call records both phases.
        await this.options.machines.updateBootstrapStatus(token.machineUid, (status) =>
          applyBootstrapReport(
            applyBootstrapReport(status, { phase: 'UserDataReceived', outcome: 'succeeded', timestamp: receivedAt }),
            { phase: 'CertificatesObtained', outcome: 'succeeded', timestamp: now },
          ),
        );
        await this.options.machines.recordEvent(token.machineUid, {
          type: 'Normal',
          reason: 'KubeletCertificateIssued',
          message: `issued the kubelet client certificate for node ${grant.nodeName} (role ${role}) to ${request.sourceAddress}${redemption.repeated ? ' again, to the key it certified before' : ''}`,
        });
      } catch (error) {
        // The token is spent and the certificate made: failing the request now would
        // strand the machine. Its agent reports its phases again on its own.
        this.logger.warn('could not record the issued certificate on the Machine', {
          machineUid,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      this.logger.info('node joined', { machineUid, nodeName: grant.nodeName, role, tokenId: token.id, sourceAddress: request.sourceAddress, repeated: redemption.repeated });
      return grant;
    } catch (error) {
      await this.recordRejection(error, machineUid, request.sourceAddress, 'join');
      throw error;
    }
  }

  /**
   * One or more phase reports of one Machine (the agent sends what it reached
   * in one call). The credential is checked before anything is looked up or
   * written, and every way of failing it gets the same answer, so a report
   * cannot tell an existing Machine UID from an unknown one, nor write on a
   * Machine it does not hold a credential for.
   */
  async report(request: { machineUid: string; credential: ReportCredential; reports: readonly BootstrapReport[]; sourceAddress: string }): Promise<void> {
    const { machineUid, reports } = request;
    const authenticated = await this.authenticateReporter(request.credential, machineUid);
    if (!authenticated) {
      this.logger.warn('report rejected', { code: 'ReportUnauthorized', sourceAddress: request.sourceAddress });
      throw new JoinRejectedError('ReportUnauthorized', 'the credential does not authorize reports for this Machine UID');
    }
    this.limitMachine(machineUid);
    if (request.credential.kind === 'token') {
      const refused = reports.find((report) => !tokenMayReport(report));
      if (refused) {
        throw new JoinRejectedError(
          'ReportPhaseNotAllowed',
          `the bootstrap token may report only UserDataReceived and a failure to obtain the certificate; ${refused.phase} ${refused.outcome} needs the report credential issued with the join`,
          { machineUid },
        );
      }
    }
    try {
      const found = await this.options.machines.findMachineByUid(machineUid);
      if (!found) throw new JoinRejectedError('MachineNotFound', `no Machine has UID ${machineUid}`);
      await this.options.machines.updateBootstrapStatus(machineUid, (status) => reports.reduce(applyBootstrapReport, status));
      const failed = reports.find((report) => report.outcome === 'failed');
      if (failed) {
        await this.options.machines.recordEvent(machineUid, {
          type: 'Warning',
          reason: 'BootstrapFailed',
          message: `bootstrap phase ${failed.phase} failed with exit code ${failed.exitCode ?? 1}; the Machine status holds the last ${failed.logTail?.length ?? 0} log lines`,
        });
        this.logger.warn('bootstrap phase failed', { machineUid, phase: failed.phase, exitCode: failed.exitCode });
      } else if (reports.some((report) => report.phase === 'NodeRegistered')) {
        // The node is in: whatever tokens and credentials the Machine still has open nothing any more.
        await this.options.tokens.revokeForMachine(machineUid);
        await this.options.machines.recordEvent(machineUid, {
          type: 'Normal',
          reason: 'NodeRegistered',
          message: `node ${nodeNameOf(found.machine)} registered; bootstrap tokens revoked`,
        });
      }
    } catch (error) {
      await this.recordRejection(error, JoinRejectedError.isInstance(error) && error.code === 'MachineNotFound' ? undefined : machineUid, request.sourceAddress, 'report');
      throw error;
    }
  }

  private limitMachine(machineUid: string): void {
    const waitMs = this.options.machineRateLimiter?.take(machineUid) ?? 0;
    if (waitMs > 0) {
      throw new JoinRejectedError('RateLimited', 'too many requests for this Machine; retry later', { machineUid, retryAfterMs: waitMs });
    }
  }

  private async provisioningMachine(token: StoredBootstrapToken): Promise<{ cluster: Cluster; machine: Machine }> {
    const found = await this.options.machines.findMachineByUid(token.machineUid);
    if (!found) {
      throw new JoinRejectedError('MachineNotFound', `bootstrap token ${token.id} belongs to Machine UID ${token.machineUid}, which no longer exists`);
    }
    const { machine } = found;
    if (machine.metadata.deletionTimestamp !== undefined) {
      throw new JoinRejectedError('MachineNotProvisioning', `Machine ${machine.metadata.name ?? ''} is being deleted`, { machineUid: token.machineUid });
    }
    if (machine.status?.bootstrap?.phase === 'NodeRegistered') {
      throw new JoinRejectedError('MachineNotProvisioning', `Machine ${machine.metadata.name ?? ''} already registered its node`, { machineUid: token.machineUid });
    }
    return found;
  }

  private async roleOf(cluster: Cluster, machine: Machine, machineUid: string): Promise<MachineBootstrapRole> {
    if (!isControlPlaneMachine(machine)) return 'worker';
    return (await initializingMachineUid(this.options.secrets, cluster)) === machineUid ? 'init' : 'control-plane';
  }

  private clusterMaterial(cluster: Cluster): Promise<ClusterMaterial | undefined> {
    const key = `${cluster.metadata.namespace ?? 'default'}/${cluster.metadata.name ?? ''}/${cluster.metadata.uid ?? ''}`;
    let pending = this.material.get(key);
    if (!pending) {
      pending = loadClusterPki(this.options.secrets, cluster).then((pki) =>
        pki ? { pki, template: new CertificateTemplate(pki.clusterCa.issuer, kubeletClientProfile) } : undefined,
      );
      this.material.set(key, pending);
      // A missing PKI is not cached: it may be created in a moment.
      void pending.then((loaded) => {
        if (!loaded) this.material.delete(key);
      }, () => this.material.delete(key));
    }
    return pending;
  }

  private grant(
    cluster: Cluster,
    machine: Machine,
    machineUid: string,
    role: MachineBootstrapRole,
    certificateRequest: ParsedCertificateRequest,
    material: ClusterMaterial,
    addonsYaml: string | undefined,
    reportCredential: string,
  ): JoinGrant {
    const nodeName = nodeNameOf(machine);
    const now = this.options.clock.now();
    const fields = {
      subject: { commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] },
      subjectPublicKeyInfoDer: certificateRequest.subjectPublicKeyInfoDer,
      notBefore: new Date(Math.floor((now - clockSkewAllowanceMs) / 1000) * 1000),
      notAfter: new Date(Math.floor((now + this.clientCertificateValidityMs) / 1000) * 1000),
    };
    const certificateDer =
      this.issuance === 'template'
        ? material.template.issue(fields)
        : issueCertificate({
            issuer: material.pki.clusterCa.issuer,
            subjectPublicKeyInfoDer: fields.subjectPublicKeyInfoDer,
            profile: { ...kubeletClientProfile, ...fields },
          });
    const endpoint = cluster.status?.apiEndpoints?.[0];
    const grant: JoinGrant = {
      machineUid,
      nodeName,
      role,
      apiServerEndpoint: endpoint ? `${endpoint.host}:${endpoint.port}` : undefined,
      kubeletClientCertificatePem: toPem('CERTIFICATE', certificateDer),
      clusterCaCertificatePem: material.pki.clusterCa.certificatePem,
      reportCredential,
    };
    if (role !== 'worker') {
      const { pki } = material;
      grant.controlPlanePki = {
        clusterCa: { certificatePem: pki.clusterCa.certificatePem, privateKeyPem: pki.clusterCa.privateKeyPem },
        etcdCa: { certificatePem: pki.etcdCa.certificatePem, privateKeyPem: pki.etcdCa.privateKeyPem },
        frontProxyCa: { certificatePem: pki.frontProxyCa.certificatePem, privateKeyPem: pki.frontProxyCa.privateKeyPem },
        serviceAccount: pki.serviceAccount,
      };
    }
    if (addonsYaml !== undefined) grant.addonsYaml = addonsYaml;
    return grant;
  }

  private async authenticateReporter(credential: ReportCredential, machineUid: string): Promise<boolean> {
    if (credential.kind === 'report') return (await this.options.tokens.authenticateReporter(machineUid, credential.credential)) !== undefined;
    try {
      const token = await this.options.tokens.authenticate(credential.token);
      return token.machineUid === machineUid;
    } catch (error) {
      if (JoinRejectedError.isInstance(error)) return false;
      throw error;
    }
  }

  private async recordRejection(error: unknown, machineUid: string | undefined, sourceAddress: string, operation: string): Promise<void> {
    if (!JoinRejectedError.isInstance(error)) {
      this.logger.error(`${operation} failed`, { machineUid, sourceAddress, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    // A token that parsed but was refused (expired, used) still names its Machine.
    const boundMachineUid = machineUid ?? error.machineUid;
    this.logger.warn(`${operation} rejected`, { code: error.code, reason: error.message, machineUid: boundMachineUid, sourceAddress });
    if (boundMachineUid !== undefined && error.code !== 'RateLimited') {
      try {
        await this.options.machines.recordEvent(boundMachineUid, { type: 'Warning', reason: `Join${error.code}`, message: `${operation} refused: ${error.message}` });
      } catch (eventError) {
        // The Machine may be gone; the rejection itself still stands and is logged above.
        this.logger.debug('could not record the rejection event', { machineUid: boundMachineUid, error: (eventError as Error).message });
      }
    }
  }
}
