/**
 * The Metal API client: openapi-fetch over the types openapi-typescript
 * generated from the API's OpenAPI description (./generated), with the token in
 * X-Auth-Token. No shape of the API is written by hand.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/metal-api-v1.js';

export type MetalClient = Client<paths>;
export type MetalDevice = components['schemas']['Device'];
export type MetalDeviceCreateInput = components['schemas']['DeviceCreateInMetroInput'] | components['schemas']['DeviceCreateInFacilityInput'];
export type MetalIpReservation = components['schemas']['IPReservation'];
export type MetalIpAssignment = components['schemas']['IPAssignment'];
export type MetalError = components['schemas']['Error'];

export interface PacketSdkClients {
  metal: MetalClient;
}

export function createPacketSdkClients(options: { baseUrl: string; token: string; fetch?: typeof globalThis.fetch }): PacketSdkClients {
  return {
    metal: createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: { 'X-Auth-Token': options.token, accept: 'application/json' },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  };
}
