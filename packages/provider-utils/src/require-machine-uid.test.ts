import { InvalidProviderSpecError } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { invalidSettingError } from './invalid-setting-error.js';
import { requireMachineUid } from './require-machine-uid.js';

describe('requireMachineUid', () => {
  it('returns the UID the store set', () => {
    expect(requireMachineUid({ metadata: { name: 'worker-1', uid: 'b5a1' } })).toBe('b5a1');
  });

  it('refuses a Machine without one, naming metadata.uid and the fix', () => {
    const refusal = (() => {
      try {
        requireMachineUid({ metadata: { name: 'worker-1' } });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(InvalidProviderSpecError.isInstance(refusal)).toBe(true);
    expect((refusal as InvalidProviderSpecError).fieldPath).toBe('metadata.uid');
    expect((refusal as Error).message).toMatch(/Machine worker-1 has no UID.*create the Machine through the store/);
  });
});

describe('invalidSettingError', () => {
  it('names the factory and the setting, terminal with reason InvalidConfiguration', () => {
    const error = invalidSettingError('createGcpActuator', 'listPageSize', 'must be an integer from 1 to 500, got 0');
    expect(error.reason).toBe('InvalidConfiguration');
    expect(error.isRetryable).toBe(false);
    expect(error.message).toBe('createGcpActuator: settings.listPageSize must be an integer from 1 to 500, got 0');
  });
});
