/**
 * The Machine actuator for EC2. One RunInstances per Machine, made idempotent
 * by a ClientToken derived from the Machine UID (a retry after a crash or a
 * lost reply gets the same reservation back, never a second instance);
 * existence and state come from one filtered, paginated DescribeInstances per
 * cluster and interval shared by every Machine; delete is TerminateInstances,
 * where "not found" means gone. Control-plane instances join the API load
 * balancer's target group.
 */
import {
  DeregisterTargetsCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type DescribeInstancesCommandOutput,
  type RunInstancesCommandInput,
  type RunInstancesCommandOutput,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import {
  TerminalError,
  TransientError,
  isControlPlaneMachine,
  type ActuatorContextV1,
  type ClockV1,
  type Cluster,
  type Machine,
  type MachineActuatorCapabilitiesV1,
  type MachineActuatorResultV1,
  type MachineActuatorV1,
  type MachineCreateRequestV1,
  type MachineDeleteResultV1,
  type MachineExistsResultV1,
  type MachineRequestV1,
  type OwnedInstanceV1,
} from '@slipway/core';
import { CoalescingDescriber, collectPages, idempotencyKeyFromMachineUid, ownerFromTags, ownershipTagKeys, ownershipTags, requireMachineUid } from '@slipway/provider-utils';
import type { AwsApiClient } from '../api/aws-api-client.js';
import { readClusterProviderStatus } from '../cluster/aws-cluster-provider-status.js';
import { awsErrorCode } from '../api/aws-error-mapper.js';
import { machineResultOf, summarizeInstance, type Ec2InstanceSummary } from './ec2-instance-summary.js';
import { MachinePlacementResolver } from './machine-placement-resolver.js';
import { parseMachineProviderSpec } from '../parse-aws-provider-spec.js';
import { formatProviderId, instanceIdFromProviderId } from './aws-provider-id.js';
import { encodeUserData } from './user-data-encoding.js';

export interface AwsMachineActuatorOptions {
  api: AwsApiClient;
  clock: ClockV1;
  /** How old a cluster's instance listing may be and still answer exists/delete; default 10 s. */
  describeIntervalMs?: number;
  /** How long AMI, subnet and security group lookups are remembered; default 5 min. */
  lookupCacheMs?: number;
}

/** The tag that says which role a machine plays, for people reading the console. */
export const machineRoleTagKey = 'slipway-machine-role';

/** States that still hold the instance; terminated ones are gone for every purpose. */
const listedStates = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

const listingPageSize = 200;

/** A Machine younger than this whose instance answers NotFound is more likely not yet visible than long gone. */
const youngMachineMs = 10 * 60_000;

export class AwsMachineActuator implements MachineActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: MachineActuatorCapabilitiesV1 = { orphanListing: true, inPlaceUpdate: true };

  private readonly api: AwsApiClient;
  private readonly clock: ClockV1;
  private readonly describer: CoalescingDescriber<Ec2InstanceSummary>;
  private readonly placement: MachinePlacementResolver;
  private readonly graceMs: number;
  /** What RunInstances answered, by Machine UID: EC2 listings lag behind launches, our own answer does not. */
  private readonly recentLaunches = new Map<string, { instance: Ec2InstanceSummary; at: number }>();
  /** When we last terminated a Machine's instance, by UID: a listing older than that would still show it alive. */
  private readonly terminations = new Map<string, number>();
  /** Instances we terminated, by id: a listing taken before that still shows them alive, yet they are going. */
  private readonly terminatedInstances = new Map<string, number>();
  /** Target group ARN + instance id pairs this process registered; update need not register them again. */
  private readonly registeredTargets = new Set<string>();

  constructor(options: AwsMachineActuatorOptions) {
    this.api = options.api;
    this.clock = options.clock;
    const intervalMs = options.describeIntervalMs ?? 10_000;
    this.graceMs = 2 * intervalMs + 60_000;
    this.placement = new MachinePlacementResolver(options.api, options.clock, options.lookupCacheMs ?? 5 * 60_000);
    this.describer = new CoalescingDescriber<Ec2InstanceSummary>({
      intervalMs,
      clock: options.clock,
      keyOf: (instance) => instance.tags[ownershipTagKeys.machineUid],
      listScope: (clusterName) => this.listClusterInstances(clusterName),
    });
  }

  async create(request: MachineCreateRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const spec = parseMachineProviderSpec(machine);
    const uid = requireMachineUid(machine);
    const clusterName = clusterNameOf(cluster);
    const clusterStatus = readClusterProviderStatus(cluster.status?.providerStatus);
    const role = isControlPlaneMachine(machine) ? 'control-plane' : 'worker';
    const userData = encodeUserData(request.bootstrapData.userData);
    const placement = await this.placement.resolve(spec, clusterStatus, role, context.signal);
    const clientToken = idempotencyKeyFromMachineUid(uid, 'run-instances');

    const tags = machineTags(machine, spec.additionalTags, clusterName, uid);
    const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const tagSpecifications: TagSpecification[] = [
      { ResourceType: 'instance', Tags: tagList },
      { ResourceType: 'volume', Tags: tagList },
    ];
    const network =
      spec.publicIP === undefined
        ? {
            ...(placement.subnetId !== undefined ? { SubnetId: placement.subnetId } : {}),
            ...(placement.securityGroupIds.length > 0 ? { SecurityGroupIds: placement.securityGroupIds } : {}),
          }
        : {
            // A public address can only be asked for on the primary network interface.
            NetworkInterfaces: [
              {
                DeviceIndex: 0,
                AssociatePublicIpAddress: spec.publicIP,
                ...(placement.subnetId !== undefined ? { SubnetId: placement.subnetId } : {}),
                ...(placement.securityGroupIds.length > 0 ? { Groups: placement.securityGroupIds } : {}),
              },
            ],
          };
    const input: RunInstancesCommandInput = {
      ClientToken: clientToken,
      ImageId: placement.image.imageId,
      InstanceType: spec.instanceType as RunInstancesCommandInput['InstanceType'],
      MinCount: 1,
      MaxCount: 1,
      UserData: userData.base64,
      ...network,
      ...(spec.availabilityZone !== undefined ? { Placement: { AvailabilityZone: spec.availabilityZone } } : {}),
      ...(spec.iamInstanceProfile !== undefined
        ? { IamInstanceProfile: spec.iamInstanceProfile.startsWith('arn:') ? { Arn: spec.iamInstanceProfile } : { Name: spec.iamInstanceProfile } }
        : {}),
      ...(spec.keyName !== undefined ? { KeyName: spec.keyName } : {}),
      BlockDeviceMappings: [
        {
          DeviceName: placement.image.rootDeviceName,
          Ebs: { VolumeSize: spec.rootVolume.size, VolumeType: spec.rootVolume.type, Encrypted: spec.rootVolume.encrypted, DeleteOnTermination: true },
        },
      ],
      MetadataOptions: {
        HttpTokens: spec.instanceMetadata.httpTokens,
        HttpPutResponseHopLimit: spec.instanceMetadata.httpPutResponseHopLimit,
        HttpEndpoint: 'enabled',
      },
      ...(spec.spotMarketOptions !== undefined
        ? {
            InstanceMarketOptions: {
              MarketType: 'spot',
              SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate', ...(spec.spotMarketOptions.maxPrice !== undefined ? { MaxPrice: spec.spotMarketOptions.maxPrice } : {}) },
            },
          }
        : {}),
      TagSpecifications: tagSpecifications,
    };

    let instance: Ec2InstanceSummary;
    try {
      const reply = await this.api.ec2<RunInstancesCommandOutput>('RunInstances', new RunInstancesCommand(input), { signal: context.signal });
      const launched = reply.Instances?.[0];
      if (!launched?.InstanceId) throw new TransientError('RunInstances answered without an instance; it will be retried with the same ClientToken');
      instance = summarizeInstance(launched);
    } catch (error) {
      if (awsErrorCode(error) !== 'IdempotentParameterMismatch') throw error;
      // The token was used before with other parameters (new bootstrap data, an
      // edited spec): the instance of that first request is this Machine's.
      context.logger.info('RunInstances ClientToken already used with other parameters; adopting the instance it launched', { machine: machine.metadata.name });
      instance = await this.findByClientToken(clientToken, context.signal);
    }
    this.recentLaunches.set(uid, { instance, at: this.clock.now() });
    if (role === 'control-plane' && clusterStatus.targetGroupArn && instance.state !== 'terminated' && instance.state !== 'terminating') {
      await this.registerTarget(clusterStatus.targetGroupArn, instance.instanceId, context.signal);
    }
    return machineResultOf(instance);
  }

  /**
   * In place: the instance's tags follow the Machine (additionalTags, name),
   * and a control-plane instance stays registered with the API load balancer.
   * Changes of image, type or network need a new Machine, as in Cluster API.
   */
  async update(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const spec = parseMachineProviderSpec(request.machine);
    const uid = requireMachineUid(request.machine);
    const instance = await this.findLive(request, context);
    if (!instance) throw new TransientError(`no live instance found for Machine ${request.machine.metadata.name}; create it first`, { requeueAfterMs: 10_000 });
    const wanted = machineTags(request.machine, spec.additionalTags, clusterNameOf(request.cluster), uid);
    const changed = Object.entries(wanted).filter(([key, value]) => instance.tags[key] !== value);
    if (changed.length > 0) {
      await this.api.ec2('CreateTags', new CreateTagsCommand({ Resources: [instance.instanceId], Tags: changed.map(([Key, Value]) => ({ Key, Value })) }), {
        signal: context.signal,
        // A fresh instance may not be known to CreateTags yet.
        retryCodes: ['InvalidInstanceID.NotFound'],
      });
      Object.assign(instance.tags, Object.fromEntries(changed));
    }
    const clusterStatus = readClusterProviderStatus(request.cluster.status?.providerStatus);
    if (isControlPlaneMachine(request.machine) && clusterStatus.targetGroupArn && instance.state !== 'terminating') {
      await this.registerTarget(clusterStatus.targetGroupArn, instance.instanceId, context.signal);
    }
    return machineResultOf(instance);
  }

  async exists(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineExistsResultV1> {
    const instance = await this.findLive(request, context);
    if (!instance) return { exists: false };
    const result = machineResultOf(instance);
    return { exists: true, providerID: result.providerID, instanceState: result.instanceState, addresses: result.addresses };
  }

  async delete(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineDeleteResultV1> {
    const { machine, cluster } = request;
    const uid = machine.metadata.uid;
    // Instance id → whether EC2 answering NotFound for it may only mean "not visible yet".
    const targets = new Map<string, boolean>();
    const listed = uid ? await this.describer.findAll(clusterNameOf(cluster), uid, { signal: context.signal }) : [];
    for (const [instanceId, at] of this.terminatedInstances) if (this.clock.now() - at > this.graceMs) this.terminatedInstances.delete(instanceId);
    for (const instance of listed) {
      if (instance.state === 'terminating' || instance.state === 'terminated' || this.terminatedInstances.has(instance.instanceId)) continue;
      targets.set(instance.instanceId, false);
    }
    const recent = uid ? this.recentLaunches.get(uid) : undefined;
    if (
      recent &&
      this.clock.now() - recent.at < this.graceMs &&
      !listed.some((instance) => instance.instanceId === recent.instance.instanceId) &&
      !this.terminatedInstances.has(recent.instance.instanceId)
    ) {
      targets.set(recent.instance.instanceId, true);
    }
    // The persisted providerID may name an instance a listing has not caught up with yet.
    const persisted = instanceIdFromProviderId(machine.spec.providerID);
    if (persisted && !listed.some((instance) => instance.instanceId === persisted) && !targets.has(persisted) && !this.terminatedInstances.has(persisted)) {
      targets.set(persisted, this.isYoung(machine));
    }

    const clusterStatus = readClusterProviderStatus(cluster.status?.providerStatus);
    if (isControlPlaneMachine(machine) && clusterStatus.targetGroupArn && targets.size > 0) {
      await this.deregisterTargets(clusterStatus.targetGroupArn, [...targets.keys()], context.signal);
    }
    let gone = true;
    for (const [instanceId, mayBeInvisible] of targets) {
      const known = await this.terminate(instanceId, context.signal);
      if (known) this.terminatedInstances.set(instanceId, this.clock.now());
      else if (mayBeInvisible) gone = false;
    }
    if (uid && targets.size > 0) this.terminations.set(uid, this.clock.now());
    if (uid && gone) this.recentLaunches.delete(uid);
    return gone ? { gone: true } : { gone: false, requeueAfterMs: 5_000 };
  }

  async listOwnedInstances(request: { cluster: Cluster }, context: ActuatorContextV1): Promise<OwnedInstanceV1[]> {
    const instances = await this.describer.list(clusterNameOf(request.cluster), { signal: context.signal });
    return instances.flatMap((instance) => {
      const owner = ownerFromTags(instance.tags);
      if (!owner) return [];
      return [
        {
          providerID: formatProviderId(instance.availabilityZone, instance.instanceId),
          clusterName: owner.clusterName,
          ...(owner.machineName !== undefined ? { machineName: owner.machineName } : {}),
          ...(owner.machineUid !== undefined ? { machineUid: owner.machineUid } : {}),
          instanceState: instance.state,
        },
      ];
    });
  }

  /** Listings taken and lookups answered by the coalescing describer. */
  describerStats(): { listings: number; lookups: number } {
    return this.describer.stats();
  }

  private async findLive(request: MachineRequestV1, context: ActuatorContextV1): Promise<Ec2InstanceSummary | undefined> {
    const uid = request.machine.metadata.uid;
    if (!uid) return undefined;
    const terminatedAt = this.terminations.get(uid);
    if (terminatedAt !== undefined && this.clock.now() - terminatedAt > this.graceMs) this.terminations.delete(uid);
    const listed = await this.describer.findAll(clusterNameOf(request.cluster), uid, {
      signal: context.signal,
      ...(terminatedAt !== undefined ? { notOlderThan: terminatedAt + 1 } : {}),
    });
    const best = listed.find((instance) => instance.state === 'running') ?? listed.find((instance) => instance.state !== 'terminated');
    if (best) {
      this.recentLaunches.delete(uid);
      return best;
    }
    const recent = this.recentLaunches.get(uid);
    if (recent && this.clock.now() - recent.at < this.graceMs) return recent.instance;
    return undefined;
  }

  private async listClusterInstances(clusterName: string): Promise<Ec2InstanceSummary[]> {
    return collectPages(async (nextToken) => {
      const reply = await this.api.ec2<DescribeInstancesCommandOutput>(
        'DescribeInstances',
        new DescribeInstancesCommand({
          Filters: [
            { Name: `tag:${ownershipTagKeys.clusterName}`, Values: [clusterName] },
            { Name: 'instance-state-name', Values: listedStates },
          ],
          // Pages of 200 rather than EC2's maximum of 1,000: parsing 1,000 instances blocks the
          // event loop for a few hundred milliseconds, long enough to bunch paced requests.
          MaxResults: listingPageSize,
          ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
        }),
      );
      const items = (reply.Reservations ?? []).flatMap((reservation) => (reservation.Instances ?? []).map(summarizeInstance));
      return { items, nextPageToken: reply.NextToken };
    });
  }

  private async findByClientToken(clientToken: string, signal: AbortSignal): Promise<Ec2InstanceSummary> {
    const reply = await this.api.ec2<DescribeInstancesCommandOutput>(
      'DescribeInstances',
      new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: [clientToken] }] }),
      { signal },
    );
    const found = (reply.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []).map(summarizeInstance);
    const instance = found.find((candidate) => candidate.state !== 'terminated') ?? found[0];
    if (!instance) {
      throw new TransientError('the instance launched under this Machine\'s ClientToken is not visible yet; will look again', { requeueAfterMs: 5_000 });
    }
    return instance;
  }

  private async registerTarget(targetGroupArn: string, instanceId: string, signal: AbortSignal): Promise<void> {
    const key = `${targetGroupArn} ${instanceId}`;
    if (this.registeredTargets.has(key)) return;
    // Right after a launch ELBv2 may not know the instance yet (InvalidTarget): that heals.
    await this.api.loadBalancing('RegisterTargets', new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: instanceId }] }), {
      signal,
      retryCodes: ['InvalidTarget'],
    });
    this.registeredTargets.add(key);
  }

  private async deregisterTargets(targetGroupArn: string, instanceIds: string[], signal: AbortSignal): Promise<void> {
    for (const instanceId of instanceIds) this.registeredTargets.delete(`${targetGroupArn} ${instanceId}`);
    try {
      await this.api.loadBalancing(
        'DeregisterTargets',
        new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: instanceIds.map((Id) => ({ Id })) }),
        { signal },
      );
    } catch (error) {
      const code = awsErrorCode(error);
      if (code !== 'TargetGroupNotFound' && code !== 'InvalidTarget') throw error;
    }
  }

  /** True when the instance is terminating or gone; false when EC2 does not know the id (yet). */
  private async terminate(instanceId: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.api.ec2('TerminateInstances', new TerminateInstancesCommand({ InstanceIds: [instanceId] }), { signal });
      return true;
    } catch (error) {
      if (awsErrorCode(error) === 'InvalidInstanceID.NotFound') return false;
      throw error;
    }
  }

  private isYoung(machine: Machine): boolean {
    const created = Date.parse(machine.metadata.creationTimestamp ?? '');
    return !Number.isNaN(created) && this.clock.now() - created < youngMachineMs;
  }
}

/** Every tag a Machine's instance and volumes carry: its name, the user's tags, its role and the ownership tags (which win). */
function machineTags(machine: Machine, additionalTags: Record<string, string>, clusterName: string, uid: string): Record<string, string> {
  return {
    Name: machine.metadata.name ?? uid,
    ...additionalTags,
    [machineRoleTagKey]: isControlPlaneMachine(machine) ? 'control-plane' : 'worker',
    ...ownershipTags({ clusterName, machineName: machine.metadata.name ?? uid, machineUid: uid }),
  };
}


function clusterNameOf(cluster: Cluster): string {
  const name = cluster.metadata.name;
  if (!name) throw new TerminalError('InvalidConfiguration', 'the Cluster has no metadata.name; the AWS provider tags every resource with it');
  return name;
}
