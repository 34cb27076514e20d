import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';

/**
 * Node labels a kubelet may set on itself (`--node-labels`). Since Kubernetes
 * 1.16 the NodeRestriction admission refuses self-set labels in the
 * kubernetes.io and k8s.io namespaces, except a few; failing here, with the
 * label named, beats a kubelet that never registers.
 */
const labelNamePattern = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelPrefixPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelValuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const allowedKubernetesKeys = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
]);
const allowedKubernetesPrefixes = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function isRestrictedPrefix(prefix: string): boolean {
  const restricted = (domain: string): boolean => prefix === domain || prefix.endsWith(`.${domain}`);
  if (!restricted('kubernetes.io') && !restricted('k8s.io')) return false;
  return !allowedKubernetesPrefixes.some((allowed) => prefix === allowed || prefix.endsWith(`.${allowed}`));
}

export function nodeLabelsArgument(labels: Record<string, string> | undefined, fieldPath: string): string | undefined {
  if (!labels || Object.keys(labels).length === 0) return undefined;
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const field = `${fieldPath}[${JSON.stringify(key)}]`;
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : '';
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (!labelNamePattern.test(name) || (prefix !== '' && (prefix.length > 253 || !labelPrefixPattern.test(prefix)))) {
      throw new InvalidBootstrapInputError(field, 'is not a valid label key ([prefix/]name, name up to 63 characters of [A-Za-z0-9_.-])');
    }
    if (!labelValuePattern.test(value)) {
      throw new InvalidBootstrapInputError(field, `has value ${JSON.stringify(value)}, which is not a valid label value (up to 63 characters of [A-Za-z0-9_.-])`);
    }
    if (prefix !== '' && isRestrictedPrefix(prefix) && !allowedKubernetesKeys.has(key)) {
      throw new InvalidBootstrapInputError(
        field,
        'is in the kubernetes.io/k8s.io namespace, which a kubelet may not set on its own Node; use a label under node.kubernetes.io/ or your own prefix, and set role labels from the management side',
      );
    }
    pairs.push(`${key}=${value}`);
  }
  return pairs.join(',');
}
