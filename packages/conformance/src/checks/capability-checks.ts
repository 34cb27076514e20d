/**
 * Capability flags: what an actuator declares, it does. Checks of a capability
 * the actuator does not declare show as skipped, never as passed.
 */
import type { ConformanceCheck } from './conformance-check.js';
import { ensure } from './ensure.js';

export const capabilityChecks: readonly ConformanceCheck[] = [
  {
    group: 'capabilities',
    id: 'orphan-listing',
    title: 'orphanListing: listOwnedInstances finds the instance with its owner',
    run: async (harness) => {
      harness.requireCapability('orphanListing');
      ensure(typeof harness.actuator.listOwnedInstances === 'function', 'capabilities.orphanListing is true but listOwnedInstances is missing');
      const created = await harness.create();
      // Listing may lag behind creation in an eventually consistent cloud; a bounded wait is fair.
      let owned = await harness.actuator.listOwnedInstances({ cluster: harness.cluster }, harness.context());
      for (let attempt = 0; attempt < 5 && !owned.some((instance) => instance.providerID === created.providerID); attempt += 1) {
        await harness.pause(1_000);
        owned = await harness.actuator.listOwnedInstances({ cluster: harness.cluster }, harness.context());
      }
      const entry = owned.find((instance) => instance.providerID === created.providerID);
      ensure(entry !== undefined, `listOwnedInstances did not list ${created.providerID}: ${JSON.stringify(owned)}`);
      ensure(entry.clusterName === harness.cluster.metadata.name, `listed with cluster ${entry.clusterName}, expected ${harness.cluster.metadata.name}`);
      ensure(entry.machineUid === harness.machine.metadata.uid, `listed with machine UID ${entry.machineUid}, expected ${harness.machine.metadata.uid}`);
    },
  },
  {
    group: 'capabilities',
    id: 'in-place-update',
    title: 'inPlaceUpdate: update with changed Machine labels keeps the same instance',
    run: async (harness) => {
      harness.requireCapability('inPlaceUpdate');
      const created = await harness.create();
      harness.machine = {
        ...harness.machine,
        metadata: { ...harness.machine.metadata, labels: { ...harness.machine.metadata.labels, 'conformance/changed': 'yes' } },
      };
      const updated = await harness.update();
      ensure(updated.providerID === created.providerID, `update replaced the instance (${created.providerID} → ${updated.providerID})`);
      ensure(harness.liveMachineInstances().length === 1, 'update in place left more than one instance');
    },
  },
];
