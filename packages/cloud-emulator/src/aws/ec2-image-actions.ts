/**
 * DescribeImages (by id, owner and filters, as a provider's AMI lookup uses it)
 * and DescribeAvailabilityZones.
 */
import { awsError } from './aws-error.js';
import type { Ec2Action } from './ec2-action.js';
import { matchesFilters, readFilters, type FilterValueReader } from './ec2-filters.js';
import type { Image } from './ec2-resources.js';
import { emulatedAccountId } from './ec2-state.js';
import { renderTagSet } from './ec2-tag-set.js';
import { paginate } from './paginate.js';

const imageFilterValues: FilterValueReader<Image> = (image, name) => {
  switch (name) {
    case 'name': return [image.name];
    case 'image-id': return [image.imageId];
    case 'owner-id': return [image.ownerId];
    case 'state': return [image.state];
    case 'architecture': return [image.architecture];
    case 'root-device-type': return ['ebs'];
    case 'virtualization-type': return ['hvm'];
    case 'is-public': return [image.ownerId === emulatedAccountId ? 'false' : 'true'];
    default: return undefined;
  }
};

export const describeImages: Ec2Action = (state, parameters) => {
  const imageIds = parameters.list('ImageId');
  const owners = parameters.list('Owner').map((owner) => (owner === 'self' ? emulatedAccountId : owner));
  const filters = readFilters(parameters);
  for (const imageId of imageIds) {
    if (!/^ami-[0-9a-f]{8,17}$/.test(imageId)) throw awsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
    if (!state.images.has(imageId)) throw awsError('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
  }
  const matching = [...state.images.values()].filter(
    (image) =>
      (imageIds.length === 0 || imageIds.includes(image.imageId)) &&
      (owners.length === 0 || owners.includes(image.ownerId)) &&
      matchesFilters(image, filters, imageFilterValues),
  );
  const { page, nextToken } = paginate(matching, {
    maxResults: parameters.integer('MaxResults'),
    nextToken: parameters.string('NextToken'),
    queryFingerprint: JSON.stringify({ imageIds, owners, filters }),
    minimum: 5,
    maximum: 1000,
  });
  return {
    imagesSet: page.map((image) => ({
      imageId: image.imageId,
      imageLocation: `${image.ownerId}/${image.name}`,
      imageState: image.state,
      imageOwnerId: image.ownerId,
      creationDate: image.creationDate,
      isPublic: image.ownerId !== emulatedAccountId,
      architecture: image.architecture,
      imageType: 'machine',
      name: image.name,
      rootDeviceType: 'ebs',
      rootDeviceName: image.rootDeviceName,
      virtualizationType: 'hvm',
      hypervisor: 'xen',
      tagSet: renderTagSet(image.tags),
    })),
    nextToken,
  };
};

export const describeAvailabilityZones: Ec2Action = (state) => ({
  availabilityZoneInfo: state.availabilityZones.map((zoneName, index) => ({
    zoneName,
    zoneState: 'available',
    regionName: state.region,
    zoneId: `${state.region.replaceAll('-', '').slice(0, 4)}-az${index + 1}`,
    zoneType: 'availability-zone',
  })),
});
