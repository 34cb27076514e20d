/**
 * The 2018 cluster-api-provider-openstack providerSpec
 * (`openstackproviderconfig/v1alpha1`, kind OpenstackProviderSpec), mapped onto
 * OpenStackMachineProviderSpec:
 *
 * | 2018 field                          | becomes                         |
 * |-------------------------------------|---------------------------------|
 * | flavor, image, availabilityZone, keyName | the same fields            |
 * | networks[0].uuid / .filter.name     | network                         |
 * | networks[0].subnets[0].uuid         | subnet                          |
 * | securityGroups[] (name, uuid, {uuid}, {name}, {filter:{name}}) | securityGroups |
 * | floatingIP                          | floatingIp                      |
 * | tags, serverMetadata                | tags, metadata                  |
 * | rootVolume.size                     | rootVolume.sizeGiB              |
 * | serverGroupID                       | serverGroup                     |
 * | sshUserName, cloudName, cloudsSecret, userDataSecret, configDrive, trunk | ignored: credentials come from the actuator's settings, user data from Slipway's bootstrap |
 *
 * Only the first network is used (one port per machine); more are refused with
 * the field named rather than silently dropped.
 */
import { InvalidProviderSpecError } from '@slipway/core';

export function isLegacyMachineProviderSpec(value: Record<string, unknown>): boolean {
  return (typeof value['apiVersion'] === 'string' && value['apiVersion'].startsWith('openstackproviderconfig/')) || value['kind'] === 'OpenstackProviderSpec';
}

const ignored = new Set(['apiVersion', 'kind', 'sshUserName', 'cloudName', 'cloudsSecret', 'userDataSecret', 'configDrive', 'trunk']);
const mapped = new Set(['flavor', 'image', 'availabilityZone', 'keyName', 'networks', 'securityGroups', 'floatingIP', 'tags', 'serverMetadata', 'rootVolume', 'serverGroupID']);

function referenceOf(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const filter = record['filter'] as Record<string, unknown> | undefined;
    const found = record['uuid'] ?? record['name'] ?? filter?.['name'] ?? filter?.['id'];
    if (typeof found === 'string' && found !== '') return found;
  }
  throw new InvalidProviderSpecError(field, 'expected a name, a uuid, or { uuid } / { name } / { filter: { name } }');
}

export function mapLegacyMachineProviderSpec(value: Record<string, unknown>, fieldPrefix: string): Record<string, unknown> {
  for (const key of Object.keys(value)) {
    if (!ignored.has(key) && !mapped.has(key)) throw new InvalidProviderSpecError(`${fieldPrefix}.${key}`, `not a field of openstackproviderconfig/v1alpha1 OpenstackProviderSpec that Slipway knows`);
  }
  const spec: Record<string, unknown> = { apiVersion: 'openstackprovider/v1alpha1', kind: 'OpenStackMachineProviderSpec' };
  for (const key of ['flavor', 'image', 'availabilityZone', 'keyName'] as const) if (value[key] !== undefined) spec[key] = value[key];
  const networks = value['networks'];
  if (networks !== undefined) {
    if (!Array.isArray(networks)) throw new InvalidProviderSpecError(`${fieldPrefix}.networks`, 'expected a list');
    if (networks.length > 1) throw new InvalidProviderSpecError(`${fieldPrefix}.networks`, `Slipway gives a machine one port; list one network, not ${networks.length}`);
    if (networks.length === 1) {
      spec['network'] = referenceOf(networks[0], `${fieldPrefix}.networks[0]`);
      const subnets = (networks[0] as Record<string, unknown>)['subnets'];
      if (Array.isArray(subnets) && subnets.length > 0) spec['subnet'] = referenceOf(subnets[0], `${fieldPrefix}.networks[0].subnets[0]`);
    }
  }
  if (value['securityGroups'] !== undefined) {
    if (!Array.isArray(value['securityGroups'])) throw new InvalidProviderSpecError(`${fieldPrefix}.securityGroups`, 'expected a list');
    spec['securityGroups'] = value['securityGroups'].map((group, index) => referenceOf(group, `${fieldPrefix}.securityGroups[${index}]`));
  }
  if (value['floatingIP'] !== undefined) spec['floatingIp'] = value['floatingIP'];
  if (value['tags'] !== undefined) spec['tags'] = value['tags'];
  if (value['serverMetadata'] !== undefined) spec['metadata'] = value['serverMetadata'];
  if (value['serverGroupID'] !== undefined) spec['serverGroup'] = value['serverGroupID'];
  const rootVolume = value['rootVolume'] as Record<string, unknown> | undefined;
  if (rootVolume !== undefined) {
    if (rootVolume === null || typeof rootVolume !== 'object') throw new InvalidProviderSpecError(`${fieldPrefix}.rootVolume`, 'expected { size }');
    spec['rootVolume'] = { sizeGiB: rootVolume['size'] };
  }
  return spec;
}
