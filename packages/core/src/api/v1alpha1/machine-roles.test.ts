/** How v1alpha1 tells control-plane machines from workers, and which cluster an object belongs to. */
import { describe, expect, it } from 'vitest';
import { clusterApiKindNames, clusterNameLabel, clusterNameOf, isClusterApiKind, isControlPlaneMachine, machineRole, parseManifests } from '../../index.js';

const machines = parseManifests(
  `apiVersion: cluster.k8s.io/v1alpha1
kind: Machine
metadata:
  name: master
  labels: {cluster.k8s.io/cluster-name: demo}
spec:
  providerSpec: {value: {}}
  versions: {kubelet: 1.13.2, controlPlane: 1.13.2}
---
apiVersion: cluster.k8s.io/v1alpha1
kind: Machine
metadata:
  name: node
  labels: {cluster-name: demo}
spec:
  providerSpec: {value: {}}
  versions: {kubelet: 1.13.2}
`,
).machines;

describe('machine roles', () => {
  it('calls a machine control plane exactly when it declares versions.controlPlane', () => {
    expect(machines.map((machine) => [machine.metadata.name, isControlPlaneMachine(machine), machineRole(machine)])).toEqual([
      ['master', true, 'control-plane'],
      ['node', false, 'worker'],
    ]);
  });

  it('reads the cluster from the cluster.k8s.io/cluster-name label only', () => {
    expect(clusterNameLabel).toBe('cluster.k8s.io/cluster-name');
    expect(machines.map(clusterNameOf)).toEqual(['demo', undefined]);
    expect(clusterNameOf({ metadata: {} })).toBeUndefined();
  });
});

describe('isClusterApiKind', () => {
  it('knows the five kinds of v1alpha1 and nothing else', () => {
    expect(clusterApiKindNames).toEqual(['Cluster', 'Machine', 'MachineSet', 'MachineDeployment', 'MachineClass']);
    for (const kind of clusterApiKindNames) expect(isClusterApiKind(kind)).toBe(true);
    for (const other of ['machine', 'MachinePool', 'toString', 'hasOwnProperty', '', undefined, 42]) expect(isClusterApiKind(other)).toBe(false);
  });
});
