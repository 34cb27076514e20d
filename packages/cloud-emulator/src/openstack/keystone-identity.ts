/**
 * Keystone v3 as much as a provider needs: `POST /v3/auth/tokens` with the
 * password or application_credential method, project, domain or no scope, an
 * `X-Subject-Token` header and the token body in the real Keystone's shape
 * (user, project or domain, roles, methods, expires_at, and the service
 * catalog listing every endpoint of each service by interface and region).
 * The shapes are checked against a real Keystone 30.0.0 by a provider test.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorHttpReply } from '../server/emulator-http-request.js';
import type { OpenStackCloud } from './openstack-cloud.js';
import { openStackError } from './openstack-error.js';

export interface CatalogService {
  type: string;
  name: string;
  /** The URL every interface answers on. */
  url: string;
}

const hexId = (): string => randomUUID().replace(/-/g, '');

function record(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw openStackError(400, 'ValidationError', `Invalid input for field '${field}': ${JSON.stringify(value)} is not of type 'object'`);
  }
  return value as Record<string, unknown>;
}

const unauthorized = () => openStackError(401, 'Unauthorized', 'The request you have made requires authentication.');

/** Keystone's timestamp format: whole seconds written with six zero decimals and a Z. */
export function keystoneTime(milliseconds: number): string {
  return new Date(Math.floor(milliseconds / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '.000000Z');
}

export class KeystoneIdentity {
  private readonly cloud: OpenStackCloud;
  private catalog: { endpoints: { id: string; interface: string; region_id: string; url: string; region: string }[]; id: string; type: string; name: string }[] = [];
  private readonly roles = [
    { id: hexId(), name: 'member' },
    { id: hexId(), name: 'reader' },
  ];

  constructor(cloud: OpenStackCloud, services: readonly CatalogService[] = []) {
    this.cloud = cloud;
    this.setCatalog(services);
  }

  /** The services the catalog lists, each at one URL for the public, internal and admin interfaces. */
  setCatalog(services: readonly CatalogService[]): void {
    const cloud = this.cloud;
    this.catalog = services.map((service) => ({
      endpoints: ['public', 'internal', 'admin'].map((endpointInterface) => ({
        id: hexId(),
        interface: endpointInterface,
        region_id: cloud.region,
        url: service.url,
        region: cloud.region,
      })),
      id: hexId(),
      type: service.type,
      name: service.name,
    }));
  }

  versionDocument(url: string): EmulatorHttpReply {
    return {
      status: 200,
      body: { version: { id: 'v3.14', status: 'stable', updated: '2020-04-07T00:00:00Z', links: [{ rel: 'self', href: `${url}/` }], 'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }] } },
    };
  }

  issue(body: unknown): EmulatorHttpReply {
    const auth = record(record(body, 'body')['auth'], 'auth');
    const identity = record(auth['identity'], 'identity');
    const methods = identity['methods'];
    if (!Array.isArray(methods) || methods.length === 0) throw openStackError(400, 'ValidationError', "Invalid input for field 'identity/methods': expected a non-empty list.");
    const { credentials } = this.cloud;
    let applicationCredentialId: string | undefined;
    if (methods.includes('application_credential')) {
      const credential = record(identity['application_credential'], 'identity/application_credential');
      const expected = credentials.applicationCredential;
      const byId = credential['id'] === expected.id;
      const user = credential['user'] === undefined ? undefined : record(credential['user'], 'identity/application_credential/user');
      const byName = credential['name'] === expected.name && user !== undefined && this.userMatches(user);
      if (!(byId || byName) || credential['secret'] !== expected.secret) throw unauthorized();
      if (auth['scope'] !== undefined) throw openStackError(401, 'Unauthorized', 'Application credentials cannot request a scope.');
      applicationCredentialId = expected.id;
    } else if (methods.includes('password')) {
      const password = record(identity['password'], 'identity/password');
      const user = record(password['user'], 'identity/password/user');
      if (!this.userMatches(user) || user['password'] !== credentials.password) throw unauthorized();
    } else {
      throw unauthorized();
    }
    const scope = applicationCredentialId !== undefined ? 'project' : this.scopeOf(auth['scope']);
    const token = this.cloud.issueToken(methods as string[], scope, applicationCredentialId);
    const domain = { id: credentials.domainId, name: credentials.domainName };
    const tokenBody: Record<string, unknown> = {
      methods,
      user: { domain, id: credentials.userId, name: credentials.userName, password_expires_at: null },
      audit_ids: [randomUUID().replace(/-/g, '').slice(0, 22)],
      expires_at: keystoneTime(token.expiresAt),
      issued_at: keystoneTime(token.issuedAt),
    };
    if (scope === 'project') {
      tokenBody['project'] = { domain, id: credentials.projectId, name: credentials.projectName };
      tokenBody['is_domain'] = false;
    } else if (scope === 'domain') {
      tokenBody['domain'] = domain;
    }
    if (scope !== 'unscoped') {
      tokenBody['roles'] = this.roles;
      tokenBody['catalog'] = this.catalog;
    }
    if (applicationCredentialId !== undefined) {
      tokenBody['application_credential'] = { id: applicationCredentialId, name: credentials.applicationCredential.name, restricted: true };
    }
    return { status: 201, headers: { 'x-subject-token': token.id, vary: 'X-Auth-Token' }, body: { token: tokenBody } };
  }

  private userMatches(user: Record<string, unknown>): boolean {
    const { credentials } = this.cloud;
    if (user['id'] !== undefined) return user['id'] === credentials.userId;
    if (user['name'] !== credentials.userName) return false;
    if (user['domain'] === undefined) throw openStackError(400, 'ValidationError', 'Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect.');
    return this.domainMatches(record(user['domain'], 'user/domain'));
  }

  private domainMatches(domain: Record<string, unknown>): boolean {
    const { credentials } = this.cloud;
    return domain['id'] !== undefined ? domain['id'] === credentials.domainId : domain['name'] === credentials.domainName;
  }

  private scopeOf(value: unknown): 'project' | 'domain' | 'unscoped' {
    if (value === undefined) return 'unscoped';
    const scope = record(value, 'scope');
    const { credentials } = this.cloud;
    if (scope['project'] !== undefined) {
      const project = record(scope['project'], 'scope/project');
      const matches =
        project['id'] !== undefined
          ? project['id'] === credentials.projectId
          : project['name'] === credentials.projectName && project['domain'] !== undefined && this.domainMatches(record(project['domain'], 'scope/project/domain'));
      if (!matches) throw unauthorized();
      return 'project';
    }
    if (scope['domain'] !== undefined) {
      if (!this.domainMatches(record(scope['domain'], 'scope/domain'))) throw unauthorized();
      return 'domain';
    }
    throw openStackError(400, 'ValidationError', 'Invalid input for field scope: expected project or domain.');
  }
}
