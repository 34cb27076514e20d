import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.InvalidCertificateRequestError';
const symbol = Symbol.for(marker);

/** A CSR that cannot be read or whose signature does not verify (before any policy is applied). */
export class InvalidCertificateRequestError extends SlipwayError {
  private readonly [symbol] = true;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause, isRetryable: false });
    this.name = 'InvalidCertificateRequestError';
  }

  static override isInstance(error: unknown): error is InvalidCertificateRequestError {
    return SlipwayError.hasMarker(error, marker);
  }
}
