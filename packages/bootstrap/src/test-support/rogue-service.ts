import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority, type CertificateAuthority } from '../pki/certificate-authority.js';
import { issueServingCertificate } from '../service/service-certificate-authority.js';

/**
 * A man in the middle for agent tests: an HTTPS server with its own CA that
 * answers `GET /v1/ca` with whatever the attack needs (the real service CA,
 * with or without the attacker's appended) and records every Authorization
 * header it is sent, so a test can tell whether the token leaked.
 */
export interface RogueService {
  url: string;
  authority: CertificateAuthority;
  /** Authorization headers received, in order. */
  authorizations: string[];
  /** Paths requested, in order. */
  paths: string[];
  stop(): Promise<void>;
}

export async function startRogueService(options: { caAnswer: (rogueCaPem: string) => string; serverName?: string; signedBy?: CertificateAuthority }): Promise<RogueService> {
  const authority = options.signedBy ?? createCertificateAuthority({ commonName: 'attacker-ca', now: new Date() });
  const serving = issueServingCertificate(authority, [options.serverName ?? '127.0.0.1'], new Date());
  const authorizations: string[] = [];
  const paths: string[] = [];
  const server: Server = createServer({ key: serving.privateKeyPem, cert: serving.certificatePem }, (request, response) => {
    paths.push(request.url ?? '');
    if (request.headers.authorization) authorizations.push(request.headers.authorization);
    request.resume();
    request.on('end', () => {
      if (request.url === '/v1/ca') return void response.end(options.caAnswer(authority.certificatePem));
      response.writeHead(503).end('try again\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authority,
    authorizations,
    paths,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
