// The AWS emulator: EC2 (2016-11-15) and ELBv2 (2015-12-01) Query APIs on the emulator framework.
export * from './aws-emulator.js';
export * from './aws-error.js';
export * from './ec2-request-buckets.js';
export * from './ec2-resources.js';
export * from './ec2-state.js';
export * from './ec2-xml-response.js';
export * from './load-balancing-xml-response.js';
export { LoadBalancingState, type LoadBalancer, type Listener, type TargetGroup } from './load-balancing-actions.js';
export * from './aws-service-model-members.js';
export * from './query-parameters.js';
