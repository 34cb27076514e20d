import { readFileSync } from 'node:fs';

/**
 * The machine-side agent (agent/slipway-agent.sh), shipped with the package
 * as a plain file so it can be read, linted and run on its own. The path is the
 * same from src/ and dist/: both sit one level below the package root.
 */
export const agentScriptUrl = new URL('../../agent/slipway-agent.sh', import.meta.url);

let cached: string | undefined;

export function agentScript(): string {
  cached ??= readFileSync(agentScriptUrl, 'utf8');
  return cached;
}
