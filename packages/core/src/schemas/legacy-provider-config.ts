import type { ClusterApiKind } from '../api/v1alpha1/kinds.js';
import type { JsonSchema } from './kind-json-schema.js';

/**
 * `providerConfig`, the 2018 name of `providerSpec`, in a CRD schema: manifests written
 * before the rename are accepted by the API server as they are (strict field validation
 * would refuse an undeclared field, and without it the field would be pruned, leaving a
 * Machine without provider settings). The controller reads it through
 * `upgradeProviderConfig` and writes it back under the new name; giving both is refused.
 */
export const providerConfigDescription =
  'Deprecated: the name providerSpec had before mid 2018. Accepted so older manifests apply unchanged; the controller moves it to providerSpec. Give only one of the two.';

export const providerConfigConflictMessage = 'providerConfig is the older name of providerSpec; give only one of them';

/** Where each kind holds providerSpec, as a path of schema properties from the root. */
export const providerSpecHolders: Record<ClusterApiKind, { path: readonly string[]; required: boolean }[]> = {
  Cluster: [{ path: ['spec'], required: false }],
  Machine: [{ path: ['spec'], required: true }],
  MachineSet: [{ path: ['spec', 'template', 'spec'], required: true }],
  MachineDeployment: [{ path: ['spec', 'template', 'spec'], required: true }],
  MachineClass: [{ path: [], required: true }],
};

/** Returns `schema` with `providerConfig` declared beside each `providerSpec`. Changes `schema` in place. */
export function withLegacyProviderConfig(kind: ClusterApiKind, schema: JsonSchema): JsonSchema {
  for (const holder of providerSpecHolders[kind]) {
    const node = holder.path.reduce<JsonSchema>((parent, name) => (parent['properties'] as Record<string, JsonSchema>)[name] as JsonSchema, schema);
    const properties = node['properties'] as Record<string, JsonSchema>;
    const providerSpec = properties['providerSpec'] as JsonSchema;
    properties['providerConfig'] = { ...structuredClone(providerSpec), description: providerConfigDescription };
    const rules: Record<string, string>[] = [
      { rule: '!(has(self.providerSpec) && has(self.providerConfig))', fieldPath: '.providerConfig', message: providerConfigConflictMessage },
    ];
    if (holder.required) {
      // Either name satisfies "required"; the rule reports at providerSpec as the schema's own check would.
      node['required'] = (node['required'] as string[]).filter((name) => name !== 'providerSpec');
      rules.push({
        rule: 'has(self.providerSpec) || has(self.providerConfig)',
        fieldPath: '.providerSpec',
        reason: 'FieldValueRequired',
        message: 'required field is missing (expected a mapping)',
      });
    }
    node['x-kubernetes-validations'] = [...((node['x-kubernetes-validations'] as unknown[] | undefined) ?? []), ...rules];
  }
  return schema;
}
