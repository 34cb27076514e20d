/**
 * Authentication against a real Keystone 30.0.0 (tools/keystone), whose catalog
 * points at the emulator's Nova: password and application credential, project
 * and domain scope, catalog selection by interface and region, renewal before
 * expiry and exactly one re-authentication after a 401. The emulator checks
 * every token with the real Keystone, as keystonemiddleware does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalError, type ClockV1 } from '@slipway/core';
import { startOpenStackEmulator, type RunningOpenStackEmulator } from '@slipway/cloud-emulator/openstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realKeystoneUnavailable, startRealKeystone, type RealKeystone } from '../test-support/start-real-keystone.js';
import { createOpenStackApiClient } from './create-openstack-api-client.js';
import type { OpenStackActuatorSettings } from '../settings/openstack-actuator-settings.js';

const unavailable = realKeystoneUnavailable();
const context = { signal: new AbortController().signal };

describe.skipIf(unavailable !== undefined)(`a real Keystone${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let keystone: RealKeystone;
  let emulator: RunningOpenStackEmulator;
  let userId: string;
  const password = 'demo-password-1';
  const urls = { regionTwo: '', internal: '' };
  let applicationCredential: { id: string; name: string; secret: string };
  const temporary = mkdtempSync(join(tmpdir(), 'slipway-clouds-yaml-'));

  beforeAll(async () => {
    keystone = await startRealKeystone();
    emulator = await startOpenStackEmulator({
      validateToken: async (token) => (await keystone.admin('GET', '/auth/tokens', undefined, { 'x-subject-token': token })).status === 200,
    });
    urls.regionTwo = `${emulator.endpoint}/region-two/compute/v2.1`;
    urls.internal = `${emulator.endpoint}/internal/compute/v2.1`;
    expect((await keystone.admin('POST', '/regions', { region: { id: 'RegionTwo' } })).status).toBe(201);
    const endpoints: [string, string, string, string][] = [
      ['compute', 'public', 'RegionOne', emulator.serviceUrls.compute],
      ['compute', 'internal', 'RegionOne', urls.internal],
      ['compute', 'public', 'RegionTwo', urls.regionTwo],
      ['network', 'public', 'RegionOne', emulator.serviceUrls.network],
      ['load-balancer', 'public', 'RegionOne', emulator.serviceUrls['load-balancer']],
      ['image', 'public', 'RegionOne', emulator.serviceUrls.image],
    ];
    const serviceIds = new Map<string, string>();
    for (const [type, endpointInterface, region, url] of endpoints) {
      if (!serviceIds.has(type)) {
        const created = await keystone.admin('POST', '/services', { service: { type, name: type } });
        serviceIds.set(type, created.body.service.id);
      }
      expect((await keystone.admin('POST', '/endpoints', { endpoint: { service_id: serviceIds.get(type), interface: endpointInterface, region_id: region, url } })).status).toBe(201);
    }
    const project = await keystone.admin('POST', '/projects', { project: { name: 'slipway-demo', domain_id: 'default' } });
    const user = await keystone.admin('POST', '/users', { user: { name: 'slipway-user', domain_id: 'default', password } });
    userId = user.body.user.id;
    const roles = await keystone.admin('GET', '/roles?name=member');
    const member = roles.body.roles[0].id;
    expect((await keystone.admin('PUT', `/projects/${project.body.project.id}/users/${userId}/roles/${member}`)).status).toBe(204);
    expect((await keystone.admin('PUT', `/domains/default/users/${userId}/roles/${member}`)).status).toBe(204);
    // An application credential is made by its own user, with a token of the project it acts in.
    const userToken = await fetch(`${keystone.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { id: userId, password } } }, scope: { project: { id: project.body.project.id } } } }),
    });
    const created = await fetch(`${keystone.authUrl}/users/${userId}/application_credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': userToken.headers.get('x-subject-token')! },
      body: JSON.stringify({ application_credential: { name: 'slipway-ci' } }),
    });
    const body = (await created.json()) as { application_credential: { id: string; name: string; secret: string } };
    applicationCredential = body.application_credential;
  }, 240_000);

  afterAll(async () => {
    await emulator?.stop();
    await keystone?.stop();
    rmSync(temporary, { recursive: true, force: true });
  });

  const passwordSettings = (): OpenStackActuatorSettings => ({
    authUrl: keystone.authUrl,
    username: 'slipway-user',
    password,
    userDomainName: 'Default',
    projectName: 'slipway-demo',
    projectDomainName: 'Default',
    environment: {},
  });

  async function listFlavors(settings: OpenStackActuatorSettings) {
    const client = createOpenStackApiClient(settings);
    const reply = await client.request<{ flavors: { name: string }[] }>('compute.flavors.list', { method: 'GET', path: '/flavors' }, context);
    return { client, flavors: reply.body.flavors.map((flavor) => flavor.name) };
  }

  it('password authentication scoped to a project by name reaches Nova through the catalog', async () => {
    const before = emulator.callLog.count('compute.flavors.list');
    const { client, flavors } = await listFlavors(passwordSettings());
    expect(flavors).toContain('m1.small');
    expect(emulator.callLog.count('compute.flavors.list')).toBe(before + 1);
    expect(client.statistics().callsByOperation).toEqual({ 'identity.tokens.create': 1, 'compute.flavors.list': 1 });
    expect((await client.session.token()).projectId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a user and a project given by id work as well as names', async () => {
    const project = (await keystone.admin('GET', '/projects?name=slipway-demo')).body.projects[0].id as string;
    const { flavors } = await listFlavors({ authUrl: keystone.authUrl, userId, password, projectId: project, environment: {} });
    expect(flavors).toContain('m1.tiny');
  });

  it('picks the endpoint by region and by interface, and names what the catalog offers when nothing matches', async () => {
    const regionTwo = createOpenStackApiClient({ ...passwordSettings(), region: 'RegionTwo' });
    expect(await regionTwo.session.endpoint('compute')).toBe(urls.regionTwo);
    const internal = createOpenStackApiClient({ ...passwordSettings(), region: 'RegionOne', interface: 'internal' });
    expect(await internal.session.endpoint('compute')).toBe(urls.internal);
    const publicOne = createOpenStackApiClient({ ...passwordSettings(), region: 'RegionOne' });
    expect(await publicOne.session.endpoint('compute')).toBe(emulator.serviceUrls.compute);
    expect(await publicOne.session.endpoint('network')).toBe(`${emulator.serviceUrls.network}/v2.0`);
    const nowhere = createOpenStackApiClient({ ...passwordSettings(), region: 'RegionThree' });
    const error = await nowhere.session.endpoint('compute').catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toMatch(/no public endpoint in region RegionThree.*public@RegionOne.*internal@RegionOne.*public@RegionTwo/);
  });

  it('a domain-scoped token carries the catalog and no project', async () => {
    const client = createOpenStackApiClient({ authUrl: keystone.authUrl, username: 'slipway-user', password, userDomainName: 'Default', domainName: 'Default', environment: {} });
    const token = await client.session.token();
    expect(token.projectId).toBeUndefined();
    expect(token.catalog.map((entry) => entry.type).sort()).toEqual(['compute', 'identity', 'image', 'load-balancer', 'network']);
  });

  it('an application credential authenticates by id, and by name with its user', async () => {
    const byId = await listFlavors({ authUrl: keystone.authUrl, applicationCredentialId: applicationCredential.id, applicationCredentialSecret: applicationCredential.secret, environment: {} });
    expect(byId.flavors).toContain('m1.small');
    const byName = await listFlavors({
      authUrl: keystone.authUrl,
      authType: 'v3applicationcredential',
      applicationCredentialName: applicationCredential.name,
      applicationCredentialSecret: applicationCredential.secret,
      username: 'slipway-user',
      userDomainName: 'Default',
      environment: {},
    });
    expect(byName.flavors).toContain('m1.small');
  });

  it('a wrong password is a terminal InvalidConfiguration after one token request', async () => {
    const client = createOpenStackApiClient({ ...passwordSettings(), password: 'not-the-password' });
    const error = await client.request('compute.flavors.list', { method: 'GET', path: '/flavors' }, context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toMatch(/Keystone refused the credentials/);
    expect(client.statistics().callsByOperation).toEqual({ 'identity.tokens.create': 1 });
  });

  it('renews the token before it expires, by the expiry Keystone stated', async () => {
    let offset = 0;
    const clock: ClockV1 = { now: () => Date.now() + offset, sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)) };
    const client = createOpenStackApiClient({ ...passwordSettings(), clock });
    const first = await client.session.token();
    await client.request('compute.flavors.list', { method: 'GET', path: '/flavors' }, context);
    expect(client.session.tokensIssued).toBe(1);
    // Keystone's default lifetime is an hour; a clock that has moved on by it sees the token expired.
    offset = first.expiresAt - first.issuedAt + 1;
    await client.request('compute.flavors.list', { method: 'GET', path: '/flavors' }, context);
    expect(client.session.tokensIssued).toBe(2);
    expect((await client.session.token()).value).not.toBe(first.value);
  });

  it('a token revoked in Keystone is answered 401, renewed once, and the call succeeds', async () => {
    const client = createOpenStackApiClient(passwordSettings());
    const first = await client.session.token();
    expect((await keystone.admin('DELETE', '/auth/tokens', undefined, { 'x-subject-token': first.value })).status).toBe(204);
    const reply = await client.request<{ flavors: unknown[] }>('compute.flavors.list', { method: 'GET', path: '/flavors' }, context);
    expect(reply.body.flavors.length).toBeGreaterThan(0);
    expect(client.session.tokensIssued).toBe(2);
    expect(client.statistics().callsByOperation['compute.flavors.list']).toBe(2);
  });

  it('reads clouds.yaml and secure.yaml for the cloud OS_CLOUD names', async () => {
    const cloudsYaml = join(temporary, 'clouds.yaml');
    writeFileSync(cloudsYaml, [
      'clouds:',
      '  demo:',
      '    auth:',
      `      auth_url: ${keystone.authUrl}`,
      '      username: slipway-user',
      '      project_name: slipway-demo',
      '      user_domain_name: Default',
      '      project_domain_name: Default',
      '    region_name: RegionTwo',
      '    interface: public',
      '',
    ].join('\n'));
    writeFileSync(join(temporary, 'secure.yaml'), `clouds:\n  demo:\n    auth:\n      password: ${password}\n`);
    const client = createOpenStackApiClient({ environment: { OS_CLOUD: 'demo', OS_CLIENT_CONFIG_FILE: cloudsYaml } });
    expect(await client.session.endpoint('compute')).toBe(urls.regionTwo);
  });

  it("the emulator's Keystone answers in the real one's shapes: token fields, catalog entries and endpoints, 401 body", async () => {
    const shapeOf = (value: unknown): unknown =>
      Array.isArray(value) ? (value.length > 0 ? [shapeOf(value[0])] : []) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, shapeOf((value as Record<string, unknown>)[key])])) : typeof value;
    const ask = async (authUrl: string, body: unknown) => {
      const response = await fetch(`${authUrl}/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, subjectToken: response.headers.get('x-subject-token'), body: (await response.json()) as Record<string, any> };
    };
    const scoped = (name: string, secret: string, project: string) => ({
      auth: { identity: { methods: ['password'], password: { user: { name, domain: { name: 'Default' }, password: secret } } }, scope: { project: { name: project, domain: { name: 'Default' } } } },
    });
    const { credentials } = emulator.cloud;
    const real = await ask(keystone.authUrl, scoped('slipway-user', password, 'slipway-demo'));
    const emulated = await ask(emulator.authUrl, scoped(credentials.userName, credentials.password, credentials.projectName));
    expect([real.status, emulated.status]).toEqual([201, 201]);
    expect(real.subjectToken).toBeTruthy();
    expect(emulated.subjectToken).toBeTruthy();
    const { catalog: realCatalog, ...realToken } = real.body['token'];
    const { catalog: emulatedCatalog, ...emulatedToken } = emulated.body['token'];
    expect(shapeOf(emulatedToken)).toEqual(shapeOf(realToken));
    expect(shapeOf(emulatedCatalog[0])).toEqual(shapeOf(realCatalog[0]));
    expect(emulatedToken.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/);
    expect(realToken.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/);
    const realRefused = await ask(keystone.authUrl, scoped('slipway-user', 'wrong', 'slipway-demo'));
    const emulatedRefused = await ask(emulator.authUrl, scoped(credentials.userName, 'wrong', credentials.projectName));
    expect([realRefused.status, emulatedRefused.status]).toEqual([401, 401]);
    expect(shapeOf(emulatedRefused.body)).toEqual(shapeOf(realRefused.body));
    expect(emulatedRefused.body['error'].title).toBe(realRefused.body['error'].title);
  });

  it('reads the OS_* variables when no cloud is named', async () => {
    const { flavors } = await listFlavors({
      environment: {
        OS_AUTH_URL: keystone.authUrl,
        OS_USERNAME: 'slipway-user',
        OS_PASSWORD: password,
        OS_PROJECT_NAME: 'slipway-demo',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_REGION_NAME: 'RegionOne',
      },
    });
    expect(flavors).toContain('m1.medium');
  });
});
