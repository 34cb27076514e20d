/** Label-selector semantics, as Kubernetes defines them, for every operator. */
import { describe, expect, it } from 'vitest';
import { isEmptyLabelSelector, labelSelectorSchema, matchesLabelSelector, type LabelSelector } from '../../index.js';

const worker = { 'cluster.k8s.io/cluster-name': 'demo', set: 'node', tier: 'general' };

describe('matchesLabelSelector', () => {
  it.each<[string, LabelSelector, Record<string, string> | undefined, boolean]>([
    ['matchLabels: all present and equal', { matchLabels: { set: 'node', tier: 'general' } }, worker, true],
    ['matchLabels: one value differs', { matchLabels: { set: 'node', tier: 'gpu' } }, worker, false],
    ['matchLabels: key absent', { matchLabels: { zone: 'a' } }, worker, false],
    ['matchLabels: value is compared exactly, not as a prefix', { matchLabels: { set: 'no' } }, worker, false],
    ['In: value listed', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gpu', 'general'] }] }, worker, true],
    ['In: value not listed', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gpu'] }] }, worker, false],
    ['In: key absent', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, worker, false],
    ['In: no values matches nothing', { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] }, worker, false],
    ['NotIn: value not listed', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gpu'] }] }, worker, true],
    ['NotIn: value listed', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['general'] }] }, worker, false],
    ['NotIn: key absent matches', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, worker, true],
    ['Exists: key present', { matchExpressions: [{ key: 'set', operator: 'Exists' }] }, worker, true],
    ['Exists: key present with an empty value', { matchExpressions: [{ key: 'empty', operator: 'Exists' }] }, { empty: '' }, true],
    ['Exists: key absent', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, worker, false],
    ['DoesNotExist: key absent', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, worker, true],
    ['DoesNotExist: key present', { matchExpressions: [{ key: 'set', operator: 'DoesNotExist' }] }, worker, false],
    [
      'matchLabels and matchExpressions must all hold',
      { matchLabels: { set: 'node' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['general'] }] },
      worker,
      false,
    ],
    [
      'several expressions all holding',
      {
        matchLabels: { 'cluster.k8s.io/cluster-name': 'demo' },
        matchExpressions: [
          { key: 'set', operator: 'In', values: ['node'] },
          { key: 'retired', operator: 'DoesNotExist' },
          { key: 'tier', operator: 'Exists' },
        ],
      },
      worker,
      true,
    ],
    ['an empty selector matches everything', {}, worker, true],
    ['an empty selector matches an object without labels', {}, undefined, true],
    ['a selector does not match an object without labels', { matchLabels: { set: 'node' } }, undefined, false],
    ['NotIn matches an object without labels', { matchExpressions: [{ key: 'set', operator: 'NotIn', values: ['node'] }] }, undefined, true],
  ])('%s', (_case, selector, labels, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });

  it('does not treat inherited object properties as labels', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, {})).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'constructor', operator: 'DoesNotExist' }] }, {})).toBe(true);
  });
});

describe('isEmptyLabelSelector', () => {
  it('is true only when there is no requirement at all', () => {
    expect(isEmptyLabelSelector({})).toBe(true);
    expect(isEmptyLabelSelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptyLabelSelector({ matchLabels: { set: 'node' } })).toBe(false);
    expect(isEmptyLabelSelector({ matchExpressions: [{ key: 'set', operator: 'Exists' }] })).toBe(false);
  });
});

describe('labelSelectorSchema', () => {
  it('refuses an unknown operator and unknown fields', () => {
    expect(labelSelectorSchema.safeParse({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }).success).toBe(false);
    expect(labelSelectorSchema.safeParse({ matchLabel: { a: 'b' } }).success).toBe(false);
  });
});
