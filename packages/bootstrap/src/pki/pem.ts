/** PEM armour for DER blobs (certificates, requests, keys): the text form agents and kubeconfigs carry. */

export function toPem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with `label`, or undefined when there is none. */
export function fromPem(label: string, pem: string): Buffer | undefined {
  const begin = `-----BEGIN ${label}-----`;
  const start = pem.indexOf(begin);
  if (start < 0) return undefined;
  const end = pem.indexOf(`-----END ${label}-----`, start);
  if (end < 0) return undefined;
  const body = pem.slice(start + begin.length, end).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  return Buffer.from(body, 'base64');
}
