import { Command, CommanderError, Option } from 'commander';
import type { ClockV1, ProviderSpecSource } from '@slipway/core';
import { systemClock } from '@slipway/provider-utils';
import type { CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { generateCrdsCommand } from './commands/generate-crds-command.js';
import { validateCommand } from './commands/validate-command.js';
import { exitCodes } from './exit-codes.js';
import { currentSelfCommand, type SelfCommand } from './self-command.js';
import { resolveStateDirectory } from './state/state-directory.js';
import { UsageError } from './usage-error.js';

export interface RunCliDependencies {
  /** Provider schemas for providerSpec validation; loaded lazily so `--help` stays fast. */
  loadProviders?: () => Promise<readonly ProviderSpecSource[]>;
  readStandardInput?: () => Promise<string>;
  signal?: AbortSignal;
  clock?: ClockV1;
  selfCommand?: SelfCommand;
}

interface GlobalOptions {
  stateDir?: string;
  logLevel: string;
}

const outputOption = () => new Option('-o, --output <format>', 'output format').choices(['table', 'yaml', 'json']).default('table');

/** Runs one `slipway` invocation and returns its exit code (0 success, 1 failure, 2 usage or invalid input). */
export async function runCli(argv: readonly string[], io: CliIo, dependencies: RunCliDependencies = {}): Promise<number> {
  const signal = dependencies.signal ?? new AbortController().signal;
  const program = new Command('slipway')
    .description('Declare Kubernetes clusters and machines in Cluster API manifests, and make them real on any cloud.')
    .version('0.1.0', '--version')
    .option('--state-dir <directory>', 'where Slipway keeps its state (default: $SLIPWAY_STATE_DIR or ~/.slipway)')
    .addOption(new Option('--log-level <level>', 'detail of <state-dir>/slipway.log').choices(['error', 'warn', 'info', 'debug', 'trace']).default('info'))
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nStart here:\n  slipway up            an emulated cluster on this machine, no credentials\n  slipway get machines\n  slipway down\n');

  const contextOf = (command: Command): CommandContext => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    return {
      io,
      stateDirectory: resolveStateDirectory(globals.stateDir, io.environment),
      logLevel: globals.logLevel,
      clock: dependencies.clock ?? systemClock,
      signal,
      selfCommand: dependencies.selfCommand ?? currentSelfCommand(),
    };
  };

  program
    .command('up')
    .description('Create (or resume) the quickstart cluster on an emulated cloud: one control-plane machine and N workers that boot and join for real.')
    .option('--provider <name>', 'which cloud to emulate', 'aws')
    .option('--workers <count>', 'worker machines', (value) => Number(value), 2)
    .option('--timeout <seconds>', 'give up on a stage after this long', (value) => Number(value), 600)
    .addHelpText('after', '\nExamples:\n  slipway up\n  slipway up --workers 5\n')
    .action(async (options: { provider: string; workers: number; timeout: number }, command: Command) => {
      const { upCommand } = await import('./commands/up-command.js');
      await upCommand({ provider: options.provider, workers: options.workers, timeoutSeconds: options.timeout }, contextOf(command));
    });

  program
    .command('down')
    .description('Delete the quickstart cluster (workers, control plane, infrastructure) and stop the emulated cloud.')
    .option('--timeout <seconds>', 'give up after this long', (value) => Number(value), 600)
    .addOption(new Option('--keep-local-cloud', 'leave the emulated cloud running (to inspect it)').hideHelp())
    .addHelpText('after', '\nExample:\n  slipway down\n')
    .action(async (options: { timeout: number; keepLocalCloud?: boolean }, command: Command) => {
      const { downCommand } = await import('./commands/down-command.js');
      await downCommand({ timeoutSeconds: options.timeout, keepLocalCloud: options.keepLocalCloud === true }, contextOf(command));
    });

  program
    .command('get')
    .description('List what the store holds: clusters, machines, machinesets or machinedeployments.')
    .argument('<kind>', 'clusters | machines | machinesets | machinedeployments')
    .addOption(outputOption())
    .addHelpText('after', '\nExamples:\n  slipway get machines\n  slipway get clusters -o yaml\n')
    .action(async (kind: string, options: { output: 'table' | 'yaml' | 'json' }, command: Command) => {
      const { getCommand } = await import('./commands/get-command.js');
      await getCommand(kind, options, contextOf(command));
    });

  program
    .command('validate')
    .description('Check manifests without creating anything: every problem at once with its field path, and the defaults that would be applied.')
    .option('-f, --filename <file>', 'a manifest file (repeatable; - for standard input)', collect, [] as string[])
    .addOption(outputOption())
    .addHelpText('after', '\nExamples:\n  slipway validate -f cluster.yaml -f machines.yaml\n  cat machines.yaml | slipway validate -f - -o json\n')
    .action(async (options: { filename: string[]; output: 'table' | 'yaml' | 'json' }) => {
      const providers = (await (dependencies.loadProviders ?? loadInstalledProviders)()) ?? [];
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

  program
    .command('local-cloud', { hidden: true })
    .description('The emulated cloud of the quickstart (started and stopped by up and down).')
    .command('serve')
    .action(async (_options: unknown, command: Command) => {
      const { serveLocalCloudCommand } = await import('./commands/local-cloud-command.js');
      await serveLocalCloudCommand(contextOf(command));
    });

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
    if (signal.aborted) {
      io.stderr.write('Stopped. Run the same command again to resume where it stopped.\n');
      return exitCodes.failure;
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

/** The provider packages installed next to the CLI, loaded only when a command needs their schemas. */
async function loadInstalledProviders(): Promise<ProviderSpecSource[]> {
  const { loadProviderPlugins } = await import('./providers/provider-catalog.js');
  return loadProviderPlugins();
}
