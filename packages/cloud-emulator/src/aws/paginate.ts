/**
 * MaxResults / NextToken pagination as EC2 does it: an opaque token that only
 * works for the listing it came from, and a page size within the action's
 * bounds. The token carries the position and a fingerprint of the query.
 */
import { createHash } from 'node:crypto';
import { awsError } from './aws-error.js';

export interface PageRequest {
  maxResults: number | undefined;
  nextToken: string | undefined;
  /** Identifies the query (filters, ids) so a token cannot be replayed on another one. */
  queryFingerprint: string;
  minimum: number;
  maximum: number;
}

export function paginate<Item>(items: readonly Item[], request: PageRequest): { page: Item[]; nextToken: string | undefined } {
  const { maxResults, nextToken, queryFingerprint } = request;
  if (maxResults !== undefined && (maxResults < request.minimum || maxResults > request.maximum)) {
    throw awsError(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${request.minimum} and ${request.maximum}.`,
    );
  }
  const fingerprint = createHash('sha256').update(queryFingerprint).digest('hex').slice(0, 16);
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = decodeToken(nextToken);
    if (!decoded || decoded.fingerprint !== fingerprint) {
      throw awsError('InvalidParameterValue', `The value of nextToken (${nextToken}) is not valid for this request.`);
    }
    start = decoded.offset;
  }
  if (maxResults === undefined) return { page: items.slice(start), nextToken: undefined };
  const end = start + maxResults;
  return { page: items.slice(start, end), nextToken: end < items.length ? encodeToken(end, fingerprint) : undefined };
}

function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString('base64url');
}

function decodeToken(token: string): { offset: number; fingerprint: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown; fingerprint?: unknown };
    if (typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0 && typeof value.fingerprint === 'string') {
      return { offset: value.offset, fingerprint: value.fingerprint };
    }
  } catch {
    // Not a token we issued.
  }
  return undefined;
}
