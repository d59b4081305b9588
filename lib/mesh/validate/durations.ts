import { formatDurationMs, parseDurationMs } from "../duration";
import type { PathSegment } from "../path";
import type { DestinationPolicy, MeshConfig, RouteRule } from "../schema";
import type { IssueCollector } from "./issues";

interface Range {
  minMs: number;
  maxMs: number;
}

const MS = 1;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Allowed range per duration field. Envoy itself refuses token-bucket fill intervals under 50ms. */
export const DURATION_RANGES = {
  timeout: { minMs: 1 * MS, maxMs: 1 * HOUR },
  perTryTimeout: { minMs: 1 * MS, maxMs: 1 * HOUR },
  backoffBase: { minMs: 1 * MS, maxMs: 1 * MINUTE },
  backoffMax: { minMs: 1 * MS, maxMs: 10 * MINUTE },
  faultDelay: { minMs: 1 * MS, maxMs: 1 * HOUR },
  outlierInterval: { minMs: 10 * MS, maxMs: 1 * HOUR },
  baseEjectionTime: { minMs: 1 * MS, maxMs: 1 * HOUR },
  healthInterval: { minMs: 100 * MS, maxMs: 1 * HOUR },
  healthTimeout: { minMs: 1 * MS, maxMs: 1 * MINUTE },
  fillInterval: { minMs: 50 * MS, maxMs: 1 * HOUR },
} as const satisfies Record<string, Range>;

/** Checks one duration; returns its value in ms when it is in range (for relational checks). */
function checkRange(
  text: string | undefined,
  range: Range,
  path: readonly PathSegment[],
  issues: IssueCollector,
): number | null {
  if (text === undefined) return null;
  const ms = parseDurationMs(text);
  if (ms === null) return null; // the schema already reported the syntax
  if (ms < range.minMs || ms > range.maxMs) {
    issues.error(
      path,
      `must be between ${formatDurationMs(range.minMs)} and ${formatDurationMs(range.maxMs)} (got ${text})`,
    );
    return null;
  }
  return ms;
}

export function checkDurations(config: MeshConfig, issues: IssueCollector): void {
  config.services.forEach((service, s) => {
    const servicePath = ["services", s] as const;
    (service.routes ?? []).forEach((rule, r) => {
      checkRule(rule, [...servicePath, "routes", r], issues);
    });
    if (service.policy) checkPolicy(service.policy, [...servicePath, "policy"], issues);
    (service.subsets ?? []).forEach((subset, k) => {
      if (subset.policy) checkPolicy(subset.policy, [...servicePath, "subsets", k, "policy"], issues);
    });
  });
}

function checkRule(rule: RouteRule, path: readonly PathSegment[], issues: IssueCollector): void {
  checkRange(rule.timeout, DURATION_RANGES.timeout, [...path, "timeout"], issues);
  const retry = rule.retry;
  if (retry) {
    checkRange(
      retry.perTryTimeout,
      DURATION_RANGES.perTryTimeout,
      [...path, "retry", "perTryTimeout"],
      issues,
    );
    const backoffPath = [...path, "retry", "backoff"];
    const base = checkRange(
      retry.backoff?.baseInterval,
      DURATION_RANGES.backoffBase,
      [...backoffPath, "baseInterval"],
      issues,
    );
    const max = checkRange(
      retry.backoff?.maxInterval,
      DURATION_RANGES.backoffMax,
      [...backoffPath, "maxInterval"],
      issues,
    );
    if (base !== null && max !== null && max < base) {
      issues.error(
        [...backoffPath, "maxInterval"],
        `must not be shorter than baseInterval (${retry.backoff?.baseInterval})`,
      );
    }
  }
  checkRange(
    rule.fault?.delay?.duration,
    DURATION_RANGES.faultDelay,
    [...path, "fault", "delay", "duration"],
    issues,
  );
}

function checkPolicy(policy: DestinationPolicy, path: readonly PathSegment[], issues: IssueCollector): void {
  const outlier = policy.outlierDetection;
  if (outlier) {
    const outlierPath = [...path, "outlierDetection"];
    checkRange(outlier.interval, DURATION_RANGES.outlierInterval, [...outlierPath, "interval"], issues);
    checkRange(
      outlier.baseEjectionTime,
      DURATION_RANGES.baseEjectionTime,
      [...outlierPath, "baseEjectionTime"],
      issues,
    );
  }
  const health = policy.healthCheck;
  if (health) {
    const healthPath = [...path, "healthCheck"];
    const interval = checkRange(
      health.interval,
      DURATION_RANGES.healthInterval,
      [...healthPath, "interval"],
      issues,
    );
    const timeout = checkRange(
      health.timeout,
      DURATION_RANGES.healthTimeout,
      [...healthPath, "timeout"],
      issues,
    );
    if (interval !== null && timeout !== null && timeout > interval) {
      issues.error([...healthPath, "timeout"], `must not be longer than the interval (${health.interval})`);
    }
  }
  const rateLimit = policy.localRateLimit;
  if (rateLimit) {
    checkRange(
      rateLimit.fillInterval,
      DURATION_RANGES.fillInterval,
      [...path, "localRateLimit", "fillInterval"],
      issues,
    );
  }
}
