/**
 * Manifests written before Cluster API renamed `providerConfig` to `providerSpec` (mid 2018)
 * load unchanged: the old name is moved to the new one. The CRDs declare `providerConfig` too
 * (see schemas/legacy-provider-config.ts), so a controller reading objects from an API server
 * calls this before parsing them, and writes the result back.
 */
export function upgradeProviderConfig(
  input: Record<string, unknown>,
  report: (path: PropertyKey[], message: string) => void = () => {},
): Record<string, unknown> {
  const rename = (holder: unknown, path: PropertyKey[]): unknown => {
    if (!holder || typeof holder !== 'object' || Array.isArray(holder)) return holder;
    const record = holder as Record<string, unknown>;
    if (!('providerConfig' in record)) return holder;
    const { providerConfig, ...rest } = record;
    if ('providerSpec' in record) {
      // Reported once here; dropping it keeps the schema from adding "unknown field" for the same mistake.
      report([...path, 'providerConfig'], 'providerConfig is the older name of providerSpec; give only one of them');
      return rest;
    }
    return { ...rest, providerSpec: providerConfig };
  };
  const copy: Record<string, unknown> = { ...input };
  if (input['kind'] === 'MachineClass') return rename(copy, []) as Record<string, unknown>;
  const spec = rename(copy['spec'], ['spec']);
  if (input['kind'] === 'MachineSet' || input['kind'] === 'MachineDeployment') {
    const specRecord = spec && typeof spec === 'object' ? { ...(spec as Record<string, unknown>) } : spec;
    if (specRecord && typeof specRecord === 'object') {
      const template = (specRecord as Record<string, unknown>)['template'];
      if (template && typeof template === 'object') {
        const templateRecord = template as Record<string, unknown>;
        (specRecord as Record<string, unknown>)['template'] = {
          ...templateRecord,
          spec: rename(templateRecord['spec'], ['spec', 'template', 'spec']),
        };
      }
    }
    copy['spec'] = specRecord;
  } else {
    copy['spec'] = spec;
  }
  return copy;
}
