/** The hash that tells a MachineDeployment's revisions apart: equal templates, equal hashes, whatever the key order. */
import { createHash } from 'node:crypto';
import type { MachineTemplateSpec } from '@slipway/core';
import { canonicalJson } from '../store/canonical-json.js';

export function machineTemplateHash(template: MachineTemplateSpec): string {
  return createHash('sha256').update(canonicalJson(template)).digest('hex').slice(0, 10);
}
