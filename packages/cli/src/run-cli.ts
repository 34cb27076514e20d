/**
 * The `slipway` command line: every command, its options and help with
 * examples, and the mapping of outcomes to exit codes. Each command's module is
 * imported only when that command runs, so `slipway --help` loads no provider
 * SDK and starts fast.
 */
import { Command, CommanderError, Option } from 'commander';
import type { ClockV1, ProviderPluginV1 } from '@slipway/core';
import type { CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { exitCodes } from './exit-codes.js';
import { currentSelfCommand, type SelfCommand } from './self-command.js';
import { resolveStateDirectory } from './state/state-directory.js';
import { UsageError } from './usage-error.js';

export interface RunCliDependencies {
  /**
   * The installed provider plugins (schemas for validation, actuators for a real cloud), all of them or
   * only those named; loaded lazily so `--help` stays fast and a command loads only the SDKs it needs.
   */
  loadProviders?: (names?: readonly string[]) => Promise<readonly ProviderPluginV1[]>;
  readStandardInput?: () => Promise<string>;
  signal?: AbortSignal;
  clock?: ClockV1;
  selfCommand?: SelfCommand;
}

type OutputFormat = 'table' | 'yaml' | 'json';

interface GlobalOptions {
  stateDir?: string;
  logLevel: string;
  output?: OutputFormat;
}

const outputFormats = ['table', 'yaml', 'json'] as const;
// No default here: a command's own -o wins over the global --output, which wins over table.
const outputOption = () => new Option('-o, --output <format>', 'output format (default: table)').choices(outputFormats);
const secondsOption = (flags: string, description: string, fallback: number) =>
  new Option(flags, description).argParser((value) => Number(value)).default(fallback);

/** Runs one `slipway` invocation and returns its exit code (0 success, 1 failure, 2 usage or invalid input). */
export async function runCli(argv: readonly string[], io: CliIo, dependencies: RunCliDependencies = {}): Promise<number> {
  const signal = dependencies.signal ?? new AbortController().signal;
  const loadProviders = dependencies.loadProviders ?? loadInstalledProviders;
  const readStandardInput = dependencies.readStandardInput ?? readProcessStandardInput;
  const program = new Command('slipway')
    .description('Declare Kubernetes clusters and machines in Cluster API manifests, and make them real on any cloud.')
    .version('0.1.0', '--version')
    .option('--state-dir <directory>', 'where Slipway keeps its state (default: $SLIPWAY_STATE_DIR or ~/.slipway)')
    .addOption(new Option('--log-level <level>', 'detail of <state-dir>/slipway.log').choices(['error', 'warn', 'info', 'debug', 'trace']).default('info'))
    .addOption(outputOption())
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Start here:',
        '  slipway up                                   an emulated cluster on this machine, no credentials',
        '  slipway get machines',
        '  slipway describe machine quickstart-control-plane-0',
        '  slipway down',
        '',
        'Your own cluster:',
        '  slipway validate -f cluster.yaml -f machines.yaml',
        '  slipway create cluster -f cluster.yaml -f machines.yaml',
        '  slipway create cluster -f cluster.yaml -f machines.yaml --bootstrap-endpoint 203.0.113.7:9443   (real cloud)',
        '',
      ].join('\n'),
    );
  // Every command's --help lists the global options too (subcommands inherit this and the error handling).
  program.configureHelp({ showGlobalOptions: true });

  // Everything a command needs beyond commander is imported when that command runs, the clock included.
  const contextOf = async (command: Command): Promise<CommandContext> => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    return {
      io,
      stateDirectory: resolveStateDirectory(globals.stateDir, io.environment),
      logLevel: globals.logLevel,
      clock: dependencies.clock ?? (await import('@slipway/provider-utils')).systemClock,
      signal,
      selfCommand: dependencies.selfCommand ?? currentSelfCommand(),
    };
  };
  const outputOf = (command: Command): OutputFormat => command.optsWithGlobals<GlobalOptions>().output ?? 'table';

  program
    .command('up')
    .description('Create (or resume) the quickstart cluster on an emulated cloud: one control-plane machine and N workers that boot and join for real.')
    .option('--provider <name>', 'which cloud to emulate', 'aws')
    .addOption(new Option('--workers <count>', 'worker machines (default 2; a resumed cluster keeps its current count)').argParser((value) => Number(value)).default(2))
    .addOption(secondsOption('--timeout <seconds>', 'give up on a stage after this long', 600))
    .addHelpText('after', '\nExamples:\n  slipway up\n  slipway up --workers 5\n  slipway --state-dir /tmp/demo up --workers 1\n')
    .action(async (options: { provider: string; workers: number; timeout: number }, command: Command) => {
      const { upCommand } = await import('./commands/up-command.js');
      await upCommand(
        { provider: options.provider, workers: options.workers, workersGiven: command.getOptionValueSource('workers') !== 'default', timeoutSeconds: options.timeout },
        await contextOf(command),
      );
    });

  program
    .command('down')
    .description('Delete the quickstart cluster (workers, control plane, infrastructure) and stop the emulated cloud.')
    .addOption(secondsOption('--timeout <seconds>', 'give up after this long', 600))
    .addOption(new Option('--keep-local-cloud', 'leave the emulated cloud running (to inspect it)').hideHelp())
    .addHelpText('after', '\nExample:\n  slipway down\n')
    .action(async (options: { timeout: number; keepLocalCloud?: boolean }, command: Command) => {
      const { downCommand } = await import('./commands/down-command.js');
      await downCommand({ timeoutSeconds: options.timeout, keepLocalCloud: options.keepLocalCloud === true }, await contextOf(command));
    });

  const create = program.command('create').description('Create resources from manifests.');
  create
    .command('cluster')
    .description(
      "Create a cluster from Cluster API manifests in clusterctl's order: everything validated first, infrastructure, control plane, wait until ready, kubeconfig, addons, workers. Runs again to resume.",
    )
    .option('-f, --filename <file>', 'a manifest file (repeatable; - for standard input)', collect, [] as string[])
    .option('--addons <file>', 'Kubernetes objects the first control-plane machine applies (repeatable)', collect, [] as string[])
    .option('--provider-config <file>', "the provider's settings as YAML (region, project, subscription, endpoints); real cloud only")
    .option('--bootstrap-endpoint <host:port>', 'create in the real cloud; machines dial this address of this machine for their certificates')
    .addOption(secondsOption('--timeout <seconds>', 'give up on a stage after this long', 900))
    .addHelpText(
      'after',
      [
        '',
        'Without --bootstrap-endpoint the cluster is created in the emulated cloud on this machine.',
        'With it, in the real cloud, with the credentials its own CLI uses (AWS_PROFILE, az login, gcloud auth application-default login).',
        '',
        'Examples:',
        '  slipway create cluster -f cluster.yaml -f machines.yaml',
        '  slipway create cluster -f cluster.yaml -f machines.yaml --addons calico.yaml',
        '  AWS_PROFILE=dev slipway create cluster -f cluster.yaml -f machines.yaml --provider-config aws.yaml --bootstrap-endpoint 203.0.113.7:9443',
        '',
      ].join('\n'),
    )
    .action(async (options: { filename: string[]; addons: string[]; providerConfig?: string; bootstrapEndpoint?: string; timeout: number }, command: Command) => {
      const { createClusterCommand } = await import('./commands/create-cluster-command.js');
      await createClusterCommand(
        { files: options.filename, addons: options.addons, providerConfig: options.providerConfig, bootstrapEndpoint: options.bootstrapEndpoint, timeoutSeconds: options.timeout },
        await contextOf(command),
        { loadProviders, readStandardInput },
      );
    });

  const remove = program.command('delete').description('Delete resources and everything they made in the cloud.');
  remove
    .command('cluster')
    .description('Delete a cluster: workers, then the control plane, then its infrastructure; returns when the cloud holds nothing of it.')
    .argument('<name>', 'the cluster (slipway get clusters lists them)')
    .addOption(secondsOption('--timeout <seconds>', 'give up after this long', 900))
    .addHelpText('after', '\nExample:\n  slipway delete cluster my-cluster\n')
    .action(async (name: string, options: { timeout: number }, command: Command) => {
      const { deleteClusterCommand } = await import('./commands/delete-cluster-command.js');
      await deleteClusterCommand(name, { timeoutSeconds: options.timeout }, await contextOf(command));
    });

  program
    .command('get')
    .description('List what the store holds (clusters, machines, machinesets, machinedeployments), or print a cluster\'s admin kubeconfig.')
    .argument('<kind>', 'clusters | machines | machinesets | machinedeployments | kubeconfig')
    .argument('[name]', 'the cluster, for kubeconfig')
    .addOption(outputOption())
    .addHelpText('after', '\nExamples:\n  slipway get machines\n  slipway get clusters -o yaml\n  slipway get kubeconfig quickstart > quickstart.kubeconfig\n')
    .action(async (kind: string, name: string | undefined, _options: unknown, command: Command) => {
      if (kind === 'kubeconfig') {
        const { getKubeconfigCommand } = await import('./commands/get-kubeconfig-command.js');
        await getKubeconfigCommand(name, await contextOf(command));
        return;
      }
      if (name !== undefined) throw new UsageError(`slipway get ${kind} lists them all and takes no name; use slipway describe to see one`);
      const { getCommand } = await import('./commands/get-command.js');
      await getCommand(kind, { output: outputOf(command) }, await contextOf(command));
    });

  program
    .command('describe')
    .description('Show one cluster or machine in detail: status, conditions, bootstrap phases with times, the failure log tail, Events.')
    .argument('<kind>', 'cluster | machine')
    .argument('<name>', 'its name')
    .addHelpText('after', '\nExamples:\n  slipway describe machine quickstart-control-plane-0\n  slipway describe cluster quickstart\n')
    .action(async (kind: string, name: string, _options: unknown, command: Command) => {
      const { describeCommand } = await import('./commands/describe-command.js');
      await describeCommand(kind, name, await contextOf(command));
    });

  program
    .command('scale')
    .description('Set the replica count of a MachineDeployment or MachineSet; slipway manager (or slipway up) makes the machines match.')
    .argument('<kind>', 'machinedeployment | machineset')
    .argument('<name>', 'its name')
    .requiredOption('--replicas <count>', 'the number of machines wanted')
    .addHelpText('after', '\nExample:\n  slipway scale machinedeployment quickstart-workers --replicas 3 && slipway manager\n')
    .action(async (kind: string, name: string, options: { replicas: string }, command: Command) => {
      const { scaleCommand } = await import('./commands/scale-command.js');
      await scaleCommand(kind, name, options.replicas, await contextOf(command));
    });

  program
    .command('manager')
    .description('Run the controllers as a long-lived process on this state directory (scaling, replacing failed machines) until SIGTERM or Ctrl-C.')
    .addHelpText('after', '\nExample:\n  slipway manager            # Ctrl-C stops it gracefully\n')
    .action(async (_options: unknown, command: Command) => {
      const { managerCommand } = await import('./commands/manager-command.js');
      await managerCommand(await contextOf(command));
    });

  program
    .command('validate')
    .description('Check manifests without creating anything: every problem at once with its field path, and the defaults that would be applied.')
    .option('-f, --filename <file>', 'a manifest file (repeatable; - for standard input)', collect, [] as string[])
    .addOption(outputOption())
    .addHelpText('after', '\nExamples:\n  slipway validate -f cluster.yaml -f machines.yaml\n  cat machines.yaml | slipway validate -f - -o json\n')
    .action(async (options: { filename: string[] }, command: Command) => {
      const { validateCommand } = await import('./commands/validate-command.js');
      await validateCommand({ files: options.filename, output: outputOf(command) }, io, { loadProviders, readStandardInput });
    });

  program
    .command('generate')
    .description('Generate artefacts from the Cluster API schemas.')
    .command('crds')
    .description('Print CustomResourceDefinitions for every Cluster API kind (for kubectl apply -f -).')
    .addHelpText('after', '\nExample:\n  slipway generate crds | kubectl apply -f -\n')
    .action(async () => {
      const { generateCrdsCommand } = await import('./commands/generate-crds-command.js');
      generateCrdsCommand(io);
    });

  program
    .command('local-cloud', { hidden: true })
    .description('The emulated cloud of the quickstart (started and stopped by up and down).')
    .command('serve')
    .action(async (_options: unknown, command: Command) => {
      const { serveLocalCloudCommand } = await import('./commands/local-cloud-command.js');
      await serveLocalCloudCommand(await contextOf(command));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCodes.success;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return exitCodes.success;
      // A bare group (`slipway create`) shows its help and exits 1 in commander; it is a usage mistake here.
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

/** The provider packages installed next to the CLI, loaded only when a command needs them. */
async function loadInstalledProviders(names?: readonly string[]): Promise<ProviderPluginV1[]> {
  const { loadProviderPlugins } = await import('./providers/provider-catalog.js');
  return loadProviderPlugins(names);
}
