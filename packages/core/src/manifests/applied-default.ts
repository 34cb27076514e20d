/** A value `parseManifests` filled in because the manifest left the field out. */
export interface AppliedDefault {
  source: string;
  documentIndex: number;
  kind: string;
  name: string;
  path: string;
  value: unknown;
}

/**
 * Lists the fields present in `output` but absent from `input`: exactly the
 * defaults the schema applied. It does not descend into a defaulted value.
 */
export function collectAppliedDefaults(input: unknown, output: unknown, path: string[] = []): { path: string; value: unknown }[] {
  if (!isPlainObject(output)) return [];
  const found: { path: string; value: unknown }[] = [];
  const inputObject = isPlainObject(input) ? input : {};
  for (const [key, value] of Object.entries(output)) {
    const childPath = [...path, key];
    if (inputObject[key] === undefined) {
      if (value !== undefined) found.push({ path: childPath.join('.'), value });
    } else if (isPlainObject(value)) {
      found.push(...collectAppliedDefaults(inputObject[key], value, childPath));
    }
  }
  return found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
