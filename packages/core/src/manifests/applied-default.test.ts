/** collectAppliedDefaults: exactly the fields the schema filled in, never the ones the author wrote. */
import { describe, expect, it } from 'vitest';
import { collectAppliedDefaults } from '../index.js';

describe('collectAppliedDefaults', () => {
  it('lists fields present in the output but absent from the input, with dotted paths', () => {
    const input = { spec: { replicas: 3, strategy: { rollingUpdate: { maxSurge: '25%' } } } };
    const output = { spec: { replicas: 3, paused: false, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } } };
    expect(collectAppliedDefaults(input, output)).toEqual([
      { path: 'spec.paused', value: false },
      { path: 'spec.strategy.type', value: 'RollingUpdate' },
      { path: 'spec.strategy.rollingUpdate.maxUnavailable', value: 0 },
    ]);
  });

  it('reports a defaulted block once, not each field inside it', () => {
    const network = { services: { cidrBlocks: ['10.96.0.0/12'] }, serviceDomain: 'cluster.local' };
    expect(collectAppliedDefaults({ spec: {} }, { spec: { clusterNetwork: network } })).toEqual([{ path: 'spec.clusterNetwork', value: network }]);
  });

  it('does not look inside lists, and reports nothing when nothing was added', () => {
    const same = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } };
    expect(collectAppliedDefaults(same, structuredClone(same))).toEqual([]);
    expect(collectAppliedDefaults('text', 'text')).toEqual([]);
  });

  it('counts an explicit value equal to the default as written, not defaulted', () => {
    expect(collectAppliedDefaults({ spec: { paused: false } }, { spec: { paused: false } })).toEqual([]);
  });
});
