const marker = Symbol.for('slipway.error.UsageError');

/**
 * The person asked for something the command cannot do as asked (a missing
 * file, bad YAML, an invalid manifest, an unknown flag). Exit code 2.
 */
export class UsageError extends Error {
  private readonly [marker] = true;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }

  static isInstance(error: unknown): error is UsageError {
    return error != null && typeof error === 'object' && marker in error;
  }
}
