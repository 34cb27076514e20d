/**
 * Starts an emulated OpenStack on 127.0.0.1: the framework runtime (clock,
 * store, lifecycle, faults, side door), Keystone, Nova, Neutron, Octavia and
 * Glance's image list, all behind one HTTP server. Its Keystone's catalog lists
 * the other services; `cloudsYaml()` and `environmentVariables()` give a client
 * the usual configuration for it.
 */
import { createEmulatorRuntime, type EmulatorRuntime, type EmulatorRuntimeOptions } from '../runtime/emulator-runtime.js';
import { startHttpEmulator, type RunningHttpEmulator } from '../server/start-http-emulator.js';
import { KeystoneIdentity } from './keystone-identity.js';
import { NeutronNetworking } from './neutron-networking.js';
import { NovaCompute } from './nova-compute.js';
import { OctaviaLoadBalancing } from './octavia-load-balancing.js';
import { OpenStackCloud, type OpenStackCloudOptions } from './openstack-cloud.js';
import { createOpenStackService, openStackServicePaths } from './openstack-service.js';
import { createOpenStackThrottlingPolicy } from './openstack-throttling-policy.js';

export interface StartOpenStackEmulatorOptions extends OpenStackCloudOptions {
  /** A runtime to serve (shared clock, machine simulator...); a new one from `runtimeOptions` otherwise. */
  runtime?: EmulatorRuntime;
  /** Options of the new runtime; the throttling policy defaults to the per-service buckets of createOpenStackThrottlingPolicy. */
  runtimeOptions?: EmulatorRuntimeOptions;
  /** Default 0: a free port. */
  port?: number;
  /** Default `http`; `https` serves a self-signed certificate (trust `certificateAuthority`). */
  protocol?: 'http' | 'https';
  /** Accept tokens of another (real) Keystone, checked by this function, instead of the emulator's own. */
  validateToken?: (token: string) => boolean | Promise<boolean>;
}

export interface RunningOpenStackEmulator extends RunningHttpEmulator {
  runtime: EmulatorRuntime;
  inspect: EmulatorRuntime['inspect'];
  callLog: EmulatorRuntime['callLog'];
  faults: EmulatorRuntime['faults'];
  clock: EmulatorRuntime['clock'];
  /** OpenStack-specific state and switches (failed builds, token revocation, credentials). */
  cloud: OpenStackCloud;
  /** Keystone's v3 URL: `OS_AUTH_URL`. */
  authUrl: string;
  /** The base URL of each service as the catalog lists it. */
  serviceUrls: Record<'identity' | 'compute' | 'network' | 'load-balancer' | 'image', string>;
  /** A clouds.yaml `clouds.<name>` entry for password authentication. */
  cloudsYamlEntry(): Record<string, unknown>;
  /** The OS_* variables the openstack CLI would use. */
  environmentVariables(): Record<string, string>;
}

export async function startOpenStackEmulator(options: StartOpenStackEmulatorOptions = {}): Promise<RunningOpenStackEmulator> {
  const runtime = options.runtime ?? createEmulatorRuntime({ throttlingPolicy: createOpenStackThrottlingPolicy(), ...options.runtimeOptions });
  const cloud = new OpenStackCloud(runtime, options);
  const networking = new NeutronNetworking(cloud);
  const compute = new NovaCompute(cloud, networking);
  const loadBalancing = new OctaviaLoadBalancing(cloud, networking);
  // The catalog needs the port, which exists once the server listens: it is filled in right after.
  const identity = new KeystoneIdentity(cloud);
  const running = await startHttpEmulator({
    runtime,
    service: createOpenStackService({ cloud, identity, compute, networking, loadBalancing, ...(options.validateToken !== undefined ? { validateToken: options.validateToken } : {}) }),
    protocol: options.protocol ?? 'http',
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  const serviceUrls = {
    identity: `${running.endpoint}${openStackServicePaths.identity}`,
    compute: `${running.endpoint}${openStackServicePaths.compute}`,
    // Neutron's and Octavia's catalog entries name the service root; clients add /v2.0 and /v2.
    network: `${running.endpoint}/network`,
    'load-balancer': `${running.endpoint}/load-balancer`,
    image: `${running.endpoint}/image`,
  };
  identity.setCatalog([
    { type: 'identity', name: 'keystone', url: serviceUrls.identity },
    { type: 'compute', name: 'nova', url: serviceUrls.compute },
    { type: 'network', name: 'neutron', url: serviceUrls.network },
    { type: 'load-balancer', name: 'octavia', url: serviceUrls['load-balancer'] },
    { type: 'image', name: 'glance', url: serviceUrls.image },
  ]);
  const { credentials } = cloud;
  return {
    ...running,
    runtime,
    inspect: runtime.inspect,
    callLog: runtime.callLog,
    faults: runtime.faults,
    clock: runtime.clock,
    cloud,
    authUrl: serviceUrls.identity,
    serviceUrls,
    cloudsYamlEntry: () => ({
      auth: {
        auth_url: serviceUrls.identity,
        username: credentials.userName,
        password: credentials.password,
        project_name: credentials.projectName,
        user_domain_name: credentials.domainName,
        project_domain_name: credentials.domainName,
      },
      region_name: cloud.region,
      interface: 'public',
      identity_api_version: 3,
      ...(running.certificateAuthority !== undefined ? { cacert: '<write certificateAuthority to a file>' } : {}),
    }),
    environmentVariables: () => ({
      OS_AUTH_URL: serviceUrls.identity,
      OS_USERNAME: credentials.userName,
      OS_PASSWORD: credentials.password,
      OS_PROJECT_NAME: credentials.projectName,
      OS_USER_DOMAIN_NAME: credentials.domainName,
      OS_PROJECT_DOMAIN_NAME: credentials.domainName,
      OS_REGION_NAME: cloud.region,
      OS_INTERFACE: 'public',
      OS_IDENTITY_API_VERSION: '3',
    }),
  };
}
