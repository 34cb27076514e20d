import { describe, expect, it } from 'vitest';
import type { Machine } from '@slipway/core';
import { machineObject } from '../test-support/fixtures.js';
import { deleteMachineAnnotation } from './finalizers.js';
import { selectMachinesToDelete } from './machine-deletion-order.js';

function machineCreatedAt(name: string, minute: number, change: (machine: Machine) => void = () => undefined): Machine {
  const machine = machineObject(name);
  machine.metadata.creationTimestamp = `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z`;
  change(machine);
  return machine;
}

describe('selectMachinesToDelete', () => {
  const oldest = machineCreatedAt('oldest', 1);
  const middle = machineCreatedAt('middle', 2);
  const newest = machineCreatedAt('newest', 3);
  const failed = machineCreatedAt('failed', 2, (machine) => (machine.status = { errorReason: 'CreateError', errorMessage: 'no capacity' }));
  const marked = machineCreatedAt('marked', 2, (machine) => (machine.metadata.annotations = { [deleteMachineAnnotation]: 'yes' }));
  const names = (machines: Machine[]) => machines.map((machine) => machine.metadata.name);

  it('orders by age for Oldest and Newest', () => {
    expect(names(selectMachinesToDelete([middle, newest, oldest], 2, 'Oldest'))).toEqual(['oldest', 'middle']);
    expect(names(selectMachinesToDelete([middle, oldest, newest], 2, 'Newest'))).toEqual(['newest', 'middle']);
  });

  it('takes marked and failed Machines first whatever the policy', () => {
    for (const policy of ['Random', 'Newest', 'Oldest'] as const) {
      expect(names(selectMachinesToDelete([oldest, newest, failed, middle, marked], 2, policy)).sort()).toEqual(['failed', 'marked']);
    }
  });

  it('returns no more than asked for, and nothing for zero', () => {
    expect(selectMachinesToDelete([oldest, newest], 5, 'Random')).toHaveLength(2);
    expect(selectMachinesToDelete([oldest, newest], 0, 'Random')).toEqual([]);
  });
});
