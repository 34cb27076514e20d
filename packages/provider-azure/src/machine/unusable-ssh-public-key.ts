import { generateKeyPairSync } from 'node:crypto';

/**
 * Azure refuses a Linux VM without a password or an SSH key, and Slipway needs
 * neither (machines join through their bootstrap agent, never over ssh). This
 * makes an Ed25519 public key whose private half is never kept: it satisfies
 * Azure and opens nothing.
 */
export function unusableSshPublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} slipway-no-login`;
}
