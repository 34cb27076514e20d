import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

/**
 * Field formats shared by the kinds: Kubernetes object names, CIDR blocks,
 * Kubernetes versions. Each check says what it expected, so manifest errors
 * read well without further help.
 */
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An RFC 1123 DNS subdomain of at most 253 characters: what Kubernetes requires of most names. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && dnsSubdomain.test(value);
}

/** An object name: Machines, Clusters and the rest are named by DNS subdomains. */
export function isKubernetesObjectName(value: string): boolean {
  return isDnsSubdomain(value);
}

/** A namespace name: an RFC 1123 DNS label of at most 63 characters (no dots). */
export function isNamespaceName(value: string): boolean {
  return value.length <= 63 && dnsLabel.test(value);
}

/**
 * A generateName prefix: the server appends five random characters, so it is judged as
 * Kubernetes judges it, as a name whose trailing "-" is allowed.
 */
export function isGenerateNamePrefix(value: string): boolean {
  return isDnsSubdomain(value.endsWith('-') ? `${value.slice(0, -1)}a` : value);
}

export const objectNameSchema = z
  .string()
  .refine(isKubernetesObjectName, {
    message: 'expected a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters)',
  });

export const namespaceNameSchema = z
  .string()
  .refine(isNamespaceName, {
    message: 'expected a lowercase DNS label (a-z, 0-9 and "-", at most 63 characters, no ".")',
  });

export const generateNameSchema = z
  .string()
  .refine(isGenerateNamePrefix, {
    message: 'expected the start of a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters; it may end in "-")',
  });

export function isCidrBlock(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  // node:net accepts an IPv6 zone index ("fe80::1%eth0"); a CIDR block has none.
  if (address.includes('%')) return false;
  const prefix = value.slice(slash + 1);
  // Kubernetes (Go's netip) refuses a prefix length with a leading zero, such as /08.
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix)) return false;
  const length = Number(prefix);
  if (isIPv4(address)) return length <= 32;
  // Kubernetes refuses IPv4-mapped IPv6 blocks (::ffff:10.0.0.0/104): write them as IPv4.
  if (isIPv6(address)) return length <= 128 && !isIpv4MappedIpv6(address);
  return false;
}

/** True for ::ffff:a.b.c.d in any spelling: 80 zero bits, then 16 one bits. */
function isIpv4MappedIpv6(address: string): boolean {
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  // A dotted IPv4 tail stands for two groups.
  const text = tail.includes('.') ? `${address.slice(0, lastColon + 1)}0:0` : address;
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  const numbers = groups.map((group) => Number.parseInt(group, 16));
  return numbers.length === 8 && numbers.slice(0, 5).every((group) => group === 0) && numbers[5] === 0xffff;
}

const cidrBlockMessage = 'expected a CIDR block such as 10.96.0.0/12';

export const cidrBlockSchema = z
  .string()
  .refine(isCidrBlock, { message: cidrBlockMessage })
  // The same rule for the API server, in Kubernetes' CEL network library. The length bound only
  // keeps the rule's estimated cost within the server's budget: no CIDR block is that long.
  .meta({ maxLength: 64, 'x-kubernetes-validations': [{ rule: 'isCIDR(self)', message: cidrBlockMessage }] });

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
