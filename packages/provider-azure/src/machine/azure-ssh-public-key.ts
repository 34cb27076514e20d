/**
 * Which OpenSSH public keys Azure takes for a Linux VM: RSA keys of 2048 bits or
 * more and Ed25519 keys. ECDSA keys and shorter RSA keys are refused at create
 * time, after the network interface exists, so the providerSpec check refuses
 * them first. The RSA size is read from the key itself (the SSH wire format:
 * string "ssh-rsa", mpint e, mpint n).
 */
export const azureMinimumRsaBits = 2048;

/** Why Azure would refuse this key, or undefined when it takes it. */
export function azureSshPublicKeyProblem(key: string): string | undefined {
  const [type = '', data = ''] = key.trim().split(/\s+/);
  if (type.startsWith('ecdsa-')) {
    return `Azure takes RSA keys of ${azureMinimumRsaBits} bits or more and Ed25519 keys, not ECDSA (${type}); make one with ssh-keygen -t ed25519`;
  }
  if (type !== 'ssh-rsa') return undefined;
  const bits = rsaModulusBits(Buffer.from(data, 'base64'));
  if (bits === undefined) return 'the ssh-rsa key data is not an RSA public key in OpenSSH format';
  if (bits < azureMinimumRsaBits) {
    return `the RSA key has ${bits} bits; Azure takes ${azureMinimumRsaBits} or more (ssh-keygen -t rsa -b 4096), or an Ed25519 key`;
  }
  return undefined;
}

function rsaModulusBits(blob: Buffer): number | undefined {
  const fields: Buffer[] = [];
  let offset = 0;
  while (offset + 4 <= blob.length && fields.length < 3) {
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) return undefined;
    fields.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  const [type, , modulus] = fields;
  if (type?.toString('latin1') !== 'ssh-rsa' || modulus === undefined) return undefined;
  // An mpint carries a leading zero byte when its top bit is set; it adds no bits.
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start += 1;
  if (start === modulus.length) return undefined;
  return (modulus.length - start - 1) * 8 + (32 - Math.clz32(modulus[start]!));
}
