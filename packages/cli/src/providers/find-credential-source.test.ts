import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCredentialSource } from './find-credential-source.js';

const homes: string[] = [];
afterAll(async () => {
  await Promise.all(homes.map((directory) => rm(directory, { recursive: true, force: true })));
});

async function home(files: string[] = []): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'slipway-home-'));
  homes.push(directory);
  for (const file of files) {
    await mkdir(join(directory, file, '..'), { recursive: true });
    await writeFile(join(directory, file), '[default]\n');
  }
  return directory;
}

describe('findCredentialSource', () => {
  it('finds nothing in an empty home and an empty environment, and says what to set', async () => {
    const HOME = await home();
    for (const provider of ['aws', 'azure', 'gcp']) {
      const check = findCredentialSource(provider, { HOME });
      expect(check.source, provider).toBeUndefined();
      expect(check.remedy, provider).not.toBe('');
    }
  });

  it('takes the environment variables each cloud documents, only when complete', async () => {
    const HOME = await home();
    expect(findCredentialSource('aws', { HOME, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' }).source).toBeUndefined();
    expect(findCredentialSource('aws', { HOME, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' }).source).toBe('AWS_ACCESS_KEY_ID');
    expect(findCredentialSource('aws', { HOME, AWS_PROFILE: 'dev' }).source).toBe('AWS_PROFILE');
    expect(findCredentialSource('azure', { HOME, AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't' }).source).toBeUndefined();
    expect(findCredentialSource('azure', { HOME, AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't', AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' }).source).toBe('AZURE_CLIENT_ID');
    expect(findCredentialSource('gcp', { HOME, GOOGLE_APPLICATION_CREDENTIALS: '/keys/sa.json' }).source).toBe('GOOGLE_APPLICATION_CREDENTIALS');
  });

  it("finds the files each cloud's own CLI writes, where its variables move them", async () => {
    const HOME = await home(['.aws/config', '.azure/azureProfile.json', '.config/gcloud/application_default_credentials.json']);
    expect(findCredentialSource('aws', { HOME }).source).toBe(join(HOME, '.aws', 'config'));
    expect(findCredentialSource('azure', { HOME }).source).toBe(join(HOME, '.azure', 'azureProfile.json'));
    expect(findCredentialSource('gcp', { HOME }).source).toBe(join(HOME, '.config', 'gcloud', 'application_default_credentials.json'));
    const elsewhere = await home(['custom/credentials']);
    expect(findCredentialSource('aws', { HOME: await home(), AWS_SHARED_CREDENTIALS_FILE: join(elsewhere, 'custom/credentials') }).source).toBe(join(elsewhere, 'custom/credentials'));
    expect(findCredentialSource('gcp', { HOME: await home(), CLOUDSDK_CONFIG: join(elsewhere, 'custom') }).source).toBeUndefined();
  });

  it('finds an OpenStack cloud through OS_CLOUD and its clouds.yaml, or a complete openrc', async () => {
    const HOME = await home(['.config/openstack/clouds.yaml']);
    expect(findCredentialSource('openstack', { HOME }).source).toBeUndefined();
    expect(findCredentialSource('openstack', { HOME, OS_CLOUD: 'mycloud' }).source).toBe(join(HOME, '.config', 'openstack', 'clouds.yaml'));
    expect(findCredentialSource('openstack', { HOME: await home(), OS_CLOUD: 'mycloud' }).source).toBeUndefined();
    expect(findCredentialSource('openstack', { HOME: await home(), OS_AUTH_URL: 'https://keystone.example/v3' }).source).toBeUndefined();
    expect(findCredentialSource('openstack', { HOME: await home(), OS_AUTH_URL: 'https://keystone.example/v3', OS_PASSWORD: 'x' }).source).toBe('OS_AUTH_URL');
    expect(findCredentialSource('openstack', { HOME: await home() }).remedy).toMatch(/OS_CLOUD.*secure\.yaml.*OS_AUTH_URL/);
  });
});
