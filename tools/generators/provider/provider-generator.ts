/**
 * `nx g @slipway/tools:provider <name>`: lays down packages/provider-<name> so
 * that provider six looks like provider one, in the shape of
 * docs/decisions/0009-one-provider-shape.md — the factory with injectable
 * clients, statistics() and close(); one API client with limiter and retries
 * (api/); machine/, cluster/ and settings/ with the same file names as every
 * provider; the plugin object the CLI loads, the conformance test wired to the
 * kit, and a README to fill in.
 */
import { generateFiles, joinPathFragments, names, updateJson, type Tree } from '@nx/devkit';

export interface ProviderGeneratorOptions {
  name: string;
  displayName?: string;
}

// The templates are written formatted; the workspace has no formatter for nx to run.
export async function providerGenerator(tree: Tree, options: ProviderGeneratorOptions): Promise<void> {
  if (!/^[a-z][a-z0-9-]*$/.test(options.name)) {
    throw new Error(`provider name "${options.name}" must be lowercase letters, digits and hyphens, starting with a letter (e.g. hetzner)`);
  }
  const projectRoot = joinPathFragments('packages', `provider-${options.name}`);
  if (tree.exists(projectRoot)) {
    throw new Error(`${projectRoot} already exists; pick another name or remove it first`);
  }
  const nameForms = names(options.name);
  const displayName = options.displayName ?? nameForms.className;
  generateFiles(tree, joinPathFragments(__dirname, 'files'), projectRoot, {
    ...nameForms,
    providerName: options.name,
    displayName,
    apiGroup: `${options.name.replace(/-/g, '')}provider`,
    template: '',
  });
  updateJson(tree, 'tsconfig.json', (configuration: { references?: { path: string }[] }) => {
    const references = configuration.references ?? [];
    const path = `./${projectRoot}`;
    if (!references.some((reference) => reference.path === path)) references.push({ path });
    return { ...configuration, references };
  });
}

export default providerGenerator;
