import { formatManifestIssue, type ManifestIssue } from '../manifests/manifest-issue.js';
import { SlipwayError } from './slipway-error.js';

const marker = 'slipway.error.ManifestValidationError';
const symbol = Symbol.for(marker);

/** Manifests that failed validation; carries every issue, not just the first. */
export class ManifestValidationError extends SlipwayError {
  private readonly [symbol] = true;
  readonly issues: readonly ManifestIssue[];

  constructor(issues: readonly ManifestIssue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in the manifests:\n${issues.map((issue) => `  ${formatManifestIssue(issue)}`).join('\n')}`,
    );
    this.name = 'ManifestValidationError';
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is ManifestValidationError {
    return SlipwayError.hasMarker(error, marker);
  }
}
