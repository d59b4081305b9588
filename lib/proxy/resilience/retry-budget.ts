import type { CircuitBreakerThresholds } from "../config/cluster-model";

/**
 * How many retries may be in flight at once. With a retry budget: budget_percent of the active plus
 * pending requests, rounded down, but never fewer than min_retry_concurrency (so a quiet cluster can
 * still retry). Without one: max_retries.
 */
export function retryConcurrencyLimit(
  thresholds: CircuitBreakerThresholds,
  activeRequests: number,
  pendingRequests: number,
): number {
  const budget = thresholds.retryBudget;
  if (!budget) return thresholds.maxRetries;
  const proportional = Math.floor((budget.budgetPercent / 100) * (activeRequests + pendingRequests) + 1e-9);
  return Math.max(budget.minRetryConcurrency, proportional);
}
