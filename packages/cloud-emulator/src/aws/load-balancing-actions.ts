/**
 * The Elastic Load Balancing v2 actions a provider needs for a Kubernetes API
 * endpoint: network load balancers, target groups, listeners, target
 * registration and tags. Creates are idempotent by name as in ELBv2 (the same
 * name and settings return the existing resource), deletes of what is already
 * gone succeed, and a target group still used by a listener cannot be deleted.
 */
import { awsError } from './aws-error.js';
import type { Tags } from './ec2-resources.js';
import { emulatedAccountId, type Ec2State } from './ec2-state.js';
import type { QueryParameters } from './query-parameters.js';
import { StoreBackedMap } from './store-backed-map.js';
import type { XmlValue } from './xml-document.js';

export interface LoadBalancer {
  arn: string;
  name: string;
  scheme: string;
  type: string;
  vpcId: string;
  subnetIds: string[];
  dnsName: string;
  createdAt: number;
  tags: Tags;
}

export interface TargetGroup {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: string;
  healthCheckProtocol: string;
  /** Instance id → port. */
  targets: Record<string, number>;
  tags: Tags;
}

export interface Listener {
  arn: string;
  loadBalancerArn: string;
  protocol: string;
  port: number;
  targetGroupArn: string;
  tags: Tags;
}

export class LoadBalancingState {
  readonly ec2: Ec2State;
  readonly loadBalancers: StoreBackedMap<LoadBalancer>;
  readonly targetGroups: StoreBackedMap<TargetGroup>;
  readonly listeners: StoreBackedMap<Listener>;
  /** How long a new load balancer stays `provisioning`. */
  readonly provisioningMilliseconds: number;
  private counter = 0;

  constructor(ec2: Ec2State, options: { provisioningMilliseconds?: number } = {}) {
    this.ec2 = ec2;
    const store = ec2.runtime.store;
    this.loadBalancers = new StoreBackedMap(store, 'load-balancer');
    this.targetGroups = new StoreBackedMap(store, 'target-group');
    this.listeners = new StoreBackedMap(store, 'listener');
    this.provisioningMilliseconds = options.provisioningMilliseconds ?? 60_000;
  }

  nextSuffix(): string {
    this.counter += 1;
    return this.counter.toString(16).padStart(16, '0');
  }

  arn(resource: string): string {
    return `arn:aws:elasticloadbalancing:${this.ec2.region}:${emulatedAccountId}:${resource}`;
  }
}

export type LoadBalancingAction = (state: LoadBalancingState, parameters: QueryParameters) => Record<string, XmlValue>;

function readLoadBalancingTags(parameters: QueryParameters): Tags {
  const tags: Tags = {};
  for (const tag of parameters.structures('Tags')) tags[tag.required('Key')] = tag.string('Value') ?? '';
  return tags;
}

function validateName(name: string, what: string): void {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name) || name.startsWith('internal-')) {
    throw awsError('ValidationError', `${what} name '${name}' must be 1-32 alphanumeric characters or hyphens, and must not begin or end with a hyphen`);
  }
}

function renderLoadBalancer(state: LoadBalancingState, balancer: LoadBalancer): Record<string, XmlValue> {
  const active = state.ec2.now() - balancer.createdAt >= state.provisioningMilliseconds;
  return {
    LoadBalancerArn: balancer.arn,
    DNSName: balancer.dnsName,
    CanonicalHostedZoneId: 'Z26RNL4JYFTOTI',
    CreatedTime: new Date(balancer.createdAt).toISOString(),
    LoadBalancerName: balancer.name,
    Scheme: balancer.scheme,
    VpcId: balancer.vpcId,
    State: { Code: active ? 'active' : 'provisioning' },
    Type: balancer.type,
    AvailabilityZones: balancer.subnetIds.map((subnetId) => ({ ZoneName: state.ec2.subnets.get(subnetId)?.availabilityZone, SubnetId: subnetId })),
    IpAddressType: 'ipv4',
  };
}

function renderTargetGroup(state: LoadBalancingState, group: TargetGroup): Record<string, XmlValue> {
  const balancers = [...state.listeners.values()].filter((listener) => listener.targetGroupArn === group.arn).map((listener) => listener.loadBalancerArn);
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: group.protocol,
    Port: group.port,
    VpcId: group.vpcId,
    HealthCheckProtocol: group.healthCheckProtocol,
    HealthCheckEnabled: true,
    TargetType: group.targetType,
    LoadBalancerArns: [...new Set(balancers)],
  };
}

function renderListener(listener: Listener): Record<string, XmlValue> {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: listener.targetGroupArn }],
  };
}

function requireTargetGroup(state: LoadBalancingState, arn: string): TargetGroup {
  const group = state.targetGroups.get(arn);
  if (!group) throw awsError('TargetGroupNotFound', `Target groups '${arn}' not found`);
  return group;
}

function requireLoadBalancer(state: LoadBalancingState, arn: string): LoadBalancer {
  const balancer = state.loadBalancers.get(arn);
  if (!balancer) throw awsError('LoadBalancerNotFound', `Load balancers '${arn}' not found`);
  return balancer;
}

export const createLoadBalancer: LoadBalancingAction = (state, parameters) => {
  const name = parameters.required('Name');
  validateName(name, 'Load balancer');
  const type = parameters.string('Type') ?? 'application';
  const scheme = parameters.string('Scheme') ?? 'internet-facing';
  const subnetIds = parameters.list('Subnets');
  if (subnetIds.length === 0) throw awsError('ValidationError', 'At least one subnet must be specified');
  const subnets = subnetIds.map((subnetId) => {
    const subnet = state.ec2.subnets.get(subnetId);
    if (!subnet) throw awsError('SubnetNotFound', `The subnet ID '${subnetId}' is not valid`);
    return subnet;
  });
  const zones = subnets.map((subnet) => subnet.availabilityZone);
  if (new Set(zones).size !== zones.length) throw awsError('InvalidConfigurationRequest', 'A load balancer cannot be attached to multiple subnets in the same Availability Zone');
  const existing = [...state.loadBalancers.values()].find((balancer) => balancer.name === name);
  if (existing) {
    const same = existing.type === type && existing.scheme === scheme && existing.subnetIds.join() === subnetIds.join();
    if (!same) throw awsError('DuplicateLoadBalancerName', `A load balancer with the name '${name}' already exists`);
    return { LoadBalancers: [renderLoadBalancer(state, existing)] };
  }
  const suffix = state.nextSuffix();
  const balancer: LoadBalancer = {
    arn: state.arn(`loadbalancer/${type === 'network' ? 'net' : 'app'}/${name}/${suffix}`),
    name,
    scheme,
    type,
    vpcId: subnets[0]?.vpcId ?? '',
    subnetIds,
    dnsName: `${name}-${suffix.slice(-10)}.elb.${state.ec2.region}.amazonaws.com`,
    createdAt: state.ec2.now(),
    tags: readLoadBalancingTags(parameters),
  };
  state.loadBalancers.set(balancer.arn, balancer);
  return { LoadBalancers: [renderLoadBalancer(state, balancer)] };
};

export const describeLoadBalancers: LoadBalancingAction = (state, parameters) => {
  const arns = parameters.list('LoadBalancerArns');
  const names = parameters.list('Names');
  const all = [...state.loadBalancers.values()];
  for (const arn of arns) requireLoadBalancer(state, arn);
  for (const name of names) {
    if (!all.some((balancer) => balancer.name === name)) throw awsError('LoadBalancerNotFound', `Load balancers '[${name}]' not found`);
  }
  const matching = all.filter((balancer) => (arns.length === 0 || arns.includes(balancer.arn)) && (names.length === 0 || names.includes(balancer.name)));
  return { LoadBalancers: matching.map((balancer) => renderLoadBalancer(state, balancer)) };
};

export const deleteLoadBalancer: LoadBalancingAction = (state, parameters) => {
  const arn = parameters.required('LoadBalancerArn');
  for (const [listenerArn, listener] of state.listeners) if (listener.loadBalancerArn === arn) state.listeners.delete(listenerArn);
  state.loadBalancers.delete(arn);
  return {};
};

export const createTargetGroup: LoadBalancingAction = (state, parameters) => {
  const name = parameters.required('Name');
  validateName(name, 'Target group');
  const protocol = parameters.string('Protocol') ?? 'TCP';
  const port = parameters.integer('Port');
  if (port === undefined || port < 1 || port > 65535) throw awsError('ValidationError', 'A port between 1 and 65535 must be specified for a target group');
  const vpcId = parameters.required('VpcId');
  if (!state.ec2.vpcs.has(vpcId)) throw awsError('ValidationError', `The VPC ID '${vpcId}' is not found`);
  const targetType = parameters.string('TargetType') ?? 'instance';
  const existing = [...state.targetGroups.values()].find((group) => group.name === name);
  if (existing) {
    if (existing.protocol !== protocol || existing.port !== port || existing.vpcId !== vpcId || existing.targetType !== targetType) {
      throw awsError('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`);
    }
    return { TargetGroups: [renderTargetGroup(state, existing)] };
  }
  const group: TargetGroup = {
    arn: state.arn(`targetgroup/${name}/${state.nextSuffix()}`),
    name,
    protocol,
    port,
    vpcId,
    targetType,
    healthCheckProtocol: parameters.string('HealthCheckProtocol') ?? protocol,
    targets: {},
    tags: readLoadBalancingTags(parameters),
  };
  state.targetGroups.set(group.arn, group);
  return { TargetGroups: [renderTargetGroup(state, group)] };
};

export const describeTargetGroups: LoadBalancingAction = (state, parameters) => {
  const arns = parameters.list('TargetGroupArns');
  const names = parameters.list('Names');
  const loadBalancerArn = parameters.string('LoadBalancerArn');
  if (loadBalancerArn) requireLoadBalancer(state, loadBalancerArn);
  for (const arn of arns) requireTargetGroup(state, arn);
  const all = [...state.targetGroups.values()];
  for (const name of names) {
    if (!all.some((group) => group.name === name)) throw awsError('TargetGroupNotFound', `Target groups '[${name}]' not found`);
  }
  const matching = all.filter(
    (group) =>
      (arns.length === 0 || arns.includes(group.arn)) &&
      (names.length === 0 || names.includes(group.name)) &&
      (!loadBalancerArn || [...state.listeners.values()].some((listener) => listener.loadBalancerArn === loadBalancerArn && listener.targetGroupArn === group.arn)),
  );
  return { TargetGroups: matching.map((group) => renderTargetGroup(state, group)) };
};

export const deleteTargetGroup: LoadBalancingAction = (state, parameters) => {
  const arn = parameters.required('TargetGroupArn');
  const user = [...state.listeners.values()].find((listener) => listener.targetGroupArn === arn);
  if (user) throw awsError('ResourceInUse', `Target group '${arn}' is currently in use by a listener or a rule`);
  state.targetGroups.delete(arn);
  return {};
};

export const createListener: LoadBalancingAction = (state, parameters) => {
  const balancer = requireLoadBalancer(state, parameters.required('LoadBalancerArn'));
  const protocol = parameters.string('Protocol') ?? 'TCP';
  const port = parameters.integer('Port');
  if (port === undefined || port < 1 || port > 65535) throw awsError('ValidationError', 'A listener port between 1 and 65535 must be specified');
  const [action, ...extra] = parameters.structures('DefaultActions');
  if (!action || extra.length > 0 || action.string('Type') !== 'forward') {
    throw awsError('ValidationError', 'Exactly one default action of type forward is supported');
  }
  const group = requireTargetGroup(state, action.required('TargetGroupArn'));
  if (group.vpcId !== balancer.vpcId) throw awsError('ValidationError', `Target group '${group.arn}' is not in the load balancer's VPC`);
  const existing = [...state.listeners.values()].find((listener) => listener.loadBalancerArn === balancer.arn && listener.port === port);
  if (existing) {
    if (existing.protocol !== protocol || existing.targetGroupArn !== group.arn) throw awsError('DuplicateListener', 'A listener already exists on this port for this load balancer');
    return { Listeners: [renderListener(existing)] };
  }
  const listener: Listener = {
    arn: state.arn(`listener/${balancer.type === 'network' ? 'net' : 'app'}/${balancer.name}/${balancer.arn.slice(-16)}/${state.nextSuffix()}`),
    loadBalancerArn: balancer.arn,
    protocol,
    port,
    targetGroupArn: group.arn,
    tags: {},
  };
  state.listeners.set(listener.arn, listener);
  return { Listeners: [renderListener(listener)] };
};

export const describeListeners: LoadBalancingAction = (state, parameters) => {
  const loadBalancerArn = parameters.string('LoadBalancerArn');
  const arns = parameters.list('ListenerArns');
  if (loadBalancerArn) requireLoadBalancer(state, loadBalancerArn);
  for (const arn of arns) if (!state.listeners.has(arn)) throw awsError('ListenerNotFound', `Listeners '${arn}' not found`);
  const matching = [...state.listeners.values()].filter(
    (listener) => (!loadBalancerArn || listener.loadBalancerArn === loadBalancerArn) && (arns.length === 0 || arns.includes(listener.arn)),
  );
  return { Listeners: matching.map(renderListener) };
};

export const deleteListener: LoadBalancingAction = (state, parameters) => {
  const arn = parameters.required('ListenerArn');
  if (!state.listeners.has(arn)) throw awsError('ListenerNotFound', `Listener '${arn}' not found`);
  state.listeners.delete(arn);
  return {};
};

export const registerTargets: LoadBalancingAction = (state, parameters) => {
  const group = requireTargetGroup(state, parameters.required('TargetGroupArn'));
  const targets = parameters.structures('Targets').map((target) => ({ id: target.required('Id'), port: target.integer('Port') ?? group.port }));
  if (targets.length === 0) throw awsError('ValidationError', 'At least one target must be specified');
  for (const target of targets) {
    const instance = state.ec2.instances.get(target.id);
    const stateName = instance ? state.ec2.instanceState(instance) : undefined;
    if (!instance || !state.ec2.isInstanceVisible(instance) || stateName === 'terminated' || stateName === 'shutting-down' || instance.vpcId !== group.vpcId) {
      throw awsError('InvalidTarget', `The following targets are not in a running state and cannot be registered: '${target.id}'`);
    }
  }
  for (const target of targets) group.targets[target.id] = target.port;
  return {};
};

export const deregisterTargets: LoadBalancingAction = (state, parameters) => {
  const group = requireTargetGroup(state, parameters.required('TargetGroupArn'));
  for (const target of parameters.structures('Targets')) delete group.targets[target.required('Id')];
  return {};
};

export const describeTargetHealth: LoadBalancingAction = (state, parameters) => {
  const group = requireTargetGroup(state, parameters.required('TargetGroupArn'));
  return {
    TargetHealthDescriptions: Object.entries(group.targets).map(([id, port]) => {
      const instance = state.ec2.instances.get(id);
      const stateName = instance ? state.ec2.instanceState(instance) : 'terminated';
      const health = stateName === 'running' ? 'healthy' : stateName === 'pending' ? 'initial' : 'unused';
      return { Target: { Id: id, Port: port }, HealthCheckPort: String(port), TargetHealth: { State: health } };
    }),
  };
};

function taggable(state: LoadBalancingState, arn: string): { tags: Tags } {
  const resource = state.loadBalancers.get(arn) ?? state.targetGroups.get(arn);
  if (!resource) throw awsError(arn.includes(':targetgroup/') ? 'TargetGroupNotFound' : 'LoadBalancerNotFound', `Resource '${arn}' not found`);
  return resource;
}

export const addTags: LoadBalancingAction = (state, parameters) => {
  const tags = readLoadBalancingTags(parameters);
  for (const arn of parameters.list('ResourceArns')) Object.assign(taggable(state, arn).tags, tags);
  return {};
};

export const describeTags: LoadBalancingAction = (state, parameters) => ({
  TagDescriptions: parameters.list('ResourceArns').map((arn) => ({
    ResourceArn: arn,
    Tags: Object.entries(taggable(state, arn).tags).map(([Key, Value]) => ({ Key, Value })),
  })),
});
