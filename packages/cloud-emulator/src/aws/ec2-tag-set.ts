/**
 * Tags on the wire: `tagSet` items in answers, `TagSpecification.N` and
 * `Tag.N` in requests, with EC2's limits (50 tags, keys of 128 characters,
 * values of 256, no `aws:` prefix).
 */
import { awsError } from './aws-error.js';
import type { Tags } from './ec2-resources.js';
import type { QueryParameters } from './query-parameters.js';

export function renderTagSet(tags: Tags): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function readTags(parameters: QueryParameters, listName = 'Tag'): Tags {
  const tags: Tags = {};
  for (const [position, tag] of parameters.structures(listName).entries()) {
    const key = tag.string('Key');
    const value = tag.string('Value') ?? '';
    if (!key) throw awsError('InvalidParameterValue', `Tag ${position + 1}: the tag key must not be empty`);
    if (key.length > 128) throw awsError('InvalidParameterValue', `Tag key exceeds the maximum length of 128 characters: ${key}`);
    if (value.length > 256) throw awsError('InvalidParameterValue', `Tag value exceeds the maximum length of 256 characters for key ${key}`);
    if (key.toLowerCase().startsWith('aws:')) throw awsError('InvalidParameterValue', `Tag keys starting with 'aws:' are reserved for AWS use: ${key}`);
    tags[key] = value;
  }
  if (Object.keys(tags).length > 50) throw awsError('TagLimitExceeded', 'The maximum number of tags per resource is 50');
  return tags;
}

/** The tags a create call asks for its resource type (`TagSpecification.N.ResourceType`). */
export function readTagSpecifications(parameters: QueryParameters, resourceType: string, allowedTypes: readonly string[] = [resourceType]): Tags {
  const tags: Tags = {};
  for (const specification of parameters.structures('TagSpecification')) {
    const type = specification.string('ResourceType');
    if (!type || !allowedTypes.includes(type)) {
      throw awsError('InvalidParameterValue', `'${type ?? ''}' is not a valid taggable resource type for this operation.`);
    }
    if (type !== resourceType) continue;
    Object.assign(tags, readTags(specification));
  }
  return tags;
}
