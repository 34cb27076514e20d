import type { CommandContext } from '../command-context.js';
import { serveLocalCloud } from '../local-cloud/serve-local-cloud.js';
import { ensureStateDirectory } from '../state/state-directory.js';

/** `slipway local-cloud serve` (internal): runs the emulated cloud until SIGTERM or SIGINT. */
export async function serveLocalCloudCommand(context: CommandContext): Promise<void> {
  await ensureStateDirectory(context.stateDirectory);
  const cloud = await serveLocalCloud({ stateDirectory: context.stateDirectory });
  if (!cloud) {
    context.io.stderr.write(`an emulated cloud already serves ${context.stateDirectory}; this one exits\n`);
    return;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    context.signal.addEventListener('abort', stop, { once: true });
  });
  await cloud.stop();
}
