import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

/**
 * Field formats shared by the kinds: Kubernetes object names, CIDR blocks,
 * Kubernetes versions. Each check says what it expected, so manifest errors
 * read well without further help.
 */
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isKubernetesObjectName(value: string): boolean {
  return value.length <= 253 && dnsSubdomain.test(value);
}

export const objectNameSchema = z
  .string()
  .refine(isKubernetesObjectName, {
    message: 'expected a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters)',
  });

export function isCidrBlock(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  // node:net accepts an IPv6 zone index ("fe80::1%eth0"); a CIDR block has none.
  if (address.includes('%')) return false;
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const length = Number(prefix);
  if (isIPv4(address)) return length <= 32;
  if (isIPv6(address)) return length <= 128;
  return false;
}

export const cidrBlockSchema = z
  .string()
  .refine(isCidrBlock, { message: 'expected a CIDR block such as 10.96.0.0/12' });

const kubernetesVersionPattern = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export function isKubernetesVersion(value: string): boolean {
  return kubernetesVersionPattern.test(value);
}

// A pattern rather than a refinement, so the generated CRD schema carries it and an API server enforces it too.
export const kubernetesVersionSchema = z
  .string()
  .regex(kubernetesVersionPattern, { message: 'expected a Kubernetes version such as 1.13.2 or v1.13.2' });

const timestampMessage = 'expected an RFC 3339 timestamp such as 2018-11-02T10:00:00Z';
// The shape Kubernetes writes and reads (metav1.Time); Date.parse alone also takes "2018" or "Fri, 02 Nov 2018".
const rfc3339Pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const timestampSchema = z
  .string()
  .regex(rfc3339Pattern, { message: timestampMessage, abort: true })
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: timestampMessage });

/** Opaque, provider-owned content (a RawExtension in Kubernetes terms). */
export const rawExtensionSchema = z
  .record(z.string(), z.unknown())
  .meta({ 'x-kubernetes-preserve-unknown-fields': true });
