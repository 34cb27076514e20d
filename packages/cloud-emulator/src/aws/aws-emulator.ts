/**
 * The AWS emulator: EC2's Query API (2016-11-15) and ELBv2's (2015-12-01) on
 * one local endpoint, built on the emulator framework (clock, store,
 * lifecycle, faults, call log, side door). Every request is checked against the
 * official service models first, as the real services do: an action they do
 * not have answers InvalidAction, a parameter they do not know answers
 * UnknownParameter. So a provider that passes here sends nothing EC2 would
 * refuse by name.
 */
import { createEmulatorRuntime, type EmulatorRuntimeOptions } from '../runtime/emulator-runtime.js';
import type { EmulatorClock, EmulatorClockOptions } from '../clock/emulator-clock.js';
import type { CloudFault } from '../faults/cloud-fault.js';
import type { TokenBucketLimits } from '../faults/token-bucket.js';
import { emulatorHandle, type EmulatorHandle } from '../server/emulator-handle.js';
import type { EmulatorHttpReply, EmulatorHttpRequest, HttpEmulatorService } from '../server/emulator-http-request.js';
import { startHttpEmulator } from '../server/start-http-emulator.js';
import { awsError } from './aws-error.js';
import { ec2OperationMembers, loadBalancingOperationMembers } from './aws-service-model-members.js';
import type { Ec2Action } from './ec2-action.js';
import * as addressActions from './ec2-address-actions.js';
import * as imageActions from './ec2-image-actions.js';
import * as instanceActions from './ec2-instance-actions.js';
import { createAwsThrottlingPolicy, ec2PublishedRequestBuckets, type Ec2RequestBucketName } from './ec2-request-buckets.js';
import * as securityGroupActions from './ec2-security-group-actions.js';
import { Ec2State } from './ec2-state.js';
import * as tagActions from './ec2-tag-actions.js';
import * as vpcActions from './ec2-vpc-actions.js';
import { renderEc2Error, renderEc2Response } from './ec2-xml-response.js';
import * as loadBalancingActions from './load-balancing-actions.js';
import { LoadBalancingState, type LoadBalancingAction } from './load-balancing-actions.js';
import { renderLoadBalancingError, renderLoadBalancingResponse } from './load-balancing-xml-response.js';
import { QueryParameters } from './query-parameters.js';

export interface AwsEmulatorOptions {
  /** Default `us-east-1`; Availability Zones are `<region>a`, `b`, `c`. */
  region?: string;
  /** A clock to share (with the provider's limiter, for instance) or the options of a new one. */
  clock?: EmulatorClock | EmulatorClockOptions;
  /** Emulated milliseconds: pending → running, shutting-down → terminated, how long terminated instances stay listed. */
  lifecycle?: EmulatorRuntimeOptions['lifecycle'];
  /** The request buckets `faults.throttle(true)` enforces; default EC2's published ones. */
  requestBuckets?: Readonly<Record<Ec2RequestBucketName, TokenBucketLimits>>;
  natGatewayTransitionMilliseconds?: number;
  loadBalancerProvisioningMilliseconds?: number;
  protocol?: 'http' | 'https';
  machineSimulator?: EmulatorRuntimeOptions['machineSimulator'];
  bootEnvironment?: EmulatorRuntimeOptions['bootEnvironment'];
}

/** One request as received, for tests that check what a provider sends. */
export interface AwsRequestRecord {
  service: 'ec2' | 'elasticloadbalancing';
  action: string;
  parameterNames: string[];
}

/** The framework's emulator handle (the conformance kit's shape) plus the AWS side door. */
export interface AwsEmulator extends EmulatorHandle {
  region: string;
  /** The EC2 side door: seed images and key pairs, set capacity and vCPU limits, read typed state. */
  ec2: Ec2State;
  loadBalancing: LoadBalancingState;
  requests(): readonly AwsRequestRecord[];
}

const ec2Actions: Readonly<Record<string, Ec2Action>> = {
  RunInstances: instanceActions.runInstances,
  DescribeInstances: instanceActions.describeInstances,
  DescribeInstanceAttribute: instanceActions.describeInstanceAttribute,
  TerminateInstances: instanceActions.terminateInstances,
  CreateTags: tagActions.createTags,
  DeleteTags: tagActions.deleteTags,
  DescribeImages: imageActions.describeImages,
  DescribeAvailabilityZones: imageActions.describeAvailabilityZones,
  CreateVpc: vpcActions.createVpc,
  DescribeVpcs: vpcActions.describeVpcs,
  DescribeVpcAttribute: vpcActions.describeVpcAttribute,
  ModifyVpcAttribute: vpcActions.modifyVpcAttribute,
  DeleteVpc: vpcActions.deleteVpc,
  CreateSubnet: vpcActions.createSubnet,
  DescribeSubnets: vpcActions.describeSubnets,
  ModifySubnetAttribute: vpcActions.modifySubnetAttribute,
  DeleteSubnet: vpcActions.deleteSubnet,
  CreateInternetGateway: vpcActions.createInternetGateway,
  DescribeInternetGateways: vpcActions.describeInternetGateways,
  AttachInternetGateway: vpcActions.attachInternetGateway,
  DetachInternetGateway: vpcActions.detachInternetGateway,
  DeleteInternetGateway: vpcActions.deleteInternetGateway,
  CreateRouteTable: vpcActions.createRouteTable,
  DescribeRouteTables: vpcActions.describeRouteTables,
  CreateRoute: vpcActions.createRoute,
  AssociateRouteTable: vpcActions.associateRouteTable,
  DisassociateRouteTable: vpcActions.disassociateRouteTable,
  DeleteRouteTable: vpcActions.deleteRouteTable,
  AllocateAddress: addressActions.allocateAddress,
  DescribeAddresses: addressActions.describeAddresses,
  ReleaseAddress: addressActions.releaseAddress,
  CreateNatGateway: addressActions.createNatGateway,
  DescribeNatGateways: addressActions.describeNatGateways,
  DeleteNatGateway: addressActions.deleteNatGateway,
  CreateSecurityGroup: securityGroupActions.createSecurityGroup,
  DescribeSecurityGroups: securityGroupActions.describeSecurityGroups,
  AuthorizeSecurityGroupIngress: securityGroupActions.authorizeSecurityGroupIngress,
  DeleteSecurityGroup: securityGroupActions.deleteSecurityGroup,
};

const loadBalancingActionTable: Readonly<Record<string, LoadBalancingAction>> = {
  CreateLoadBalancer: loadBalancingActions.createLoadBalancer,
  DescribeLoadBalancers: loadBalancingActions.describeLoadBalancers,
  DeleteLoadBalancer: loadBalancingActions.deleteLoadBalancer,
  CreateTargetGroup: loadBalancingActions.createTargetGroup,
  DescribeTargetGroups: loadBalancingActions.describeTargetGroups,
  DeleteTargetGroup: loadBalancingActions.deleteTargetGroup,
  CreateListener: loadBalancingActions.createListener,
  DescribeListeners: loadBalancingActions.describeListeners,
  DeleteListener: loadBalancingActions.deleteListener,
  RegisterTargets: loadBalancingActions.registerTargets,
  DeregisterTargets: loadBalancingActions.deregisterTargets,
  DescribeTargetHealth: loadBalancingActions.describeTargetHealth,
  AddTags: loadBalancingActions.addTags,
  DescribeTags: loadBalancingActions.describeTags,
};

/** The ELBv2 prefix in the call log and fault filters (`elbv2:CreateLoadBalancer`); EC2 actions go bare. */
export const loadBalancingActionPrefix = 'elbv2:';
const loadBalancingVersion = '2015-12-01';

/** Checks every parameter name against the official model's members for the operation. */
function checkAgainstServiceModel(members: readonly string[], parameters: QueryParameters): void {
  const allowed = new Set(members);
  for (const name of parameters.names()) {
    if (name === 'Action' || name === 'Version') continue;
    const pattern = name.replace(/\.\d+(?=\.|$)/g, '.N');
    if (!allowed.has(pattern)) throw awsError('UnknownParameter', `The parameter ${name} is not recognized`);
  }
}

function requestIdOf(): string {
  return crypto.randomUUID();
}

export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const region = options.region ?? 'us-east-1';
  const runtime = createEmulatorRuntime({
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    throttlingPolicy: createAwsThrottlingPolicy(options.requestBuckets ?? ec2PublishedRequestBuckets),
    ...(options.lifecycle !== undefined ? { lifecycle: options.lifecycle } : {}),
    ...(options.machineSimulator !== undefined ? { machineSimulator: options.machineSimulator } : {}),
    ...(options.bootEnvironment !== undefined ? { bootEnvironment: options.bootEnvironment } : {}),
  });
  const ec2 = new Ec2State({
    region,
    runtime,
    ...(options.natGatewayTransitionMilliseconds !== undefined ? { natGatewayTransitionMilliseconds: options.natGatewayTransitionMilliseconds } : {}),
  });
  const loadBalancing = new LoadBalancingState(ec2, {
    ...(options.loadBalancerProvisioningMilliseconds !== undefined ? { provisioningMilliseconds: options.loadBalancerProvisioningMilliseconds } : {}),
  });
  const requests: AwsRequestRecord[] = [];

  const isLoadBalancing = (request: EmulatorHttpRequest): boolean => request.form().get('Version') === loadBalancingVersion;

  const service: HttpEmulatorService = {
    actionOf: (request) => {
      const action = request.form().get('Action') ?? 'Unknown';
      return isLoadBalancing(request) ? `${loadBalancingActionPrefix}${action}` : action;
    },
    handle: (request, action): EmulatorHttpReply => {
      const parameters = QueryParameters.fromBody(request.text());
      const requestId = requestIdOf();
      if (action.startsWith(loadBalancingActionPrefix)) {
        const name = action.slice(loadBalancingActionPrefix.length);
        requests.push({ service: 'elasticloadbalancing', action: name, parameterNames: parameters.names() });
        const handler = loadBalancingActionTable[name];
        const members = loadBalancingOperationMembers[name];
        if (!handler || !members) throw awsError('InvalidAction', `Could not find operation ${name} for version ${loadBalancingVersion}`);
        checkAgainstServiceModel(members, parameters);
        return { status: 200, headers: { 'content-type': 'text/xml' }, body: renderLoadBalancingResponse(name, requestId, handler(loadBalancing, parameters)) };
      }
      requests.push({ service: 'ec2', action, parameterNames: parameters.names() });
      const handler = ec2Actions[action];
      const members = ec2OperationMembers[action];
      if (!handler || !members) throw awsError('InvalidAction', `The action ${action} is not valid for this web service.`);
      checkAgainstServiceModel(members, parameters);
      if (parameters.boolean('DryRun') === true) {
        throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', { httpStatus: 412 });
      }
      return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: renderEc2Response(action, requestId, handler(ec2, parameters)) };
    },
    renderError: (fault, _request, action) => renderAwsError(fault, action),
  };

  const server = await startHttpEmulator({ runtime, service, protocol: options.protocol ?? 'http' });
  return {
    ...emulatorHandle(runtime, server),
    region,
    ec2,
    loadBalancing,
    requests: () => requests.map((record) => ({ ...record, parameterNames: [...record.parameterNames] })),
  };
}

/** Renders a fault in the shape of the service the action belongs to, filling in the code AWS uses for its kind. */
function renderAwsError(fault: CloudFault, action: string): EmulatorHttpReply {
  const requestId = requestIdOf();
  const headers: Record<string, string> = { 'content-type': 'text/xml' };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  if (action.startsWith(loadBalancingActionPrefix)) {
    const [code, status] = fault.code !== undefined ? [fault.code, fault.status ?? 400] : defaultLoadBalancingError(fault);
    return { status, headers, body: renderLoadBalancingError(code, fault.message, requestId, status) };
  }
  const [code, status] = fault.code !== undefined ? [fault.code, fault.status ?? 400] : defaultEc2Error(fault, action);
  return { status, headers, body: renderEc2Error(code, fault.message, requestId) };
}

function defaultEc2Error(fault: CloudFault, action: string): [string, number] {
  switch (fault.kind) {
    case 'throttling': return ['RequestLimitExceeded', 503];
    case 'server-error': return [fault.status === 503 ? 'Unavailable' : 'InternalError', fault.status ?? 500];
    case 'quota': return [action === 'RunInstances' ? 'InstanceLimitExceeded' : 'ResourceLimitExceeded', 400];
    case 'not-found': return ['InvalidParameterValue', 400];
    case 'conflict': return ['IncorrectState', 400];
    default: return ['InvalidParameterValue', 400];
  }
}

function defaultLoadBalancingError(fault: CloudFault): [string, number] {
  switch (fault.kind) {
    case 'throttling': return ['Throttling', 400];
    case 'server-error': return ['InternalFailure', fault.status ?? 500];
    case 'quota': return ['TooManyLoadBalancers', 400];
    case 'not-found': return ['LoadBalancerNotFound', 400];
    case 'conflict': return ['ResourceInUse', 400];
    default: return ['ValidationError', 400];
  }
}
