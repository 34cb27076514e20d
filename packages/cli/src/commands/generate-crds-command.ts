import { buildCustomResourceDefinitions } from '@slipway/core';
import { stringify } from 'yaml';
import type { CliIo } from '../cli-io.js';

/** `slipway generate crds`: CustomResourceDefinitions of every kind, for `kubectl apply -f -`. */
export function generateCrdsCommand(io: CliIo): void {
  const documents = buildCustomResourceDefinitions().map((definition) => stringify(definition, { lineWidth: 0 }));
  io.stdout.write(documents.join('---\n'));
}
