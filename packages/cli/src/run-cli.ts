import { Command, CommanderError, Option } from 'commander';
import type { ProviderSpecSource } from '@slipway/core';
import type { CliIo } from './cli-io.js';
import { generateCrdsCommand } from './commands/generate-crds-command.js';
import { validateCommand } from './commands/validate-command.js';
import { exitCodes } from './exit-codes.js';
import { UsageError } from './usage-error.js';

export interface RunCliDependencies {
  /** Provider schemas for providerSpec validation; loaded lazily so `--help` stays fast. */
  loadProviders?: () => Promise<readonly ProviderSpecSource[]>;
  readStandardInput?: () => Promise<string>;
}

/** Runs one `slipway` invocation and returns its exit code (0 success, 1 failure, 2 usage or invalid input). */
export async function runCli(argv: readonly string[], io: CliIo, dependencies: RunCliDependencies = {}): Promise<number> {
  const program = new Command('slipway')
    .description('Declare Kubernetes clusters and machines in Cluster API manifests, and make them real on any cloud.')
    .version('0.1.0', '--version')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  program
    .command('validate')
    .description('Check manifests without creating anything: every problem at once with its field path, and the defaults that would be applied.')
    .option('-f, --filename <file>', 'a manifest file (repeatable; - for standard input)', collect, [] as string[])
    .addOption(new Option('-o, --output <format>', 'how to print the objects').choices(['table', 'yaml', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  slipway validate -f cluster.yaml -f machines.yaml\n  cat machines.yaml | slipway validate -f - -o json\n')
    .action(async (options: { filename: string[]; output: 'table' | 'yaml' | 'json' }) => {
      const providers = (await dependencies.loadProviders?.()) ?? [];
      await validateCommand({ files: options.filename, output: options.output }, io, {
        providers,
        readStandardInput: dependencies.readStandardInput ?? readProcessStandardInput,
      });
    });

  program
    .command('generate')
    .description('Generate artefacts from the Cluster API schemas.')
    .command('crds')
    .description('Print CustomResourceDefinitions for every Cluster API kind (for kubectl apply -f -).')
    .addHelpText('after', '\nExample:\n  slipway generate crds | kubectl apply -f -\n')
    .action(() => generateCrdsCommand(io));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCodes.success;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return exitCodes.success;
      return exitCodes.usage;
    }
    if (UsageError.isInstance(error)) {
      io.stderr.write(`error: ${error.message}\n`);
      return exitCodes.usage;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.failure;
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readProcessStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
