/** What the provider's API client counted since the actuators were built (ProviderStatisticsV1's figures). */
export interface PacketStatistics {
  /** Calls sent, retries included, by the API's operationId (`createDevice`, `findProjectDevices`...). */
  callsByOperation: Record<string, number>;
  /** Retries, by the error code that caused them (`TooManyRequests`, `http503`, `ECONNRESET`). */
  retriesByCode: Record<string, number>;
  /** Answers that were 429. */
  throttledAnswers: number;
  /** Calls that waited for the client-side limiter, by bucket. */
  limiterWaits: Record<string, number>;
}
