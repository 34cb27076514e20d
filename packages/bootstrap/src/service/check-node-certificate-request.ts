import type { Machine } from '@slipway/core';
import { JoinRejectedError } from '../errors/join-rejected-error.js';
import type { ParsedCertificateRequest } from '../pki/certificate-request.js';
import { isCanonicalSubjectPublicKeyInfo } from '../pki/canonical-public-key.js';
import { canonicalIpAddress } from '../pki/ip-address.js';

/**
 * The policy a kubelet client CSR must meet, decided against the Machine the
 * token belongs to (never against what the request claims): subject exactly
 * `O=system:nodes, CN=system:node:<machine name>`, an acceptable key, and no
 * alternative names beyond the Machine's own name and addresses.
 */
const acceptedCurves = new Set(['prime256v1', 'secp384r1']);
const minimumRsaBits = 2048;
const maximumRsaBits = 8192;

export function nodeNameOf(machine: Machine): string {
  return machine.metadata.name ?? '';
}

export function checkNodeCertificateRequest(request: ParsedCertificateRequest, machine: Machine, machineUid: string): void {
  const nodeName = nodeNameOf(machine);
  const reject = (code: 'CertificateRequestSubjectMismatch' | 'CertificateRequestNamesNotAllowed' | 'CertificateRequestKeyRejected', message: string): never => {
    throw new JoinRejectedError(code, message, { machineUid });
  };

  const expectedCommonName = `system:node:${nodeName}`;
  if (request.commonNames.length !== 1 || request.commonNames[0] !== expectedCommonName) {
    reject('CertificateRequestSubjectMismatch', `the CSR subject CN must be exactly ${expectedCommonName} for this token's Machine (got ${JSON.stringify(request.commonNames)})`);
  }
  if (request.organizations.length !== 1 || request.organizations[0] !== 'system:nodes') {
    reject('CertificateRequestSubjectMismatch', `the CSR subject O must be exactly system:nodes (got ${JSON.stringify(request.organizations)})`);
  }
  if (request.otherSubjectAttributes.length > 0) {
    reject('CertificateRequestSubjectMismatch', `the CSR subject may hold only O and CN (also found ${request.otherSubjectAttributes.join(', ')})`);
  }

  const key = request.publicKeyDescription;
  if (key.type === 'ec' && !acceptedCurves.has(key.curve)) {
    reject('CertificateRequestKeyRejected', `the CSR key uses curve ${key.curve}; use P-256 or P-384`);
  } else if (key.type === 'rsa' && (key.bits < minimumRsaBits || key.bits > maximumRsaBits)) {
    reject('CertificateRequestKeyRejected', `the CSR has a ${key.bits}-bit RSA key; use ${minimumRsaBits} to ${maximumRsaBits} bits, or ECDSA P-256`);
  } else if (key.type === 'other') {
    reject('CertificateRequestKeyRejected', `the CSR key type ${key.name} is not accepted; use ECDSA P-256 or RSA of at least ${minimumRsaBits} bits`);
  }
  if (!isCanonicalSubjectPublicKeyInfo(request.subjectPublicKeyInfoDer, request.publicKey)) {
    reject(
      'CertificateRequestKeyRejected',
      'the CSR key is not in canonical form (EC keys need a named curve and an uncompressed point; RSA keys minimal DER), which Go and so kube-apiserver cannot read; generate it with openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256',
    );
  }

  const addresses = machine.status?.addresses ?? [];
  const allowedDnsNames = new Set([
    nodeName,
    ...addresses.filter((address) => address.type === 'Hostname' || address.type.endsWith('DNS')).map((address) => address.address),
  ]);
  const allowedIpAddresses = new Set(
    addresses.filter((address) => address.type.endsWith('IP')).map((address) => canonicalIpAddress(address.address)),
  );
  const extraDnsNames = request.dnsNames.filter((name) => !allowedDnsNames.has(name));
  const extraIpAddresses = request.ipAddresses.filter((address) => !allowedIpAddresses.has(canonicalIpAddress(address)));
  if (extraDnsNames.length > 0 || extraIpAddresses.length > 0 || request.otherAlternativeNames.length > 0) {
    reject(
      'CertificateRequestNamesNotAllowed',
      `the CSR asks for names that are not this Machine's: ${[...extraDnsNames, ...extraIpAddresses, ...request.otherAlternativeNames].join(', ')}`,
    );
  }
}
