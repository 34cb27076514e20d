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
      'src/hetzner-machine-provider-spec.ts',
      'src/hetzner-cluster-provider-spec.ts',
      'src/hetzner-provider-plugin.ts',
      'src/hetzner-error-mapper.ts',
      'src/hetzner-machine-provider-spec.test.ts',
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
    expect(tree.read(`${root}/src/create-hetzner-actuator.ts`, 'utf8')).toContain('export function createHetznerActuator(');
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
