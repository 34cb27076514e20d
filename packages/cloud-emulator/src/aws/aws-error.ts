/**
 * Raises an error of the emulated AWS APIs as the framework's CloudFault, with
 * the code and HTTP status EC2 or ELBv2 would send. The kind (what the call log
 * records) follows from the code.
 */
import { CloudFault, type CloudFaultKind } from '../faults/cloud-fault.js';

const conflictCodes = new Set([
  'IdempotentParameterMismatch',
  'DependencyViolation',
  'Resource.AlreadyAssociated',
  'InvalidGroup.Duplicate',
  'InvalidPermission.Duplicate',
  'RouteAlreadyExists',
  'InvalidIPAddress.InUse',
  'ResourceInUse',
  'DuplicateLoadBalancerName',
  'DuplicateTargetGroupName',
  'DuplicateListener',
]);

const quotaCodes = new Set(['InsufficientInstanceCapacity', 'InstanceLimitExceeded', 'VcpuLimitExceeded', 'TagLimitExceeded', 'InsufficientFreeAddressesInSubnet']);

function kindOf(code: string, httpStatus: number): CloudFaultKind {
  if (code === 'RequestLimitExceeded' || code === 'Throttling') return 'throttling';
  if (quotaCodes.has(code)) return 'quota';
  if (httpStatus >= 500) return 'server-error';
  if (code.endsWith('NotFound') || code === 'NatGatewayNotFound') return 'not-found';
  if (conflictCodes.has(code)) return 'conflict';
  return 'invalid-request';
}

export function awsError(code: string, message: string, options: { httpStatus?: number; retryAfterSeconds?: number } = {}): CloudFault {
  const status = options.httpStatus ?? 400;
  return new CloudFault(message, {
    kind: kindOf(code, status),
    code,
    status,
    ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
  });
}
