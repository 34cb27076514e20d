/**
 * One conformance check: a named function of a fresh harness that throws when
 * the provider breaks the contract. Groups are lists of checks; the vitest
 * runners register each as a test, and the kit's self-tests call them directly.
 */
import type { ConformanceEmulator } from '../conformance-emulator.js';
import type { ActuatorConformanceOptions, ConformanceGroup } from '../conformance-options.js';
import type { ConformanceHarness } from '../harness/conformance-harness.js';

export interface ConformanceCheck {
  group: ConformanceGroup;
  /** Stable id within the group, used by `skip: ['group/id']`. */
  id: string;
  /** The test's title: what the provider must do. */
  title: string;
  /**
   * Most checks run on one harness opened for them. Checks that need several
   * emulators (the crash loop) get `open` to make their own.
   */
  run(harness: ConformanceHarness, tools: CheckTools): Promise<void>;
}

export interface CheckTools {
  /** Opens another fresh harness (emulator + actuator + Machine) with the same options. */
  open(): Promise<ConformanceHarness>;
  /** Reports a figure (API calls, interruption points) next to the test result. */
  report(message: string): void;
  readonly options: ActuatorConformanceOptions<ConformanceEmulator>;
}
