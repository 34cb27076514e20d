/**
 * Where the provider's settings come from when the caller gives none: the
 * token from METAL_AUTH_TOKEN, or PACKET_API_KEY as 2018 tooling named it; the
 * project from METAL_PROJECT_ID; the API's base URL from METAL_API_URL. The
 * base URL has no default: Equinix Metal's public service ended on 2026-06-30,
 * so the endpoint is whichever serves the Metal API v1 for you.
 */
import { environmentVariablesOf } from '@slipway/provider-utils';

export const packetEnvironment = {
  token: ['METAL_AUTH_TOKEN', 'PACKET_API_KEY'],
  projectId: ['METAL_PROJECT_ID'],
  baseUrl: ['METAL_API_URL'],
} as const;

/** Every environment variable the provider reads, for docs and messages. */
export const packetEnvironmentVariables: readonly string[] = environmentVariablesOf(packetEnvironment);
