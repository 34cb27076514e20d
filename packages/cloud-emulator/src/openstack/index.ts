// The OpenStack emulator (Keystone, Nova, Neutron, Octavia, Glance images): `@slipway/cloud-emulator/openstack`.
export * from './start-openstack-emulator.js';
export * from './openstack-cloud.js';
export * from './openstack-service.js';
export * from './openstack-error.js';
export * from './openstack-request.js';
export * from './openstack-throttling-policy.js';
export * from './keystone-identity.js';
export * from './nova-compute.js';
export * from './neutron-networking.js';
export * from './octavia-load-balancing.js';
export * from './glance-images.js';
