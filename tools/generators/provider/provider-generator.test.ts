import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { providerGenerator } from './provider-generator';

describe('provider generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: './packages/core' }] }));
  });

  it('lays down a complete provider package named after the cloud', async () => {
    await providerGenerator(tree, { name: 'hetzner', displayName: 'Hetzner Cloud' });
    const root = 'packages/provider-hetzner';
    for (const file of [
      'package.json',
      'README.md',
      'tsconfig.json',
      'tsconfig.lib.json',
      'tsconfig.spec.json',
      'vitest.config.ts',
      'src/index.ts',
      'src/create-hetzner-actuator.ts',
      'src/hetzner-provider-plugin.ts',
      'src/api/hetzner-api-client.ts',
      'src/api/hetzner-sdk-clients.ts',
      'src/api/hetzner-error-mapper.ts',
      'src/api/hetzner-rate-limits.ts',
      'src/machine/hetzner-machine-actuator.ts',
      'src/machine/hetzner-machine-provider-spec.ts',
      'src/machine/hetzner-machine-provider-spec.test.ts',
      'src/cluster/hetzner-cluster-actuator.ts',
      'src/cluster/hetzner-cluster-provider-spec.ts',
      'src/settings/hetzner-actuator-settings.ts',
      'src/settings/hetzner-environment.ts',
      'src/hetzner.conformance.test.ts',
    ]) {
      expect(tree.exists(`${root}/${file}`), file).toBe(true);
    }
    const packageJson = readJson(tree, `${root}/package.json`);
    expect(packageJson.name).toBe('@slipway/provider-hetzner');
    expect(packageJson.exports['.'].types).toBe('./dist/index.d.ts');
    expect(Object.keys(packageJson.exports['.'])[1]).toBe('types');
    expect(packageJson.dependencies).toHaveProperty('@slipway/core');
    expect(packageJson.dependencies).not.toHaveProperty('@slipway/manager');
    expect(packageJson.devDependencies).toHaveProperty('@slipway/conformance');
    expect(packageJson.files).toContain('!dist/**/*.test.*');
    const factory = tree.read(`${root}/src/create-hetzner-actuator.ts`, 'utf8');
    // The one provider shape (docs/decisions/0009): settings optional, one API client, statistics and close.
    expect(factory).toContain('export function createHetznerActuator(settings: HetznerActuatorSettings = {}): HetznerActuators {');
    expect(factory).toContain('export interface HetznerActuators extends ProviderActuatorsV1 {');
    expect(factory).toMatch(/statistics: \(\) => api\.statistics\(\),\s+close: \(\) => clients\.close\(\),/);
    expect(tree.read(`${root}/src/api/hetzner-api-client.ts`, 'utf8')).toContain('export class HetznerApiClient {');
    expect(tree.read(`${root}/src/api/hetzner-api-client.ts`, 'utf8')).toContain('retryWithBackoff(');
    expect(tree.read(`${root}/src/api/hetzner-sdk-clients.ts`, 'utf8')).toContain('export interface HetznerSdkClients {');
    expect(tree.read(`${root}/src/settings/hetzner-environment.ts`, 'utf8')).toContain("endpoint: ['HETZNER_API_URL']");
    expect(tree.read(`${root}/src/hetzner-provider-plugin.ts`, 'utf8')).toContain("name: 'hetzner'");
    expect(tree.read(`${root}/README.md`, 'utf8')).toContain('Hetzner Cloud');
    expect(readJson(tree, 'tsconfig.json').references).toContainEqual({ path: './packages/provider-hetzner' });
  });

  it('refuses a name that is not a lowercase identifier, and an existing package', async () => {
    await expect(providerGenerator(tree, { name: 'Bad_Name' })).rejects.toThrow(/lowercase letters/);
    await providerGenerator(tree, { name: 'demo' });
    await expect(providerGenerator(tree, { name: 'demo' })).rejects.toThrow(/already exists/);
  });
});
