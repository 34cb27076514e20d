/**
 * Runs one check outside any test framework: opens a fresh harness, runs the
 * check, closes everything. The vitest runners and the kit's self-tests both
 * go through it. Rejects with what the check threw (an UnsupportedCapability
 * when it does not apply).
 */
import type { CheckTools, ConformanceCheck } from './checks/conformance-check.js';
import type { ConformanceEmulator } from './conformance-emulator.js';
import type { ActuatorConformanceOptions } from './conformance-options.js';
import { openConformanceHarness, type ConformanceHarness } from './harness/conformance-harness.js';

export interface ConformanceCheckOutcome {
  /** Figures the check reported (API calls, interruption points). */
  reports: string[];
}

export async function runConformanceCheck<Emulator extends ConformanceEmulator>(
  check: ConformanceCheck,
  options: ActuatorConformanceOptions<Emulator>,
  report: (message: string) => void = () => {},
): Promise<ConformanceCheckOutcome> {
  const general = options as unknown as ActuatorConformanceOptions<ConformanceEmulator>;
  const reports: string[] = [];
  const opened: ConformanceHarness[] = [];
  const tools: CheckTools = {
    options: general,
    open: async () => {
      const harness = await openConformanceHarness(general);
      opened.push(harness);
      return harness;
    },
    report: (message) => {
      reports.push(message);
      report(message);
    },
  };
  const harness = await tools.open();
  try {
    await check.run(harness, tools);
  } catch (error) {
    if (error instanceof Error && harness.logLines.length > 0 && !error.message.includes('actuator log')) {
      error.message += `\n  actuator log (last lines):\n    ${harness.logLines.slice(-10).join('\n    ')}`;
    }
    throw error;
  } finally {
    // Checks close the harnesses they open themselves; closing twice is harmless for the emulators we know, but avoid it.
    for (const each of opened) await each.close().catch(() => undefined);
  }
  return { reports };
}
