import { generateKeyPairSync } from 'node:crypto';
import { InvalidProviderSpecError, machineSchema, clusterSchema, parseManifests, type Cluster, type Machine } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { azureProviderPlugin } from '../azure-provider-plugin.js';
import { azureClusterLayout } from '../cluster/azure-cluster-layout.js';
import { parseClusterProviderSpec, parseMachineProviderSpec } from '../parse-azure-provider-spec.js';

function machineWith(value: Record<string, unknown>): Machine {
  return machineSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name: 'worker-1', namespace: 'default', uid: 'uid-1' },
    spec: { providerSpec: { value }, versions: { kubelet: '1.31.0' } },
  });
}

function errorOf(run: () => unknown): InvalidProviderSpecError {
  try {
    run();
  } catch (error) {
    if (InvalidProviderSpecError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidProviderSpecError');
}

const image = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' };

describe('Azure machine providerSpec', () => {
  it('accepts a marketplace image and fills in the defaults', () => {
    expect(parseMachineProviderSpec(machineWith({ vmSize: 'Standard_D2s_v5', image }))).toEqual({
      vmSize: 'Standard_D2s_v5',
      image: { ...image, version: 'latest' },
      osDisk: { sizeGB: 30, storageAccountType: 'Premium_LRS' },
      publicIP: false,
      additionalTags: {},
      adminUsername: 'slipway',
    });
  });

  it('accepts an image id, a zone, a public IP and an SSH key', () => {
    const id = '/subscriptions/s/resourceGroups/images/providers/Microsoft.Compute/galleries/g/images/node/versions/1.0.0';
    const spec = parseMachineProviderSpec(
      machineWith({ vmSize: 'Standard_B2s', image: { id }, availabilityZone: '2', publicIP: true, sshPublicKey: 'ssh-ed25519 AAAAC3Nza me@host' }),
    );
    expect(spec.image).toEqual({ id });
    expect(spec.availabilityZone).toBe('2');
  });

  it.each([
    [{ vmSize: 'large', image }, 'spec.providerSpec.value.vmSize', /Standard_D2s_v5/],
    [{ vmSize: 'Standard_B2s', image: { publisher: 'Canonical' } }, 'spec.providerSpec.value.image', /publisher, offer, sku/],
    [{ vmSize: 'Standard_B2s', image, osDisk: { sizeGB: 8 } }, 'spec.providerSpec.value.osDisk.sizeGB', /30 GiB/],
    [{ vmSize: 'Standard_B2s', image, osDisk: { storageAccountType: 'Fast' } }, 'spec.providerSpec.value.osDisk.storageAccountType', /Premium_LRS/],
    [{ vmSize: 'Standard_B2s', image, availabilityZone: '4' }, 'spec.providerSpec.value.availabilityZone', /"1"/],
    [{ vmSize: 'Standard_B2s', image, location: 'West Europe' }, 'spec.providerSpec.value.location', /westeurope/],
    [{ vmSize: 'Standard_B2s', image, sshPublicKey: 'not a key' }, 'spec.providerSpec.value.sshPublicKey', /OpenSSH/],
    [{ vmSize: 'Standard_B2s', image, instanceType: 'x' }, 'spec.providerSpec.value', /instanceType/],
  ])('names the field that is wrong: %j', (value, fieldPath, message) => {
    const error = errorOf(() => parseMachineProviderSpec(machineWith(value)));
    expect(error.fieldPath).toBe(fieldPath);
    expect(error.reason).toBe('InvalidConfiguration');
    expect(error.message).toMatch(message);
  });
});

describe('Azure cluster providerSpec', () => {
  const clusterWith = (value: Record<string, unknown> | undefined) =>
    clusterSchema.parse({
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'prod', namespace: 'default' },
      spec: value ? { providerSpec: { value } } : {},
    });

  it('defaults the network and the API server load balancer', () => {
    const spec = parseClusterProviderSpec(clusterWith({ location: 'westeurope', resourceGroup: { name: 'prod-rg' } }));
    expect(spec.resourceGroup.mode).toBe('managed');
    expect(spec.virtualNetwork.cidrBlock).toBe('10.0.0.0/16');
    expect(spec.apiServerLoadBalancer).toEqual({ enabled: true, port: 6443, allowedCidrs: ['0.0.0.0/0'] });
  });

  it('says what is missing', () => {
    expect(errorOf(() => parseClusterProviderSpec(clusterWith(undefined))).message).toMatch(/location, resourceGroup/);
    expect(errorOf(() => parseClusterProviderSpec(clusterWith({ location: 'westeurope', resourceGroup: { name: 'rg', mode: 'borrowed' } }))).fieldPath).toBe(
      'cluster spec.providerSpec.value.resourceGroup.mode',
    );
  });
});

/** An OpenSSH `ssh-rsa` line for a fresh RSA key of `bits` (string "ssh-rsa", mpint e, mpint n). */
function rsaPublicKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' });
  const withLength = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const mpint = (base64url: string) => {
    const bytes = Buffer.from(base64url, 'base64url');
    return withLength((bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  return `ssh-rsa ${Buffer.concat([withLength(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]).toString('base64')} test@host`;
}

function clusterNamed(value: Record<string, unknown>, name = 'prod'): Cluster {
  return clusterSchema.parse({ apiVersion: 'cluster.k8s.io/v1alpha1', kind: 'Cluster', metadata: { name, namespace: 'default' }, spec: { providerSpec: { value } } });
}

describe('what Azure refuses at create time, refused in the providerSpec first', () => {
  it('refuses the admin user names the VM specification reserves, naming the field', () => {
    for (const name of ['admin', 'root', 'user', 'test', 'support_388945a0']) {
      const error = errorOf(() => parseMachineProviderSpec(machineWith({ vmSize: 'Standard_B2s', image, adminUsername: name })));
      expect(error.fieldPath).toBe('spec.providerSpec.value.adminUsername');
      expect(error.message).toContain(`"${name}" is an admin user name Azure refuses`);
    }
    expect(parseMachineProviderSpec(machineWith({ vmSize: 'Standard_B2s', image, adminUsername: 'azureuser' })).adminUsername).toBe('azureuser');
  });

  it('takes RSA keys of 2048 bits or more and Ed25519 keys; refuses ECDSA and short RSA keys with the limit', () => {
    const keyOf = (sshPublicKey: string) => parseMachineProviderSpec(machineWith({ vmSize: 'Standard_B2s', image, sshPublicKey })).sshPublicKey;
    const rsa2048 = rsaPublicKey(2048);
    expect(keyOf(rsa2048)).toBe(rsa2048);
    const ecdsa = errorOf(() => keyOf('ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY= me@host'));
    expect(ecdsa.fieldPath).toBe('spec.providerSpec.value.sshPublicKey');
    expect(ecdsa.message).toMatch(/not ECDSA \(ecdsa-sha2-nistp256\)/);
    const short = errorOf(() => keyOf(rsaPublicKey(1024)));
    expect(short.message).toMatch(/the RSA key has 1024 bits; Azure takes 2048 or more/);
  });

  it('refuses tag names with reserved characters, and more tags than fit beside the ownership tags', () => {
    const slash = errorOf(() => parseMachineProviderSpec(machineWith({ vmSize: 'Standard_B2s', image, additionalTags: { 'team/owner': 'x' } })));
    expect(slash.fieldPath).toBe('spec.providerSpec.value.additionalTags.team/owner');
    expect(slash.message).toMatch(/Azure refuses tag names with any of < > % & \\ \? \//);
    const tags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`tag-${index}`, 'x']));
    expect(Object.keys(parseMachineProviderSpec(machineWith({ vmSize: 'Standard_B2s', image, additionalTags: tags(47) })).additionalTags)).toHaveLength(47);
    const many = errorOf(() => parseMachineProviderSpec(machineWith({ vmSize: 'Standard_B2s', image, additionalTags: tags(48) })));
    expect(many.fieldPath).toBe('spec.providerSpec.value.additionalTags');
    expect(many.message).toMatch(/at most 50 tags per resource and Slipway adds 3 ownership tags, so give at most 47/);
    const cluster = clusterNamed({ location: 'westeurope', resourceGroup: { name: 'rg' }, additionalTags: tags(50) });
    expect(errorOf(() => parseClusterProviderSpec(cluster)).message).toMatch(/so give at most 49 additional tags/);
  });

  it('refuses a Cluster name whose derived Azure names are too long, naming metadata.name and the limit', () => {
    const spec = { location: 'westeurope', resourceGroup: { name: 'rg' } };
    expect(azureClusterLayout(clusterNamed(spec, 'c'.repeat(59)), 'sub').virtualNetworkName).toBe(`${'c'.repeat(59)}-vnet`);
    const long = errorOf(() => azureClusterLayout(clusterNamed(spec, 'c'.repeat(60)), 'sub'));
    expect(long.fieldPath).toBe('metadata.name');
    expect(long.message).toMatch(/virtual network name .* of 65 characters, over Azure's limit of 64; use a Cluster name of at most 59 characters, or name the network/);
    // With the network named, the next limit is the security group's 80 characters.
    const named = { ...spec, virtualNetwork: { name: 'vnet' } };
    expect(azureClusterLayout(clusterNamed(named, 'c'.repeat(62)), 'sub').controlPlaneSecurityGroupName).toHaveLength(80);
    expect(errorOf(() => azureClusterLayout(clusterNamed(named, 'c'.repeat(63)), 'sub')).message).toMatch(/network security group name .* over Azure's limit of 80; use a Cluster name of at most 62/);
  });
});

describe('the same refusals at manifest time (slipway validate, create)', () => {
  it('names the field of a reserved admin user name and a tag name with "/" in a Machine manifest', () => {
    const manifest = [
      'apiVersion: cluster.k8s.io/v1alpha1',
      'kind: Machine',
      'metadata: { name: worker-1, labels: { cluster.k8s.io/cluster-name: prod } }',
      'spec:',
      '  versions: { kubelet: 1.31.0 }',
      '  providerSpec:',
      '    value:',
      '      apiVersion: azureprovider/v1alpha1',
      '      kind: AzureMachineProviderSpec',
      '      vmSize: Standard_B2s',
      '      image: { publisher: Canonical, offer: ubuntu-24_04-lts, sku: server }',
      '      adminUsername: root',
      "      additionalTags: { 'team/owner': platform }",
    ].join('\n');
    const issues = parseManifests(manifest, { providers: [azureProviderPlugin] }).issues.map((issue) => [issue.path, issue.message]);
    expect(issues).toContainEqual(['spec.providerSpec.value.adminUsername', expect.stringContaining('"root" is an admin user name Azure refuses')]);
    expect(issues).toContainEqual(['spec.providerSpec.value.additionalTags.team/owner', expect.stringContaining('Azure refuses tag names with any of')]);
  });
});
