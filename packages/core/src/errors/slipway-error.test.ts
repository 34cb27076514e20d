/**
 * The error classes: what each carries, and that `isInstance` recognises errors by
 * their Symbol.for markers, across subclasses and across two copies of the package.
 */
import { describe, expect, it } from 'vitest';
import {
  InvalidProviderSpecError,
  machineStatusErrorReasons,
  ManifestValidationError,
  ProviderApiError,
  SlipwayError,
  TerminalError,
  TransientError,
} from '../index.js';

const classes = { SlipwayError, TransientError, TerminalError, InvalidProviderSpecError, ProviderApiError, ManifestValidationError };
type ClassName = keyof typeof classes;

/** Which isInstance checks say yes, by class name. */
function recognisedAs(error: unknown): ClassName[] {
  return (Object.keys(classes) as ClassName[]).filter((name) => classes[name].isInstance(error));
}

describe('isInstance across the class tree', () => {
  it.each([
    ['SlipwayError', new SlipwayError('x'), ['SlipwayError']],
    ['TransientError', new TransientError('x'), ['SlipwayError', 'TransientError']],
    ['TerminalError', new TerminalError('CreateError', 'x'), ['SlipwayError', 'TerminalError']],
    ['InvalidProviderSpecError', new InvalidProviderSpecError('spec.providerSpec.value.ami', 'x'), ['SlipwayError', 'TerminalError', 'InvalidProviderSpecError']],
    ['ProviderApiError', new ProviderApiError('x', { code: 'Throttling', isRetryable: true }), ['SlipwayError', 'ProviderApiError']],
    ['ManifestValidationError', new ManifestValidationError([]), ['SlipwayError', 'ManifestValidationError']],
  ] as const)('a %s is recognised as itself and its ancestors only', (_name, error, expected) => {
    expect(recognisedAs(error)).toEqual(expected);
    expect(error).toBeInstanceOf(Error);
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['an Error named like ours', Object.assign(new Error('boom'), { name: 'TransientError' })],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'TransientError'],
    ['a number', 42],
    ['an object with the marker set to false', { [Symbol.for('slipway.error')]: false, [Symbol.for('slipway.error.TransientError')]: false }],
    ['an object with a same-named local symbol', { [Symbol('slipway.error.TransientError')]: true }],
  ])('%s is not one of ours', (_name, value) => {
    expect(recognisedAs(value)).toEqual([]);
  });
});

describe('isInstance across two copies of the package', () => {
  it('recognises an error built by a second copy of the module, where instanceof fails', async () => {
    // The query string makes the module loader evaluate transient-error.ts again: a second,
    // separate class, as when two versions of @slipway/core end up in one process.
    const specifier = './transient-error.js?second-copy';
    const secondCopy = (await import(specifier)) as typeof import('./transient-error.js');
    expect(secondCopy.TransientError).not.toBe(TransientError);
    const foreign = new secondCopy.TransientError('throttled', { requeueAfterMs: 2000 });
    expect(foreign instanceof TransientError).toBe(false);
    expect(TransientError.isInstance(foreign)).toBe(true);
    expect(SlipwayError.isInstance(foreign)).toBe(true);
    expect(TerminalError.isInstance(foreign)).toBe(false);
    expect(secondCopy.TransientError.isInstance(new TransientError('x'))).toBe(true);
  });

  it('recognises any object carrying the registered markers, whatever built it', () => {
    const foreign = {
      name: 'TerminalError',
      message: 'quota exceeded',
      reason: 'InsufficientResources',
      [Symbol.for('slipway.error')]: true,
      [Symbol.for('slipway.error.TerminalError')]: true,
    };
    expect(recognisedAs(foreign)).toEqual(['SlipwayError', 'TerminalError']);
  });

  it('keeps the markers off the enumerable fields, so logging or JSON does not show them', () => {
    const error = new InvalidProviderSpecError('spec.providerSpec.value.instanceType', 'expected a string, got 42');
    expect(Object.keys(error)).not.toContain('slipway.error');
    expect(JSON.stringify(error)).not.toContain('slipway.error');
    expect(Object.getOwnPropertySymbols(error).map((symbol) => symbol.description).sort()).toEqual([
      'slipway.error',
      'slipway.error.InvalidProviderSpecError',
      'slipway.error.TerminalError',
    ]);
  });
});

describe('SlipwayError', () => {
  it('is not retryable unless told, and keeps its cause', () => {
    const cause = new Error('socket hang up');
    expect(new SlipwayError('failed').isRetryable).toBe(false);
    const error = new SlipwayError('failed', { cause, isRetryable: true });
    expect(error).toMatchObject({ name: 'SlipwayError', message: 'failed', isRetryable: true, cause });
  });

  it('has no cause property when none is given', () => {
    expect('cause' in new SlipwayError('failed')).toBe(false);
  });
});

describe('TransientError', () => {
  it('is retryable and carries the requeue delay when the provider knows one', () => {
    expect(new TransientError('throttled', { requeueAfterMs: 1500 })).toMatchObject({
      name: 'TransientError',
      message: 'throttled',
      isRetryable: true,
      requeueAfterMs: 1500,
    });
    expect(new TransientError('not yet visible').requeueAfterMs).toBeUndefined();
  });
});

describe('TerminalError', () => {
  it('is not retryable and carries its MachineStatusError reason', () => {
    const cause = new Error('InsufficientInstanceCapacity');
    const error = new TerminalError('InsufficientResources', 'no t3.large capacity in us-east-1a', { cause });
    expect(error).toMatchObject({ name: 'TerminalError', reason: 'InsufficientResources', isRetryable: false, cause });
  });

  it('knows the v1alpha1 MachineStatusError reasons', () => {
    expect(machineStatusErrorReasons).toEqual([
      'InvalidConfiguration',
      'UnsupportedChange',
      'InsufficientResources',
      'CreateError',
      'UpdateError',
      'DeleteError',
      'JoinClusterTimeout',
    ]);
  });
});

describe('InvalidProviderSpecError', () => {
  it('is terminal with reason InvalidConfiguration and names the field in its message', () => {
    const error = new InvalidProviderSpecError('spec.providerSpec.value.instanceType', 'expected a string, got 42');
    expect(error).toMatchObject({
      name: 'InvalidProviderSpecError',
      reason: 'InvalidConfiguration',
      fieldPath: 'spec.providerSpec.value.instanceType',
      message: 'spec.providerSpec.value.instanceType: expected a string, got 42',
      isRetryable: false,
    });
    expect(error).toBeInstanceOf(TerminalError);
  });
});

describe('ProviderApiError', () => {
  it('keeps what the cloud said: code, status, request id, retryability and Retry-After', () => {
    const cause = new Error('RequestLimitExceeded');
    const error = new ProviderApiError('EC2 RunInstances was throttled', {
      code: 'RequestLimitExceeded',
      statusCode: 503,
      requestId: '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
      isRetryable: true,
      retryAfterMs: 4000,
      cause,
    });
    expect(error).toMatchObject({
      name: 'ProviderApiError',
      message: 'EC2 RunInstances was throttled',
      code: 'RequestLimitExceeded',
      statusCode: 503,
      requestId: '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
      isRetryable: true,
      retryAfterMs: 4000,
      cause,
    });
  });

  it('leaves the optional fields undefined and can be terminal', () => {
    const error = new ProviderApiError('quota exceeded', { code: 'QUOTA_EXCEEDED', isRetryable: false });
    expect([error.statusCode, error.requestId, error.retryAfterMs, error.isRetryable]).toEqual([undefined, undefined, undefined, false]);
  });
});

describe('ManifestValidationError', () => {
  const issue = { source: 'machines.yaml', documentIndex: 2, kind: 'Machine', name: 'worker-1', path: 'spec.versions.kubelet', message: 'expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13"', line: 9 };

  it('lists every issue under a count, singular for one', () => {
    const error = new ManifestValidationError([issue]);
    expect(error.message).toBe(
      '1 problem in the manifests:\n  machines.yaml doc 2 Machine "worker-1": spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13" (line 9)',
    );
    expect(new ManifestValidationError([issue, { ...issue, documentIndex: 3, name: 'worker-2' }]).message.split('\n')).toHaveLength(3);
    expect(error.issues).toEqual([issue]);
    expect(error.isRetryable).toBe(false);
  });
});
