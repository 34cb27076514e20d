import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../pki/key-pair.js';
import { LatentSecretStore } from '../test-support/latent-secret-store.js';
import { JoinRejectedError } from '../errors/join-rejected-error.js';
import { testCluster, testMachine } from '../test-support/fixtures.js';
import { InMemorySecretStore } from '../test-support/in-memory-secret-store.js';
import { SteppableClock } from '../test-support/steppable-clock.js';
import { bootstrapTokenPattern, generateBootstrapToken, hashTokenSecret } from './bootstrap-token.js';
import { BootstrapTokenStore } from './bootstrap-token-store.js';

function setUp() {
  const secrets = new InMemorySecretStore();
  const clock = new SteppableClock();
  const store = new BootstrapTokenStore({ secrets, clock });
  return { secrets, clock, store, cluster: testCluster(), machine: testMachine({ name: 'w0', uid: 'uid-w0' }) };
}

/** A fresh key's SubjectPublicKeyInfo: what a redemption binds to. */
function keyBinding() {
  return { subjectPublicKeyInfoDer: generateKeyPair().publicKey.export({ type: 'spki', format: 'der' }) };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (JoinRejectedError.isInstance(error)) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('bootstrap tokens', () => {
  it('have kubeadm\'s format and are not predictable', () => {
    const values = new Set(Array.from({ length: 500 }, () => generateBootstrapToken().value));
    expect(values.size).toBe(500);
    for (const value of values) expect(value).toMatch(bootstrapTokenPattern);
  });

  it('are stored as a hash, bound to the Machine, with their expiry', async () => {
    const { secrets, store, cluster, machine, clock } = setUp();
    const { token, expiresAt } = await store.issue(cluster, machine);
    expect(expiresAt.getTime()).toBe(clock.now() + 15 * 60 * 1000);
    const stored = secrets.secrets.get(`slipway-system/bootstrap-token-${token.id}`);
    const decoded = Object.fromEntries(Object.entries(stored?.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
    expect(decoded).toMatchObject({ 'token-id': token.id, 'token-secret-sha256': hashTokenSecret(token.secret), 'machine-uid': 'uid-w0' });
    expect(JSON.stringify(stored)).not.toContain(token.secret);
    expect(stored?.labels).toMatchObject({ 'slipway.dev/machine-uid': 'uid-w0', 'cluster.k8s.io/cluster-name': 'alpha' });
  });

  it('authenticate only with the right secret, before expiry, once', async () => {
    const { store, cluster, machine, clock } = setUp();
    const { token } = await store.issue(cluster, machine);
    expect(await rejection(store.authenticate(`${token.id}.${'0'.repeat(16)}`))).toBe('TokenInvalid');
    expect(await rejection(store.authenticate('nonsense'))).toBe('TokenInvalid');
    const stored = await store.authenticate(token.value);
    expect(stored.machineUid).toBe('uid-w0');
    await store.redeem(stored, keyBinding());
    expect(await rejection(store.authenticate(token.value))).toBe('TokenAlreadyUsed');

    const { token: second } = await store.issue(cluster, testMachine({ name: 'w1', uid: 'uid-w1' }));
    clock.advance(15 * 60 * 1000 - 1);
    expect(await rejection(store.authenticate(second.value))).toBe('accepted');
    clock.advance(1);
    expect(await rejection(store.authenticate(second.value))).toBe('TokenExpired');
  });

  it('let only one of two concurrent redemptions through (two keys)', async () => {
    const { store, cluster, machine } = setUp();
    const { token } = await store.issue(cluster, machine);
    const stored = await store.authenticate(token.value);
    const outcomes = await Promise.allSettled([store.redeem(stored, keyBinding()), store.redeem(stored, keyBinding())]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('redeem once per Machine, whatever the number of its tokens, on a store with latency', async () => {
    const secrets = new LatentSecretStore(5);
    const clock = new SteppableClock();
    const store = new BootstrapTokenStore({ secrets, clock });
    const machine = testMachine({ name: 'w0', uid: 'uid-w0' });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => store.issue(testCluster(), machine)));
    const seen = await Promise.all(tokens.map(({ token }) => store.authenticate(token.value)));
    const outcomes = await Promise.allSettled(seen.map((token) => store.redeem(token, keyBinding())));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(JoinRejectedError.isInstance(outcome.reason) && outcome.reason.code).toBe('TokenAlreadyUsed');
  });

  it('let the same token and key repeat a redemption (a lost answer), with a new report credential; nobody else', async () => {
    const { store, cluster, machine } = setUp();
    const { token } = await store.issue(cluster, machine);
    const key = keyBinding();
    const first = await store.redeem(await store.authenticate(token.value), key);
    const used = await store.authenticate(token.value, { allowUsed: true });
    const again = await store.redeem(used, key);
    expect([first.repeated, again.repeated]).toEqual([false, true]);
    expect(again.reportCredential).not.toBe(first.reportCredential);
    expect(await store.authenticateReporter('uid-w0', first.reportCredential)).toBeUndefined();
    expect(await store.authenticateReporter('uid-w0', again.reportCredential)).toMatchObject({ machineUid: 'uid-w0', tokenId: token.id });
    expect(await rejection(store.redeem(used, keyBinding()))).toBe('TokenAlreadyUsed');
    expect(await store.authenticateReporter('uid-other', again.reportCredential)).toBeUndefined();
  });

  it('are redeemed once even by two service replicas sharing one store', async () => {
    const { secrets, clock, cluster, machine } = setUp();
    const replicaA = new BootstrapTokenStore({ secrets, clock });
    const replicaB = new BootstrapTokenStore({ secrets, clock });
    const { token } = await replicaA.issue(cluster, machine);
    // Both replicas check the token before either has redeemed it.
    const [seenByA, seenByB] = await Promise.all([replicaA.authenticate(token.value), replicaB.authenticate(token.value)]);
    const outcomes = await Promise.allSettled([replicaA.redeem(seenByA, keyBinding()), replicaB.redeem(seenByB, keyBinding())]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await rejection(replicaB.authenticate(token.value))).toBe('TokenAlreadyUsed');
    await replicaA.revokeForMachine('uid-w0');
    expect(secrets.secrets.size).toBe(0);
  });

  it('keep a re-rendered Machine\'s earlier tokens until one is redeemed, then revoke the rest', async () => {
    const { store, cluster, machine } = setUp();
    const first = await store.issue(cluster, machine);
    const second = await store.issue(cluster, machine);
    expect(await rejection(store.authenticate(first.token.value))).toBe('accepted');
    await store.redeem(await store.authenticate(second.token.value), keyBinding());
    expect(await rejection(store.authenticate(first.token.value))).toBe('TokenInvalid');
    expect(await store.listForMachine('uid-w0')).toHaveLength(1);
  });

  it('cap the live tokens of one Machine', async () => {
    const { store, cluster, machine, clock } = setUp();
    const issued = [];
    for (let index = 0; index < 12; index += 1) {
      issued.push(await store.issue(cluster, machine));
      clock.advance(1000);
    }
    expect(await store.listForMachine('uid-w0')).toHaveLength(10);
    expect(await rejection(store.authenticate(issued[1]?.token.value ?? ''))).toBe('TokenInvalid');
    expect(await rejection(store.authenticate(issued[2]?.token.value ?? ''))).toBe('accepted');
    expect(await rejection(store.authenticate(issued[11]?.token.value ?? ''))).toBe('accepted');
  });

  it('are refreshed while the Machine provisions, and revoked on delete', async () => {
    const { store, cluster, machine, clock } = setUp();
    const { token } = await store.issue(cluster, machine);
    clock.advance(14 * 60 * 1000);
    const refreshed = await store.refresh('uid-w0');
    expect(refreshed?.getTime()).toBe(clock.now() + 15 * 60 * 1000);
    clock.advance(10 * 60 * 1000);
    expect(await rejection(store.authenticate(token.value))).toBe('accepted');
    expect(await store.revokeForMachine('uid-w0')).toBe(1);
    expect(await rejection(store.authenticate(token.value))).toBe('TokenInvalid');
    expect(await store.refresh('uid-w0')).toBeUndefined();
  });
});
