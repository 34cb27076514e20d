/**
 * Builds the API client from settings: the configuration resolved from
 * settings, clouds.yaml and OS_* variables, a node:http transport with its TLS
 * settings (unless one is injected), and the per-service limiter.
 */
import { invalidSettingError, systemClock } from '@slipway/provider-utils';
import { resolveOpenStackConfiguration } from '../settings/openstack-configuration.js';
import type { OpenStackActuatorSettings } from '../settings/openstack-actuator-settings.js';
import { OpenStackApiClient } from './openstack-api-client.js';
import { createOpenStackRateLimiter } from './openstack-rate-limits.js';
import { createNodeTransport } from './openstack-transport.js';

export function createOpenStackApiClient(settings: OpenStackActuatorSettings = {}): OpenStackApiClient {
  const configuration = resolveOpenStackConfiguration(settings);
  const clock = settings.clock ?? systemClock;
  const injected = settings.clients?.transport;
  const transport =
    injected !== undefined
      ? // An injected transport belongs to its caller: closing the client leaves it open.
        { send: injected.send.bind(injected), close: async () => {} }
      : createNodeTransport({
          ...(configuration.certificateAuthority !== undefined ? { certificateAuthority: configuration.certificateAuthority } : {}),
          verifyTls: configuration.verifyTls,
        });
  if (settings.maxAttempts !== undefined && !(Number.isInteger(settings.maxAttempts) && settings.maxAttempts >= 1)) {
    throw invalidSettingError('createOpenStackActuator', 'maxAttempts', `must be an integer of 1 or more, got ${settings.maxAttempts}`);
  }
  return new OpenStackApiClient({
    transport,
    authentication: configuration.authentication,
    limiter: createOpenStackRateLimiter({ clock, ...(settings.rateLimits !== undefined ? { limits: settings.rateLimits } : {}) }),
    clock,
    ...(settings.random !== undefined ? { random: settings.random } : {}),
    interface: configuration.interface,
    region: configuration.region,
    endpoints: configuration.endpoints,
    computeMicroversion: configuration.computeMicroversion,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.retryBaseDelayMs !== undefined ? { baseDelayMs: settings.retryBaseDelayMs } : {}),
  });
}
