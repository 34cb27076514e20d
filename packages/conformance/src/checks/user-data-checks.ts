/**
 * User data: what the machine receives is, byte for byte, what the bootstrap
 * rendered, once the cloud's own encoding (base64, gzip) is undone.
 */
import { gunzipSync } from 'node:zlib';
import type { ConformanceCheck } from './conformance-check.js';
import { ensure } from './ensure.js';

export const userDataChecks: readonly ConformanceCheck[] = [
  {
    group: 'user-data',
    id: 'intact',
    title: 'user data reaches the instance byte for byte',
    run: async (harness) => {
      await harness.create();
      const [instance] = harness.liveMachineInstances();
      ensure(instance !== undefined, 'create made no instance');
      ensure(instance.userData !== undefined, `the cloud holds no user data for ${instance.id}`);
      let received = Buffer.from(instance.userData);
      if (received[0] === 0x1f && received[1] === 0x8b) received = gunzipSync(received);
      const expected = Buffer.from(harness.userData, 'utf8');
      ensure(
        received.equals(expected),
        () => `the instance received ${received.length} bytes of user data that differ from the ${expected.length} bytes rendered (first difference at byte ${[...expected].findIndex((byte, index) => received[index] !== byte)})`,
      );
    },
  },
];
