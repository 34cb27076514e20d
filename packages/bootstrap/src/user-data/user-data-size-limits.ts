import { UserDataTooLargeError } from '../errors/user-data-too-large-error.js';

/**
 * Each cloud's published limit on user data, and what it measures:
 * - EC2: 16 KB of raw user data, before base64 (EC2 User Guide, "Work with instance user data").
 * - Azure: customData is base64 and decodes to at most 65535 bytes, i.e. 87380 base64 characters.
 * - GCE: a metadata value (user-data) is at most 262144 bytes (256 KiB).
 * - OpenStack Nova: user_data is sent base64-encoded and restricted to 65535 bytes of that encoding.
 * - Equinix Metal (Packet): 64 KiB of userdata (the figure this project was given; the API
 *   reference was not at hand to confirm it).
 */
export type UserDataCloud = 'aws' | 'azure' | 'gcp' | 'openstack' | 'packet';

export interface UserDataSizeLimit {
  cloud: UserDataCloud;
  label: string;
  measure: 'raw-bytes' | 'base64-characters';
  limit: number;
}

export const userDataSizeLimits: Record<UserDataCloud, UserDataSizeLimit> = {
  aws: { cloud: 'aws', label: 'EC2', measure: 'raw-bytes', limit: 16384 },
  azure: { cloud: 'azure', label: 'Azure customData', measure: 'base64-characters', limit: 87380 },
  gcp: { cloud: 'gcp', label: 'GCE metadata value', measure: 'raw-bytes', limit: 262144 },
  openstack: { cloud: 'openstack', label: 'OpenStack Nova user_data', measure: 'base64-characters', limit: 65535 },
  packet: { cloud: 'packet', label: 'Equinix Metal userdata', measure: 'raw-bytes', limit: 65536 },
};

export function measureUserData(userData: string, measure: UserDataSizeLimit['measure']): number {
  const rawBytes = Buffer.byteLength(userData, 'utf8');
  return measure === 'raw-bytes' ? rawBytes : Math.ceil(rawBytes / 3) * 4;
}

/**
 * Throws UserDataTooLargeError when `userData` would be refused by `cloud`;
 * with no cloud given, holds it to every cloud's limit (the strictest wins).
 */
export function checkUserDataSize(userData: string, cloud?: UserDataCloud): void {
  const limits = cloud ? [userDataSizeLimits[cloud]] : Object.values(userDataSizeLimits);
  for (const limit of limits) {
    const size = measureUserData(userData, limit.measure);
    if (size > limit.limit) {
      throw new UserDataTooLargeError({
        cloud: limit.label,
        size,
        limit: limit.limit,
        unit: limit.measure === 'raw-bytes' ? 'bytes' : 'base64 characters',
        fieldPath: 'spec (rendered bootstrap user data)',
        hint: 'shorten the Machine labels and taints, or move addon manifests out of the user data (they travel through the node-authorization service)',
      });
    }
  }
}
