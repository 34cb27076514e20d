/**
 * What a provider's API client counted since its actuators were built: the
 * figures benchmarks, budget tests and operators read to see how a provider
 * uses a cloud's API. Every cloud has operations, error codes, throttling and
 * client-side buckets, so the same four figures mean the same thing everywhere.
 */
export interface ProviderStatisticsV1 {
  /** Requests sent, retries included, by the cloud's name for the operation (`RunInstances`, `PUT virtualMachines`, `instances.insert`). */
  readonly callsByOperation: Readonly<Record<string, number>>;
  /** Retries, by the error code that caused them (`RequestLimitExceeded`, `429`, `backendError`, `ECONNRESET`). */
  readonly retriesByCode: Readonly<Record<string, number>>;
  /** Answers in which the cloud said the caller was throttled (HTTP 429, `RequestLimitExceeded`, `rateLimitExceeded`). */
  readonly throttledAnswers: number;
  /** Requests that had to wait for a token of the client-side rate limiter, by bucket: the bursts it absorbed. */
  readonly limiterWaits: Readonly<Record<string, number>>;
}
