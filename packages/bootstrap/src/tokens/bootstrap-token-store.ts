import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Cluster, Machine } from '@slipway/core';
import { clusterNameLabel } from '@slipway/core';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import { JoinRejectedError } from '../errors/join-rejected-error.js';
import type { SecretRecord, SecretStorePort } from '../ports/secret-store-port.js';
import { decodeSecretValue, encodeSecretData } from '../ports/secret-data.js';
import { generateBootstrapToken, hashTokenSecret, parseBootstrapToken, tokenSecretMatches, type BootstrapToken } from './bootstrap-token.js';

/**
 * Per-Machine bootstrap tokens kept as Secrets (`bootstrap-token-<id>`, as
 * kubeadm names them): bound to the Machine's UID, single-use, expiring, and
 * stored as a hash of the secret part only.
 *
 * A Machine may hold a few live tokens at once: the manager renders user data
 * again whenever the cloud does not show the instance yet (eventual
 * consistency, a crash), while the instance already booted with the first
 * rendering (create is idempotent and keeps the first user data). Revoking the
 * older token there would strand the machine. All tokens of a Machine die
 * together when one of them is redeemed or the Machine is deleted.
 */
export const bootstrapTokenLabel = 'slipway.dev/bootstrap-token';
export const machineUidLabel = 'slipway.dev/machine-uid';
/** Marks the record that a token was redeemed (kept apart from the tokens themselves). */
export const redemptionLabel = 'slipway.dev/bootstrap-token-redemption';
export const defaultTokenTimeToLiveMs = 15 * 60 * 1000;
export const defaultBootstrapNamespace = 'slipway-system';

export interface StoredBootstrapToken {
  id: string;
  machineUid: string;
  machineName: string;
  clusterName: string;
  expiresAt: Date;
  usedAt: Date | undefined;
}

/**
 * What a Machine's one redemption records: which token, which key the kubelet
 * certificate was issued for, and the hash of the report credential handed
 * out with it. Later reports are authenticated against this record only.
 */
export interface MachineRedemption {
  machineUid: string;
  tokenId: string;
  /** sha256 hex of the DER SubjectPublicKeyInfo the certificate was issued for. */
  keySha256: string;
  usedAt: string;
}

/** What `redeem` hands back: whether this call redeemed or repeated its own earlier redemption, and the fresh report credential. */
export interface Redemption {
  repeated: boolean;
  /** Shown once, in the join answer; only its SHA-256 is stored. */
  reportCredential: string;
}

/** Format of the per-machine report credential: `report.` and 43 base64url characters (256 bits). */
export const reportCredentialPattern = /^report\.([A-Za-z0-9_-]{43})$/;

export interface BootstrapTokenStoreOptions {
  secrets: SecretStorePort;
  clock: { now(): number };
  /** Where token Secrets live; the hook and the service must agree on it. */
  namespace?: string;
  timeToLiveMs?: number;
  /** Older live tokens beyond this count are revoked when a new one is issued. */
  maximumLiveTokensPerMachine?: number;
}

function secretName(id: string): string {
  return `bootstrap-token-${id}`;
}

/**
 * One redemption record per Machine, whatever the number of its tokens: two
 * live tokens of one Machine race for the same name, and the store's
 * first-writer-wins create lets exactly one through. The UID is hashed so any
 * UID (and any value an attacker puts in a report) makes a valid, fixed-length name.
 */
export function redemptionSecretName(machineUid: string): string {
  return `bootstrap-redemption-${createHash('sha256').update(machineUid, 'utf8').digest('hex').slice(0, 40)}`;
}

function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

function hexEqual(leftHex: string, rightHex: string): boolean {
  const left = Buffer.from(leftHex, 'hex');
  const right = Buffer.from(rightHex, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

function readToken(secret: SecretRecord): StoredBootstrapToken | undefined {
  const id = decodeSecretValue(secret.data, 'token-id');
  const machineUid = decodeSecretValue(secret.data, 'machine-uid');
  const expiration = decodeSecretValue(secret.data, 'expiration');
  if (!id || !machineUid || !expiration) return undefined;
  const usedAt = decodeSecretValue(secret.data, 'used-at');
  return {
    id,
    machineUid,
    machineName: decodeSecretValue(secret.data, 'machine-name') ?? '',
    clusterName: decodeSecretValue(secret.data, 'cluster-name') ?? '',
    expiresAt: new Date(expiration),
    usedAt: usedAt ? new Date(usedAt) : undefined,
  };
}

export class BootstrapTokenStore {
  readonly namespace: string;
  readonly timeToLiveMs: number;
  private readonly secrets: SecretStorePort;
  private readonly clock: { now(): number };
  private readonly maximumLiveTokensPerMachine: number;

  constructor(options: BootstrapTokenStoreOptions) {
    this.secrets = options.secrets;
    this.clock = options.clock;
    this.namespace = options.namespace ?? defaultBootstrapNamespace;
    this.timeToLiveMs = options.timeToLiveMs ?? defaultTokenTimeToLiveMs;
    this.maximumLiveTokensPerMachine = options.maximumLiveTokensPerMachine ?? 10;
  }

  async issue(cluster: Cluster, machine: Machine): Promise<{ token: BootstrapToken; expiresAt: Date }> {
    const machineUid = machine.metadata.uid;
    if (!machineUid) throw new InvalidBootstrapInputError('Machine metadata.uid', 'is required; store the Machine before issuing its bootstrap token');
    const live = (await this.listForMachine(machineUid))
      .filter(({ token }) => token.usedAt === undefined && token.expiresAt.getTime() > this.clock.now())
      .sort((left, right) => left.token.expiresAt.getTime() - right.token.expiresAt.getTime());
    for (const { secret } of live.slice(0, Math.max(0, live.length - this.maximumLiveTokensPerMachine + 1))) {
      await this.secrets.delete(secret.namespace, secret.name);
    }
    const expiresAt = new Date(this.clock.now() + this.timeToLiveMs);
    for (;;) {
      const token = generateBootstrapToken();
      const record: SecretRecord = {
        namespace: this.namespace,
        name: secretName(token.id),
        labels: {
          [bootstrapTokenLabel]: 'true',
          [machineUidLabel]: machineUid,
          [clusterNameLabel]: cluster.metadata.name ?? '',
        },
        data: encodeSecretData({
          'token-id': token.id,
          'token-secret-sha256': hashTokenSecret(token.secret),
          'machine-uid': machineUid,
          'machine-name': machine.metadata.name,
          'machine-namespace': machine.metadata.namespace,
          'cluster-name': cluster.metadata.name,
          expiration: expiresAt.toISOString(),
          usage: 'node-authorization',
        }),
      };
      const stored = await this.secrets.createIfAbsent(record);
      // An id collision (1 in 2 billion) leaves someone else's record in place: draw again.
      if (stored.data['token-secret-sha256'] === record.data['token-secret-sha256']) return { token, expiresAt };
    }
  }

  /**
   * Checks a presented token: known, secret matches, unexpired, unused. Never
   * puts the presented value into an error: only the public id, when it parses.
   */
  async authenticate(value: string, options: { allowUsed?: boolean } = {}): Promise<StoredBootstrapToken> {
    const parsed = parseBootstrapToken(value);
    if (!parsed) throw new JoinRejectedError('TokenInvalid', 'the bootstrap token is not in the form [a-z0-9]{6}.[a-z0-9]{16}');
    const secret = await this.secrets.get(this.namespace, secretName(parsed.id));
    const stored = secret ? readToken(secret) : undefined;
    const hash = secret ? decodeSecretValue(secret.data, 'token-secret-sha256') : undefined;
    if (!stored || !hash || !tokenSecretMatches(parsed.secret, hash)) {
      throw new JoinRejectedError('TokenInvalid', `bootstrap token ${parsed.id} is unknown or its secret does not match`);
    }
    if (stored.usedAt !== undefined && options.allowUsed !== true) {
      throw new JoinRejectedError('TokenAlreadyUsed', `bootstrap token ${parsed.id} was already used at ${stored.usedAt.toISOString()}`, {
        machineUid: stored.machineUid,
      });
    }
    if (stored.expiresAt.getTime() <= this.clock.now()) {
      throw new JoinRejectedError('TokenExpired', `bootstrap token ${parsed.id} expired at ${stored.expiresAt.toISOString()}`, {
        machineUid: stored.machineUid,
      });
    }
    return stored;
  }

  /**
   * Redeems a token, exactly once per Machine, even across several service
   * replicas sharing one store and whatever the number of the Machine's live
   * tokens: the redemption is the Machine's one Secret
   * `bootstrap-redemption-<hash of UID>`, created with the store's
   * first-writer-wins create, and only the writer whose nonce comes back
   * redeems. A repeat by the same token for the same key (an agent whose
   * answer was lost on the way) is let through again, with a new report
   * credential: it proves possession of the key the first one certified.
   * Every other token of the Machine is revoked.
   */
  async redeem(token: StoredBootstrapToken, binding: { subjectPublicKeyInfoDer: Buffer }): Promise<Redemption> {
    const alreadyUsed = (detail: string) =>
      new JoinRejectedError('TokenAlreadyUsed', `bootstrap token ${token.id} ${detail}`, { machineUid: token.machineUid });
    const keySha256 = sha256Hex(binding.subjectPublicKeyInfoDer);
    const reportCredential = `report.${randomBytes(32).toString('base64url')}`;
    const reportSha256 = sha256Hex(reportCredential);
    const name = redemptionSecretName(token.machineUid);
    const nonce = randomUUID();
    const usedAt = new Date(this.clock.now()).toISOString();
    const claim = await this.secrets.createIfAbsent({
      namespace: this.namespace,
      name,
      labels: { [redemptionLabel]: 'true', [machineUidLabel]: token.machineUid },
      data: encodeSecretData({ nonce, 'machine-uid': token.machineUid, 'token-id': token.id, 'key-sha256': keySha256, 'report-credential-sha256': reportSha256, 'used-at': usedAt }),
    });
    if (decodeSecretValue(claim.data, 'nonce') !== nonce) {
      const sameRequester = decodeSecretValue(claim.data, 'token-id') === token.id && hexEqual(decodeSecretValue(claim.data, 'key-sha256') ?? '', keySha256);
      if (!sameRequester) throw alreadyUsed(token.usedAt ? 'was already used' : 'cannot be used: its Machine already redeemed a token');
      await this.secrets.update({ ...claim, data: { ...claim.data, ...encodeSecretData({ 'report-credential-sha256': reportSha256 }) } });
      return { repeated: true, reportCredential };
    }
    const secret = await this.secrets.get(this.namespace, secretName(token.id));
    if (secret) await this.secrets.update({ ...secret, data: { ...secret.data, ...encodeSecretData({ 'used-at': usedAt }) } });
    for (const other of await this.listForMachine(token.machineUid)) {
      if (other.token.id !== token.id) await this.secrets.delete(other.secret.namespace, other.secret.name);
    }
    return { repeated: false, reportCredential };
  }

  /**
   * Checks a report credential against the Machine's redemption record. The
   * same answer (undefined) for an unknown Machine, a Machine that never
   * joined and a wrong credential, so a caller learns nothing from it.
   */
  async authenticateReporter(machineUid: string, credential: string): Promise<MachineRedemption | undefined> {
    if (!reportCredentialPattern.test(credential)) return undefined;
    const record = await this.secrets.get(this.namespace, redemptionSecretName(machineUid));
    const presented = sha256Hex(credential);
    // Compared even when there is no record, so both paths cost the same.
    const stored = (record && decodeSecretValue(record.data, 'report-credential-sha256')) ?? '0'.repeat(64);
    if (!hexEqual(stored, presented) || !record || decodeSecretValue(record.data, 'machine-uid') !== machineUid) return undefined;
    return {
      machineUid,
      tokenId: decodeSecretValue(record.data, 'token-id') ?? '',
      keySha256: decodeSecretValue(record.data, 'key-sha256') ?? '',
      usedAt: decodeSecretValue(record.data, 'used-at') ?? '',
    };
  }

  /** Deletes every token of a Machine, and their redemption records (it joined, or it is being deleted). */
  async revokeForMachine(machineUid: string): Promise<number> {
    const tokens = await this.listForMachine(machineUid);
    for (const { secret } of tokens) await this.secrets.delete(secret.namespace, secret.name);
    for (const record of await this.secrets.list(this.namespace, { [redemptionLabel]: 'true', [machineUidLabel]: machineUid })) {
      await this.secrets.delete(record.namespace, record.name);
    }
    return tokens.length;
  }

  /**
   * Pushes the expiry of a Machine's unused tokens another time-to-live out,
   * for a machine still provisioning (slow clouds, bare metal). Returns the
   * new expiry, or undefined when the Machine has no live token left.
   */
  async refresh(machineUid: string): Promise<Date | undefined> {
    const expiresAt = new Date(this.clock.now() + this.timeToLiveMs);
    let refreshed = false;
    for (const { secret, token } of await this.listForMachine(machineUid)) {
      if (token.usedAt !== undefined || token.expiresAt.getTime() <= this.clock.now()) continue;
      await this.secrets.update({ ...secret, data: { ...secret.data, ...encodeSecretData({ expiration: expiresAt.toISOString() }) } });
      refreshed = true;
    }
    return refreshed ? expiresAt : undefined;
  }

  async listForMachine(machineUid: string): Promise<Array<{ secret: SecretRecord; token: StoredBootstrapToken }>> {
    const secrets = await this.secrets.list(this.namespace, { [bootstrapTokenLabel]: 'true', [machineUidLabel]: machineUid });
    const tokens: Array<{ secret: SecretRecord; token: StoredBootstrapToken }> = [];
    for (const secret of secrets) {
      const token = readToken(secret);
      if (token && token.machineUid === machineUid) tokens.push({ secret, token });
    }
    return tokens;
  }
}
