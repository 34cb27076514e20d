/** CreateTags and DeleteTags on any taggable resource, all-or-nothing as in EC2. */
import { awsError } from './aws-error.js';
import type { Ec2Action } from './ec2-action.js';
import { readTags } from './ec2-tag-set.js';

export const createTags: Ec2Action = (state, parameters) => {
  const resourceIds = parameters.list('ResourceId');
  if (resourceIds.length === 0) throw awsError('MissingParameter', 'The request must contain the parameter ResourceId');
  const tags = readTags(parameters);
  if (Object.keys(tags).length === 0) throw awsError('MissingParameter', 'The request must contain the parameter Tag');
  const targets = resourceIds.map((resourceId) => state.tagsOf(resourceId));
  for (const target of targets) {
    Object.assign(target, tags);
    if (Object.keys(target).length > 50) throw awsError('TagLimitExceeded', 'The maximum number of tags per resource is 50');
  }
  return { return: true };
};

export const deleteTags: Ec2Action = (state, parameters) => {
  const resourceIds = parameters.list('ResourceId');
  if (resourceIds.length === 0) throw awsError('MissingParameter', 'The request must contain the parameter ResourceId');
  const requested = parameters.structures('Tag').map((tag) => ({ key: tag.required('Key'), value: tag.string('Value') }));
  for (const target of resourceIds.map((resourceId) => state.tagsOf(resourceId))) {
    const keys = requested.length === 0 ? Object.keys(target) : requested.filter(({ key, value }) => value === undefined || target[key] === value).map(({ key }) => key);
    for (const key of keys) delete target[key];
  }
  return { return: true };
};
