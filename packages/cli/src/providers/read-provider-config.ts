/**
 * `--provider-config FILE`: settings for a real cloud's actuators (region,
 * project, subscription, endpoints, polling), as YAML, checked against the
 * fields each provider's factory accepts. Credentials never go here: each
 * cloud's SDK reads them from its standard environment and files.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../usage-error.js';

const milliseconds = z.number().int().positive();

/** The fields of each provider's settings a file may set, with the same names as the factory's. */
export const providerConfigSchemas: Record<string, z.ZodType<Record<string, unknown>>> = {
  aws: z.strictObject({
    region: z.string().min(1).optional(),
    endpoint: z.url().optional(),
    loadBalancingEndpoint: z.url().optional(),
    describeIntervalMs: milliseconds.optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
  }),
  azure: z.strictObject({
    subscriptionId: z.uuid().optional(),
    endpoint: z.url().optional(),
    describeIntervalMs: milliseconds.optional(),
    pollIntervalMs: milliseconds.optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
  }),
  gcp: z.strictObject({
    projectId: z.string().min(1).optional(),
    keyFilename: z.string().min(1).optional(),
    apiEndpoint: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    protocol: z.enum(['http', 'https']).optional(),
    describeIntervalMs: milliseconds.optional(),
    operationTimeoutMs: milliseconds.optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
  }),
  openstack: z.strictObject({
    cloud: z.string().min(1).optional(),
    cloudsYamlPath: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    interface: z.enum(['public', 'internal', 'admin']).optional(),
    caCertFile: z.string().min(1).optional(),
    computeMicroversion: z.string().regex(/^2\.\d+$/).optional(),
    describeIntervalMs: milliseconds.optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
  }),
};

export async function readProviderConfig(path: string, provider: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the provider config ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error)}`);
  }
  const document = parseDocument(text);
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const line = syntaxError.linePos?.[0].line;
    throw new UsageError(`the provider config ${path} is not valid YAML${line ? ` (line ${line})` : ''}: ${syntaxError.message.split('\n')[0]}`);
  }
  const value: unknown = document.toJS() ?? {};
  const schema = providerConfigSchemas[provider];
  if (!schema) {
    throw new UsageError(`--provider-config is not supported for provider "${provider}"; providers with settings files: ${Object.keys(providerConfigSchemas).join(', ')}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(top level)';
    const allowed = Object.keys((schema as unknown as z.ZodObject).shape).join(', ');
    const explanation = issue?.code === 'unrecognized_keys' ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid');
    throw new UsageError(`the provider config ${path} has a problem at ${field}: ${explanation}; the ${provider} settings a file may set are ${allowed}`);
  }
  return parsed.data;
}
