/**
 * What one actuator's clients sent and heard back, by operation: the figures
 * the azure-burst benchmark reports (calls per machine, polls per long-running
 * operation, throttling answers seen).
 */
export interface AzureRequestStatistics {
  /** Requests by operation: `PUT virtualMachines`, `GET operations` (a poll), ... */
  requests: Record<string, number>;
  /** 429 answers received (the SDK retries them after Retry-After). */
  throttledResponses: number;
  /** Requests that waited for a token of the client-side buckets, by bucket. */
  rateLimiterWaits: Record<string, number>;
}

export function emptyAzureRequestStatistics(): AzureRequestStatistics {
  return { requests: {}, throttledResponses: 0, rateLimiterWaits: {} };
}

/** `PUT virtualMachines`, `GET operations`, `GET operationResults`, `GET virtualMachines (list)`. */
export function azureOperationLabel(method: string, url: string): string {
  const path = new URL(url).pathname.split('/').filter((segment) => segment.length > 0);
  const lower = path.map((segment) => segment.toLowerCase());
  const operationIndex = lower.findIndex((segment) => segment === 'operations' || segment === 'operationresults');
  if (operationIndex > 0 && lower[operationIndex - 2] === 'locations') return `${method} ${path[operationIndex]}`;
  const providerIndex = lower.lastIndexOf('providers');
  const tail = providerIndex >= 0 ? path.slice(providerIndex + 2) : path.slice(2);
  if (tail.length === 0) return `${method} resourceGroups`;
  // An odd tail ends in a collection: a list.
  const type = tail.length % 2 === 1 ? tail[tail.length - 1] : tail[tail.length - 2];
  return `${method} ${type}${tail.length % 2 === 1 ? ' (list)' : ''}`;
}
