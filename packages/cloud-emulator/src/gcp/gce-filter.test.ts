import { CloudFault } from '../faults/cloud-fault.js';
import { describe, expect, it } from 'vitest';
import { matchesGceFilter, parseGceFilter } from './gce-filter.js';

const instance = { name: 'web-1', status: 'RUNNING', labels: { team: 'platform', 'slipway-cluster-name': 'alpha' }, scheduling: { preemptible: false } };
const matches = (filter: string) => matchesGceFilter(parseGceFilter(filter), instance);

describe('Compute list filters', () => {
  it('compares label values, names and nested fields, quoted or not', () => {
    expect(matches('labels.slipway-cluster-name = alpha')).toBe(true);
    expect(matches('labels.slipway-cluster-name = "alpha"')).toBe(true);
    expect(matches('labels.slipway-cluster-name = beta')).toBe(false);
    expect(matches('name != web-1')).toBe(false);
    expect(matches('scheduling.preemptible = false')).toBe(true);
    expect(matches('labels.missing = x')).toBe(false);
    expect(matches('')).toBe(true);
  });

  it('joins terms with AND, OR and juxtaposed parentheses, and accepts wildcards and presence', () => {
    expect(matches('(labels.team = platform) (status = RUNNING)')).toBe(true);
    expect(matches('labels.team = platform AND status = STOPPED')).toBe(false);
    expect(matches('(status = STOPPED) OR (name = web-*)')).toBe(true);
    expect(matches('labels.team:*')).toBe(true);
    expect(matches('labels.owner:*')).toBe(false);
  });

  it('refuses what it cannot read with Google\'s 400 naming the filter field', () => {
    for (const filter of ['labels.team =', '(labels.team = a', 'labels.team = a)', 'name = "open']) {
      let caught: unknown;
      try {
        parseGceFilter(filter);
      } catch (error) {
        caught = error;
      }
      expect(CloudFault.isInstance(caught) && caught.status).toBe(400);
      expect((caught as Error).message).toContain("Invalid value for field 'filter'");
    }
  });
});
