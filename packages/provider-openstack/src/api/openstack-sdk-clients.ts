/**
 * What may be injected in place of what the factory builds. OpenStack has no
 * JavaScript SDK worth depending on, so the one "client" is the HTTP transport.
 */
import type { OpenStackTransport } from './openstack-transport.js';

export interface OpenStackSdkClients {
  transport: OpenStackTransport;
}
