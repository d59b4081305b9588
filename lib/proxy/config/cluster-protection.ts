/** Circuit breakers and outlier detection of a Cluster, with Envoy's defaults. */
import type { CircuitBreakerThresholds, OutlierDetectionConfig, RetryBudget } from "./cluster-model";
import type { Diagnostics } from "./diagnostics";
import { readDurationMs } from "./duration";
import { noteIgnoredFields } from "./ignored-fields";
import { parsePercent } from "./percent";
import {
  enumField,
  isObject,
  listField,
  objectField,
  wrappedBool,
  wrappedNumber,
  type XdsObject,
} from "./xds-values";

export const DEFAULT_CIRCUIT_BREAKERS: CircuitBreakerThresholds = Object.freeze({
  maxConnections: 1024,
  maxPendingRequests: 1024,
  maxRequests: 1024,
  maxRetries: 3,
});

export function parseCircuitBreakers(o: XdsObject | undefined, d: Diagnostics): CircuitBreakerThresholds {
  if (!o) return DEFAULT_CIRCUIT_BREAKERS;
  noteIgnoredFields(d, o, ["thresholds"]);
  const thresholds = listField(o, "thresholds")
    .filter(isObject)
    .find((t) => (enumField(t, "priority", ["DEFAULT", "HIGH"]) ?? "DEFAULT") === "DEFAULT");
  if (!thresholds) return DEFAULT_CIRCUIT_BREAKERS;
  const td = d.at("thresholds[DEFAULT]");
  noteIgnoredFields(td, thresholds, [
    "priority",
    "max_connections",
    "max_pending_requests",
    "max_requests",
    "max_retries",
    "retry_budget",
  ]);
  const limit = (key: string, fallback: number) => {
    const value = wrappedNumber(thresholds, key) ?? fallback;
    if (!Number.isInteger(value) || value < 0) td.error(`${key} ${value} is not a non-negative integer`);
    return value;
  };
  const budgetObject = objectField(thresholds, "retry_budget");
  const retryBudget: RetryBudget | undefined = budgetObject && {
    budgetPercent: parsePercent(objectField(budgetObject, "budget_percent"), td.at("retry_budget"), 20),
    minRetryConcurrency: wrappedNumber(budgetObject, "min_retry_concurrency") ?? 3,
  };
  return {
    maxConnections: limit("max_connections", 1024),
    maxPendingRequests: limit("max_pending_requests", 1024),
    maxRequests: limit("max_requests", 1024),
    maxRetries: limit("max_retries", 3),
    ...(retryBudget && { retryBudget }),
  };
}

export function parseOutlierDetection(o: XdsObject, d: Diagnostics): OutlierDetectionConfig {
  noteIgnoredFields(d, o, [
    "consecutive_5xx",
    "consecutive_gateway_failure",
    "enforcing_consecutive_5xx",
    "enforcing_consecutive_gateway_failure",
    "interval",
    "base_ejection_time",
    "max_ejection_time",
    "max_ejection_time_jitter",
    "max_ejection_percent",
    "always_eject_one_host",
    "successful_active_health_check_uneject_host",
    "enforcing_success_rate",
    "success_rate_minimum_hosts",
    "success_rate_request_volume",
    "success_rate_stdev_factor",
    "failure_percentage_threshold",
    "enforcing_failure_percentage",
    "failure_percentage_minimum_hosts",
    "failure_percentage_request_volume",
  ]);
  const percent = (key: string, fallback: number) => {
    const value = wrappedNumber(o, key) ?? fallback;
    if (value < 0 || value > 100) d.error(`${key} ${value} is outside [0, 100]`);
    return value;
  };
  const count = (key: string, fallback: number) => {
    const value = wrappedNumber(o, key) ?? fallback;
    if (!Number.isInteger(value) || value < 0) d.error(`${key} ${value} is not a non-negative integer`);
    return value;
  };
  const baseEjectionTimeMs = readDurationMs(o, "base_ejection_time", d, { positive: true }) ?? 30_000;
  // Envoy: max_ejection_time below base_ejection_time is raised to it.
  const maxEjectionTimeMs = Math.max(
    readDurationMs(o, "max_ejection_time", d, { positive: true }) ?? 300_000,
    baseEjectionTimeMs,
  );
  return {
    consecutive5xx: count("consecutive_5xx", 5),
    consecutiveGatewayFailure: count("consecutive_gateway_failure", 5),
    enforcingConsecutive5xx: percent("enforcing_consecutive_5xx", 100),
    enforcingConsecutiveGatewayFailure: percent("enforcing_consecutive_gateway_failure", 0),
    intervalMs: readDurationMs(o, "interval", d, { positive: true }) ?? 10_000,
    baseEjectionTimeMs,
    maxEjectionTimeMs,
    maxEjectionTimeJitterMs: readDurationMs(o, "max_ejection_time_jitter", d) ?? 0,
    maxEjectionPercent: percent("max_ejection_percent", 10),
    alwaysEjectOneHost: wrappedBool(o, "always_eject_one_host") ?? false,
    successfulActiveHealthCheckUnejectHost:
      wrappedBool(o, "successful_active_health_check_uneject_host") ?? true,
    successRate: {
      minimumHosts: count("success_rate_minimum_hosts", 5),
      requestVolume: count("success_rate_request_volume", 100),
      stdevFactor: count("success_rate_stdev_factor", 1900),
      enforcing: percent("enforcing_success_rate", 100),
    },
    failurePercentage: {
      threshold: percent("failure_percentage_threshold", 85),
      minimumHosts: count("failure_percentage_minimum_hosts", 5),
      requestVolume: count("failure_percentage_request_volume", 50),
      enforcing: percent("enforcing_failure_percentage", 0),
    },
  };
}
