/**
 * The shape every simple Describe* action shares: optional ids (each must
 * exist), filters, and optional pagination.
 */
import { awsError } from './aws-error.js';
import { checkFilterNames, matchesFilters, readFilters, type FilterValueReader } from './ec2-filters.js';
import type { Tags } from './ec2-resources.js';
import { paginate } from './paginate.js';
import type { QueryParameters } from './query-parameters.js';

export interface DescribeDefinition<Resource extends { tags: Tags }> {
  parameters: QueryParameters;
  resources: Iterable<Resource>;
  idParameter: string;
  idOf(resource: Resource): string;
  notFoundCode: string;
  notFoundMessage(id: string): string;
  filterValues: FilterValueReader<Resource>;
  paginated: boolean;
}

export function describeResources<Resource extends { tags: Tags }>(definition: DescribeDefinition<Resource>): { page: Resource[]; nextToken: string | undefined } {
  const { parameters } = definition;
  const ids = parameters.list(definition.idParameter);
  const filters = readFilters(parameters);
  const all = [...definition.resources];
  const sample = all[0];
  if (sample) checkFilterNames(filters, definition.filterValues, sample);
  const byId = new Map(all.map((resource) => [definition.idOf(resource), resource]));
  for (const id of ids) {
    if (!byId.has(id)) throw awsError(definition.notFoundCode, definition.notFoundMessage(id));
  }
  const matching = all.filter((resource) => (ids.length === 0 || ids.includes(definition.idOf(resource))) && matchesFilters(resource, filters, definition.filterValues));
  if (!definition.paginated) return { page: matching, nextToken: undefined };
  return paginate(matching, {
    maxResults: parameters.integer('MaxResults'),
    nextToken: parameters.string('NextToken'),
    queryFingerprint: JSON.stringify({ ids, filters }),
    minimum: 5,
    maximum: 1000,
  });
}
