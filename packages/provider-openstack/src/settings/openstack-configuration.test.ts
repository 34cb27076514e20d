/**
 * The configuration as the openstack CLI reads it, without a network: which
 * source wins, what a missing or bad value says, and TLS verification that is
 * off only when asked; then TLS for real against the emulator over HTTPS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalError } from '@slipway/core';
import { startOpenStackEmulator } from '@slipway/cloud-emulator/openstack';
import { afterAll, describe, expect, it } from 'vitest';
import { createOpenStackApiClient } from '../api/create-openstack-api-client.js';
import { resolveOpenStackConfiguration } from './openstack-configuration.js';

const folder = mkdtempSync(join(tmpdir(), 'slipway-openstack-configuration-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const openrc = {
  OS_AUTH_URL: 'https://keystone.example.com:5000/v3',
  OS_USERNAME: 'alice',
  OS_PASSWORD: 's3cret',
  OS_PROJECT_NAME: 'k8s',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
};

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('resolveOpenStackConfiguration', () => {
  it('reads an openrc: password, project scope by name, public interface, TLS verified', () => {
    const configuration = resolveOpenStackConfiguration({ environment: { ...openrc, OS_REGION_NAME: 'RegionTwo' } });
    expect(configuration.authentication).toEqual({
      method: 'password',
      authUrl: openrc.OS_AUTH_URL,
      user: { name: 'alice', domain: { name: 'Default' } },
      password: 's3cret',
      scope: { project: { name: 'k8s', domain: { name: 'Default' } } },
    });
    expect([configuration.region, configuration.interface, configuration.verifyTls, configuration.computeMicroversion]).toEqual(['RegionTwo', 'public', true, '2.79']);
  });

  it('names the setting, the clouds.yaml key and the variable of what is missing', () => {
    expect(refusal(() => resolveOpenStackConfiguration({ environment: {} }))).toMatch(/settings\.authUrl, clouds\.yaml auth\.auth_url or OS_AUTH_URL/);
    const { OS_PROJECT_DOMAIN_NAME: _domain, ...withoutDomain } = openrc;
    expect(refusal(() => resolveOpenStackConfiguration({ environment: withoutDomain }))).toMatch(/project "k8s" needs its domain.*OS_PROJECT_DOMAIN_NAME/);
    expect(refusal(() => resolveOpenStackConfiguration({ environment: { ...openrc, OS_AUTH_TYPE: 'token' } }))).toMatch(/auth type "token"/);
    expect(refusal(() => resolveOpenStackConfiguration({ environment: { ...openrc, OS_COMPUTE_API_VERSION: '2.37' } }))).toMatch(/2\.52 or later/);
  });

  it('turns TLS verification off only when told in so many words', () => {
    expect(resolveOpenStackConfiguration({ environment: { ...openrc, OS_INSECURE: 'true' } }).verifyTls).toBe(false);
    expect(resolveOpenStackConfiguration({ environment: { ...openrc, OS_INSECURE: 'false' } }).verifyTls).toBe(true);
    expect(refusal(() => resolveOpenStackConfiguration({ environment: { ...openrc, OS_INSECURE: 'maybe' } }))).toMatch(/OS_INSECURE must be true or false/);
    expect(refusal(() => resolveOpenStackConfiguration({ environment: { ...openrc, OS_CACERT: join(folder, 'missing.pem') } }))).toMatch(/CA bundle .*missing\.pem .*cannot be read/);
  });

  it('takes a named cloud from clouds.yaml whole, secure.yaml merged over it, and names the clouds it has when the name is wrong', () => {
    const cloudsYaml = join(folder, 'clouds.yaml');
    writeFileSync(cloudsYaml, 'clouds:\n  lab:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://lab.example/identity\n      application_credential_id: abc\n    verify: false\n');
    writeFileSync(join(folder, 'secure.yaml'), 'clouds:\n  lab:\n    auth:\n      application_credential_secret: shh\n');
    const configuration = resolveOpenStackConfiguration({ environment: { ...openrc, OS_CLOUD: 'lab', OS_CLIENT_CONFIG_FILE: cloudsYaml } });
    expect(configuration.authentication).toEqual({ method: 'application_credential', authUrl: 'https://lab.example/identity', secret: 'shh', id: 'abc' });
    expect(configuration.verifyTls).toBe(false);
    expect(refusal(() => resolveOpenStackConfiguration({ environment: { OS_CLOUD: 'prod', OS_CLIENT_CONFIG_FILE: cloudsYaml } }))).toMatch(/has no cloud "prod".*\(it has lab\)/);
  });
});

describe('TLS against the emulator over HTTPS', () => {
  it('trusts OS_CACERT, refuses an unknown certificate, and skips the check only when OS_INSECURE says so', async () => {
    const emulator = await startOpenStackEmulator({ protocol: 'https' });
    try {
      const caFile = join(folder, 'emulator-ca.pem');
      writeFileSync(caFile, emulator.certificateAuthority!);
      const request = (environment: Record<string, string>) =>
        createOpenStackApiClient({ environment: { ...emulator.environmentVariables(), ...environment }, maxAttempts: 1 }).request('compute.flavors.list', { method: 'GET', path: '/flavors' }, { signal: new AbortController().signal });
      expect((await request({ OS_CACERT: caFile })).status).toBe(200);
      const refused = await request({}).catch((error: unknown) => error);
      expect((refused as Error).message).toMatch(/certificate|self.signed/i);
      expect((await request({ OS_INSECURE: 'true' })).status).toBe(200);
    } finally {
      await emulator.stop();
    }
  });
});
