/**
 * EC2's `Filter.N.Name` / `Filter.N.Value.M` semantics: filters are ANDed,
 * values of one filter ORed, `*` and `?` are wildcards, and `tag:Key`,
 * `tag-key` and `tag-value` work on every taggable resource. A filter name the
 * resource type does not know is an error, as in EC2.
 */
import { awsError } from './aws-error.js';
import type { QueryParameters } from './query-parameters.js';

export interface Ec2Filter {
  name: string;
  values: string[];
}

/** The values a resource has for a named filter; undefined when the filter does not exist for its type. */
export type FilterValueReader<Resource> = (resource: Resource, filterName: string) => readonly (string | undefined)[] | undefined;

export function readFilters(parameters: QueryParameters): Ec2Filter[] {
  return parameters.structures('Filter').map((filter, position) => {
    const name = filter.string('Name');
    if (!name) throw awsError('InvalidParameterValue', `Filter.${position + 1}.Name is required`);
    return { name, values: filter.list('Value') };
  });
}

export function matchesFilters<Resource extends { tags: Readonly<Record<string, string>> }>(
  resource: Resource,
  filters: readonly Ec2Filter[],
  readValues: FilterValueReader<Resource>,
): boolean {
  return filters.every((filter) => {
    const actual = valuesOf(resource, filter.name, readValues);
    return filter.values.some((wanted) => actual.some((value) => value !== undefined && globMatches(wanted, value)));
  });
}

/** Rejects unknown filter names up front, whether or not any resource exists. */
export function checkFilterNames<Resource extends { tags: Readonly<Record<string, string>> }>(
  filters: readonly Ec2Filter[],
  readValues: FilterValueReader<Resource>,
  sample: Resource,
): void {
  for (const filter of filters) valuesOf(sample, filter.name, readValues);
}

function valuesOf<Resource extends { tags: Readonly<Record<string, string>> }>(
  resource: Resource,
  name: string,
  readValues: FilterValueReader<Resource>,
): readonly (string | undefined)[] {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return Object.hasOwn(resource.tags, key) ? [resource.tags[key]] : [];
  }
  if (name === 'tag-key') return Object.keys(resource.tags);
  if (name === 'tag-value') return Object.values(resource.tags);
  const values = readValues(resource, name);
  if (values === undefined) throw awsError('InvalidParameterValue', `The filter '${name}' is invalid`);
  return values;
}

function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${expression}$`, 's').test(value);
}
