/**
 * Active health checking state for one host, with Envoy's rules: a new host starts unhealthy until its
 * first check passes (one success suffices the first time), then needs healthy_threshold consecutive
 * successes to come back and unhealthy_threshold consecutive failures to go; an HTTP status that is
 * neither expected nor retriable marks it unhealthy at once.
 */
import type { HealthCheckConfig, HealthCheckKind, StatusRange } from "../config/cluster-model";
import type { Random } from "../util/random";

/** "hard_failure": an unexpected, non-retriable HTTP status. Timeouts and connection errors are "failure". */
export type CheckResult = "success" | "failure" | "hard_failure";

export type HealthTransition = "became_healthy" | "became_unhealthy";

export class HostHealth {
  private state: "pending" | "healthy" | "unhealthy" = "pending";
  private successes = 0;
  private failures = 0;
  /** The transition the latest check caused, for choosing the next interval. */
  private lastTransition: HealthTransition | undefined;

  constructor(
    private readonly thresholds: { readonly healthyThreshold: number; readonly unhealthyThreshold: number },
  ) {}

  get healthy(): boolean {
    return this.state === "healthy";
  }

  get status(): "pending" | "healthy" | "unhealthy" {
    return this.state;
  }

  record(result: CheckResult): HealthTransition | undefined {
    this.lastTransition = this.apply(result);
    return this.lastTransition;
  }

  private apply(result: CheckResult): HealthTransition | undefined {
    if (result === "success") {
      this.failures = 0;
      this.successes += 1;
      if (this.state === "healthy") return undefined;
      if (this.state === "pending" || this.successes >= this.thresholds.healthyThreshold) {
        this.state = "healthy";
        this.successes = 0;
        return "became_healthy";
      }
      return undefined;
    }
    this.successes = 0;
    this.failures += 1;
    if (this.state === "unhealthy") return undefined;
    if (this.state === "pending") {
      this.state = "unhealthy";
      return undefined;
    }
    if (result === "hard_failure" || this.failures >= this.thresholds.unhealthyThreshold) {
      this.state = "unhealthy";
      this.failures = 0;
      return "became_unhealthy";
    }
    return undefined;
  }

  /**
   * Delay before the next check: the edge interval right after a transition, the unhealthy interval
   * while unhealthy, no_traffic_interval while the cluster has seen no traffic, else the interval; plus
   * jitter (interval_jitter and interval_jitter_percent of the interval).
   */
  nextDelayMs(config: HealthCheckConfig, random: Random, clusterHasTraffic = true): number {
    let base: number;
    if (this.lastTransition === "became_healthy") base = config.healthyEdgeIntervalMs;
    else if (this.lastTransition === "became_unhealthy") base = config.unhealthyEdgeIntervalMs;
    else if (this.state !== "healthy") base = config.unhealthyIntervalMs;
    else base = clusterHasTraffic ? config.intervalMs : config.noTrafficIntervalMs;
    let jitter = 0;
    if (config.intervalJitterMs > 0) jitter += random() * config.intervalJitterMs;
    if (config.intervalJitterPercent > 0) jitter += random() * ((base * config.intervalJitterPercent) / 100);
    return Math.floor(base + jitter);
  }
}

/** Delay before a host's very first check: a random part of initial_jitter. */
export function initialCheckDelayMs(config: HealthCheckConfig, random: Random): number {
  return config.initialJitterMs > 0 ? Math.floor(random() * config.initialJitterMs) : 0;
}

/** Classifies an HTTP health check response status. */
export function classifyHttpStatus(
  check: Extract<HealthCheckKind, { kind: "http" }>,
  status: number,
): CheckResult {
  if (inRanges(check.expectedStatuses, status)) return "success";
  return inRanges(check.retriableStatuses, status) ? "failure" : "hard_failure";
}

function inRanges(ranges: readonly StatusRange[], status: number): boolean {
  return ranges.some((r) => status >= r.start && status < r.end);
}
