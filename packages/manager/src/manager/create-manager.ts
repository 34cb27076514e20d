/**
 * The public entry point: a manager runs the Cluster, Machine, MachineSet and
 * MachineDeployment controllers against one store and one provider's actuators.
 * Informers feed every controller from one cache per kind; the store stays the
 * only source of truth, so stopping and starting (or crashing and restarting)
 * resumes exactly where the stored objects say.
 */
import {
  isControlPlaneMachine,
  matchesLabelSelector,
  type ClockV1,
  type Cluster,
  type ClusterActuatorV1,
  type Machine,
  type MachineActuatorV1,
  type MachineDeployment,
  type MachineSet,
} from '@slipway/core';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { BootstrapHook } from '../bootstrap-hook/bootstrap-hook.js';
import { createClusterReconciler } from '../controllers/cluster-controller.js';
import type { ControllerContext, ManagerInformers } from '../controllers/controller-context.js';
import { createMachineReconciler } from '../controllers/machine-controller.js';
import { createMachineDeploymentReconciler } from '../controllers/machine-deployment-controller.js';
import { createMachineSetReconciler } from '../controllers/machine-set-controller.js';
import {
  clusterIndex,
  controllerIndex,
  controllerOf,
  indexByCluster,
  indexByController,
  indexOrphans,
  orphanIndex,
} from '../controllers/object-indexes.js';
import { createLogger } from '../observability/create-logger.js';
import { createManagerMetrics, type ManagerMetrics } from '../observability/manager-metrics.js';
import { Controller } from '../runtime/controller.js';
import { Informer } from '../runtime/informer.js';
import type { RateLimiterOptions } from '../runtime/rate-limiter.js';
import { systemClock } from '../runtime/system-clock.js';
import { EventRecorder } from '../store/event-recorder.js';
import type { ObjectStore } from '../store/object-store.js';
import { clusterType, machineDeploymentType, machineSetType, machineType, objectKeyOf } from '../store/object-types.js';

export interface ManagerConcurrency {
  cluster?: number;
  machine?: number;
  machineSet?: number;
  machineDeployment?: number;
}

export interface ManagerOptions {
  store: ObjectStore;
  /** The provider's actuators. */
  providers: { machine: MachineActuatorV1; cluster: ClusterActuatorV1 };
  /** PKI, tokens and user data; without it, Machines get empty user data and a running instance counts as a joined node. */
  bootstrapHook?: BootstrapHook;
  logger?: Logger;
  /** Used when no logger is given (default info). */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  clock?: ClockV1;
  /** Concurrent reconciles per controller (default: cluster 2, machine 16, machineSet 4, machineDeployment 2). */
  concurrency?: ManagerConcurrency;
  /** How long a Machine may take from a running instance to a registered node (default 20 minutes). */
  bootstrapTimeoutMs?: number;
  /** The node this manager runs on: its Machine is never deleted by this manager. */
  nodeName?: string;
  /** Watch only this namespace (default: all). */
  namespace?: string;
  /** Where metrics are registered (default: a registry of the manager's own). */
  metricsRegistry?: Registry;
  /** Per-key backoff and overall retry limit of every controller's queue. */
  rateLimiter?: RateLimiterOptions;
}

export interface Manager {
  /** Lists every kind into the caches, then starts the controllers. */
  start(): Promise<void>;
  /**
   * Graceful: takes no new work, waits for reconciles in flight, then stops
   * watching. With `abortAfterMs`, reconciles still running then see their
   * signal abort (actuators stop waiting on the cloud).
   */
  stop(options?: { abortAfterMs?: number }): Promise<void>;
  /** Resolves once no controller has queued or running work (delayed retries do not count). */
  waitForIdle(): Promise<void>;
  readonly metrics: ManagerMetrics;
  readonly informers: ManagerInformers;
  readonly controllers: readonly Controller[];
}

/**
 * Whether a Machine update asks for the Machine controller: anything but a status
 * change does, and of the status only what others write (the bootstrap progress).
 * The controller's own status writes would otherwise each cost one more reconcile.
 */
function machineNeedsReconcile(previous: Machine, current: Machine): boolean {
  if (previous.metadata.generation !== current.metadata.generation) return true;
  const { resourceVersion: _previousVersion, ...previousMetadata } = previous.metadata;
  const { resourceVersion: _currentVersion, ...currentMetadata } = current.metadata;
  if (JSON.stringify(previousMetadata) !== JSON.stringify(currentMetadata)) return true;
  return JSON.stringify(previous.status?.bootstrap) !== JSON.stringify(current.status?.bootstrap);
}

export function createManager(options: ManagerOptions): Manager {
  if (options.store === undefined) throw new TypeError('createManager: options.store is required (for example openEmbeddedStore({ stateDirectory }))');
  if (options.providers?.machine === undefined || options.providers.cluster === undefined) {
    throw new TypeError('createManager: options.providers.machine and options.providers.cluster are required (the provider\'s actuators)');
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? 'info' });
  const metrics = createManagerMetrics(options.metricsRegistry);
  const store = options.store;
  const informerOptions = {
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    onRecoveredError: (error: Error) => logger.info({ err: error }, 'informer relisting'),
  };
  const informers: ManagerInformers = {
    clusters: new Informer<Cluster>(store, clusterType, informerOptions),
    machines: new Informer<Machine>(store, machineType, informerOptions),
    machineSets: new Informer<MachineSet>(store, machineSetType, informerOptions),
    machineDeployments: new Informer<MachineDeployment>(store, machineDeploymentType, informerOptions),
  };
  informers.machines.addIndex(controllerIndex, indexByController);
  informers.machines.addIndex(orphanIndex, indexOrphans);
  informers.machines.addIndex(clusterIndex, indexByCluster);
  informers.machineSets.addIndex(controllerIndex, indexByController);
  informers.machineSets.addIndex(orphanIndex, indexOrphans);

  const context: ControllerContext = {
    store,
    informers,
    events: new EventRecorder(store, clock),
    clock,
    logger,
    machineActuator: options.providers.machine,
    clusterActuator: options.providers.cluster,
    bootstrapHook: options.bootstrapHook,
    bootstrapTimeoutMs: options.bootstrapTimeoutMs ?? 20 * 60 * 1000,
    nodeName: options.nodeName,
  };
  const common = { clock, logger, metrics, ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }) };
  const concurrency = options.concurrency ?? {};
  const clusterController = new Controller({ name: 'cluster', reconcile: createClusterReconciler(context), concurrency: concurrency.cluster ?? 2, ...common });
  const machineController = new Controller({ name: 'machine', reconcile: createMachineReconciler(context), concurrency: concurrency.machine ?? 16, ...common });
  const machineSetController = new Controller({
    name: 'machineset',
    reconcile: createMachineSetReconciler(context),
    concurrency: concurrency.machineSet ?? 4,
    ...common,
  });
  const machineDeploymentController = new Controller({
    name: 'machinedeployment',
    reconcile: createMachineDeploymentReconciler(context),
    concurrency: concurrency.machineDeployment ?? 2,
    ...common,
  });
  const controllers = [clusterController, machineController, machineSetController, machineDeploymentController];

  // Who hears of what.
  const enqueueMachinesOfCluster = (cluster: Cluster) => {
    for (const machine of informers.machines.byIndex(clusterIndex, objectKeyOf(cluster))) machineController.enqueue(objectKeyOf(machine));
  };
  informers.clusters.addEventHandler({
    onAdd: (cluster) => {
      clusterController.enqueue(objectKeyOf(cluster));
      enqueueMachinesOfCluster(cluster);
    },
    onUpdate: (previous, cluster) => {
      clusterController.enqueue(objectKeyOf(cluster));
      if (previous.status?.infrastructureReady !== cluster.status?.infrastructureReady) enqueueMachinesOfCluster(cluster);
    },
    onDelete: (cluster) => enqueueMachinesOfCluster(cluster),
  });

  const enqueueOwnerOrMatches = (
    object: Machine | MachineSet,
    ownerKind: string,
    owners: { list(): Array<{ metadata: Machine['metadata']; spec: { selector: MachineSet['spec']['selector'] } }> },
    controller: Controller,
  ) => {
    const owner = controllerOf(object);
    const namespace = object.metadata.namespace ?? 'default';
    if (owner !== undefined) {
      if (owner.kind === ownerKind) controller.enqueue(`${namespace}/${owner.name}`);
      return;
    }
    for (const candidate of owners.list()) {
      if (candidate.metadata.namespace === namespace && matchesLabelSelector(candidate.spec.selector, object.metadata.labels)) {
        controller.enqueue(objectKeyOf(candidate));
      }
    }
  };
  const enqueueClusterOfMachine = (machine: Machine) => {
    const [clusterKey] = indexByCluster(machine);
    if (clusterKey === undefined) return;
    const cluster = informers.clusters.get(machine.metadata.namespace ?? 'default', clusterKey.slice(clusterKey.indexOf('/') + 1));
    // A deleting cluster waits for its last Machine; a live one cares only about its control plane.
    if (cluster !== undefined && (cluster.metadata.deletionTimestamp !== undefined || isControlPlaneMachine(machine))) {
      clusterController.enqueue(clusterKey);
    }
  };
  informers.machines.addEventHandler({
    onAdd: (machine) => {
      machineController.enqueue(objectKeyOf(machine));
      enqueueOwnerOrMatches(machine, 'MachineSet', informers.machineSets, machineSetController);
    },
    onUpdate: (previous, machine) => {
      if (machineNeedsReconcile(previous, machine)) machineController.enqueue(objectKeyOf(machine));
      enqueueOwnerOrMatches(machine, 'MachineSet', informers.machineSets, machineSetController);
      const previousOwner = controllerOf(previous);
      if (previousOwner !== undefined && previousOwner.uid !== controllerOf(machine)?.uid && previousOwner.kind === 'MachineSet') {
        machineSetController.enqueue(`${machine.metadata.namespace ?? 'default'}/${previousOwner.name}`);
      }
      if (isControlPlaneMachine(machine) && (previous.status?.nodeRef === undefined) !== (machine.status?.nodeRef === undefined)) {
        enqueueClusterOfMachine(machine);
      }
    },
    onDelete: (machine) => {
      enqueueOwnerOrMatches(machine, 'MachineSet', informers.machineSets, machineSetController);
      enqueueClusterOfMachine(machine);
    },
  });
  informers.machineSets.addEventHandler({
    onAdd: (machineSet) => {
      machineSetController.enqueue(objectKeyOf(machineSet));
      enqueueOwnerOrMatches(machineSet, 'MachineDeployment', informers.machineDeployments, machineDeploymentController);
    },
    onUpdate: (_previous, machineSet) => {
      machineSetController.enqueue(objectKeyOf(machineSet));
      enqueueOwnerOrMatches(machineSet, 'MachineDeployment', informers.machineDeployments, machineDeploymentController);
    },
    onDelete: (machineSet) => enqueueOwnerOrMatches(machineSet, 'MachineDeployment', informers.machineDeployments, machineDeploymentController),
  });
  informers.machineDeployments.addEventHandler({
    onAdd: (deployment) => machineDeploymentController.enqueue(objectKeyOf(deployment)),
    onUpdate: (_previous, deployment) => machineDeploymentController.enqueue(objectKeyOf(deployment)),
  });

  let started = false;
  return {
    metrics,
    informers,
    controllers,
    async start() {
      if (started) return;
      started = true;
      // Every cache is filled before any controller runs, so none acts on a partial view.
      await Promise.all(Object.values(informers).map((informer: Informer<Cluster>) => informer.start()));
      for (const controller of controllers) controller.start();
      logger.info({ controllers: controllers.map((controller) => controller.name) }, 'manager started');
    },
    async stop(stopOptions = {}) {
      await Promise.all(controllers.map((controller) => controller.stop(stopOptions)));
      for (const informer of Object.values(informers) as Informer<Cluster>[]) informer.stop();
      logger.info('manager stopped');
    },
    async waitForIdle() {
      for (;;) {
        await Promise.all(controllers.map((controller) => controller.queue.whenIdle()));
        // One queue's work may have queued another's: idle only when all are idle at once.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (controllers.every((controller) => controller.queue.length === 0 && controller.queue.inFlight === 0)) return;
      }
    },
  };
}
