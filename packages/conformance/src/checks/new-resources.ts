/**
 * What the cloud gained during a check: resources that were not there when the
 * snapshot was taken. Judged by the side door, so untagged resources count too.
 */
import type { ConformanceResourceView } from '../conformance-emulator.js';
import type { ConformanceHarness } from '../harness/conformance-harness.js';
import { ensure } from './ensure.js';

/** Takes a snapshot of the live resources; the function it returns lists those live now that were not in it. */
export function resourcesNewSinceNow(harness: ConformanceHarness): () => ConformanceResourceView[] {
  const keyOf = (resource: ConformanceResourceView) => `${resource.kind}/${resource.id}`;
  const before = new Set(harness.liveResources().map(keyOf));
  return () => harness.liveResources().filter((resource) => !before.has(keyOf(resource)));
}

/**
 * Creates the Machine and waits until its instance runs (so resources a cloud
 * attaches while booting exist too); returns what create added to the cloud,
 * which must be something.
 */
export async function createUntilRunning(harness: ConformanceHarness): Promise<{ created: ConformanceResourceView[]; newSinceBeforeCreate: () => ConformanceResourceView[] }> {
  const newSinceBeforeCreate = resourcesNewSinceNow(harness);
  await harness.create();
  await harness.waitUntil('the instance is running', () => harness.liveMachineInstances().some((instance) => instance.state === 'running'));
  const created = newSinceBeforeCreate();
  ensure(created.length > 0, 'create left no new resource in the cloud');
  return { created, newSinceBeforeCreate };
}
