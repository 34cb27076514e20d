/**
 * The manager's Prometheus metrics, on a registry of its own so two managers in
 * one process (tests, embedders) never collide: reconciles by result, errors,
 * durations and queue depth per controller.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ManagerMetrics {
  readonly registry: Registry;
  readonly reconciles: Counter<'controller' | 'result'>;
  readonly reconcileErrors: Counter<'controller' | 'kind'>;
  readonly reconcileDuration: Histogram<'controller'>;
  readonly queueDepth: Gauge<'controller'>;
  /** Registers a controller's queue so scrapes read its depth. */
  trackQueue(controller: string, depth: () => number): void;
}

export function createManagerMetrics(registry = new Registry()): ManagerMetrics {
  const queues = new Map<string, () => number>();
  const reconciles = new Counter({
    name: 'slipway_reconcile_total',
    help: 'Reconciles finished, by controller and result (success, requeue, error).',
    labelNames: ['controller', 'result'] as const,
    registers: [registry],
  });
  const reconcileErrors = new Counter({
    name: 'slipway_reconcile_errors_total',
    help: 'Reconciles that failed, by controller and error kind (transient, terminal, conflict, other).',
    labelNames: ['controller', 'kind'] as const,
    registers: [registry],
  });
  const reconcileDuration = new Histogram({
    name: 'slipway_reconcile_duration_seconds',
    help: 'Time spent in one reconcile.',
    labelNames: ['controller'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'slipway_work_queue_depth',
    help: 'Keys waiting in a controller work queue.',
    labelNames: ['controller'] as const,
    registers: [registry],
    collect() {
      for (const [controller, depth] of queues) this.set({ controller }, depth());
    },
  });
  return {
    registry,
    reconciles,
    reconcileErrors,
    reconcileDuration,
    queueDepth,
    trackQueue: (controller, depth) => queues.set(controller, depth),
  };
}
