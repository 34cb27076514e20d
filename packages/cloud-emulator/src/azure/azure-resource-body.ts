/**
 * The envelope every ARM PUT carries (`location`, `tags`, `properties`,
 * `zones`), checked the way Resource Manager checks it before a resource
 * provider sees the request: a location is required, tags obey ARM's limits,
 * names obey the type's naming rule.
 */
import { azureApiError } from './azure-api-error.js';

export interface AzureResourceBody {
  location: string;
  tags: Record<string, string>;
  properties: Record<string, unknown>;
  zones?: string[];
  raw: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function readResourceBody(body: unknown, options: { locationOptional?: boolean } = {}): AzureResourceBody {
  if (!isRecord(body)) throw azureApiError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: expected a JSON object.');
  const location = body['location'];
  if (typeof location !== 'string' || location.trim() === '') {
    if (!options.locationOptional) throw azureApiError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const tags = body['tags'] ?? {};
  if (!isRecord(tags)) throw azureApiError(400, 'InvalidRequestContent', 'The tags property must be an object of strings.');
  const entries = Object.entries(tags);
  if (entries.length > 50) throw azureApiError(400, 'InvalidTag', `A resource can have at most 50 tags; the request has ${entries.length}.`);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw azureApiError(400, 'InvalidTag', `The value of tag '${key}' must be a string.`);
    if (key.length > 512) throw azureApiError(400, 'InvalidTagNameLength', `The tag name '${key.slice(0, 40)}…' exceeds 512 characters.`);
    if (value.length > 256) throw azureApiError(400, 'InvalidTagValueLength', `The value of tag '${key}' exceeds 256 characters.`);
    if (/[<>%&\\?/]/.test(key)) throw azureApiError(400, 'InvalidTagNameCharacters', `The tag name '${key}' has characters that are not allowed: <, >, %, &, \\, ?, /.`);
  }
  const properties = body['properties'] ?? {};
  if (!isRecord(properties)) throw azureApiError(400, 'InvalidRequestContent', 'The properties property must be an object.');
  const zones = body['zones'];
  if (zones !== undefined && (!Array.isArray(zones) || zones.some((zone) => typeof zone !== 'string'))) {
    throw azureApiError(400, 'InvalidRequestContent', 'The zones property must be an array of strings.');
  }
  return {
    location: typeof location === 'string' ? location : '',
    tags: tags as Record<string, string>,
    properties: structuredClone(properties),
    ...(zones !== undefined ? { zones: zones as string[] } : {}),
    raw: body,
  };
}

/** ARM's general naming rule for network and compute resources: 1 to 80 characters, letters, digits, `_`, `-`, `.`. */
export function requireResourceName(name: string, typeLabel: string, maxLength = 80): void {
  const valid = name.length >= 1 && name.length <= maxLength && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && !/[.-]$/.test(name);
  if (!valid) {
    throw azureApiError(
      400,
      'InvalidResourceName',
      `Resource name ${name} is invalid for a ${typeLabel}. The name can be up to ${maxLength} characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
    );
  }
}

export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
