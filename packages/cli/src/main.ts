/**
 * The process entry of `slipway`: wires the real streams, Ctrl-C, SIGTERM and
 * the exit code to `runCli`. The first signal stops the command cleanly (cloud
 * calls in flight finish and are recorded); a second Ctrl-C exits at once.
 */
import { runCli } from './run-cli.js';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nStopping: letting cloud calls in flight finish and be recorded (Ctrl-C again to quit at once)…\n');
  controller.abort(new Error('interrupted'));
});
// SIGTERM is how service managers and `kill` ask a long-lived `slipway manager` to stop: the same clean stop, with the command's own exit code.
process.on('SIGTERM', () => controller.abort(new Error('terminated')));

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, environment: process.env }, { signal: controller.signal });
process.exit(interrupted ? 130 : code);
