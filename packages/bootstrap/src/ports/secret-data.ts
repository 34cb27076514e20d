/** Secrets carry base64 values, as in Kubernetes; these keep the conversions in one place. */
export function encodeSecretData(values: Record<string, string | undefined>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  return data;
}

export function decodeSecretValue(data: Record<string, string>, key: string): string | undefined {
  const value = data[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}
