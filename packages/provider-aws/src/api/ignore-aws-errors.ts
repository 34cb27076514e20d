/**
 * Runs an AWS call for which some error codes mean "already so" (deleting what
 * is gone, attaching what is attached). Returns the code met, if any; every
 * other error goes up as it was.
 */
import { awsErrorCode } from './aws-error-mapper.js';

export async function ignoringAwsErrors(codes: readonly string[], call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    const code = awsErrorCode(error);
    if (code !== undefined && codes.includes(code)) return code;
    throw error;
  }
}
