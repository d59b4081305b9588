/**
 * Outlier detection for one cluster (Envoy's consecutive 5xx, consecutive gateway failure, success rate and
 * failure percentage detectors). A host that fails N times in a row is ejected at once; each interval tick
 * judges the interval's success rates and failure percentages (lib/proxy/resilience/outlier-statistics.ts).
 * An ejection lasts base_ejection_time × (times ejected), capped at max_ejection_time, unless it would eject
 * more than max_ejection_percent of the cluster. Ejections end on the first interval tick after their time
 * is up; each interval a host spends un-ejected lowers its ejection multiplier by one. Any success resets the
 * consecutive counters. Without split local/external errors, as Envoy: 5xx responses, connect failures,
 * resets and timeouts are the failures.
 */
import type { OutlierDetectionConfig } from "../config/cluster-model";
import type { Random } from "../util/random";
import { failurePercentageOutliers, successRateOutliers } from "./outlier-statistics";

export type UpstreamResult =
  | { readonly kind: "response"; readonly status: number }
  | { readonly kind: "connect_failure" }
  | { readonly kind: "reset" }
  | { readonly kind: "timeout" };

export type EjectionReason =
  | "consecutive_5xx"
  | "consecutive_gateway_failure"
  | "success_rate"
  | "failure_percentage";

export type OutlierEvent =
  | {
      readonly kind: "ejected";
      readonly key: string;
      readonly reason: EjectionReason;
      readonly untilMs: number;
      readonly ejectionCount: number;
    }
  | { readonly kind: "unejected"; readonly key: string };

interface HostState {
  consecutive5xx: number;
  consecutiveGateway: number;
  ejectionCount: number;
  ejectedUntilMs?: number;
  /** When the host was last un-ejected or had its multiplier lowered. */
  healthySinceMs: number;
  /** Requests and failures in the current interval (success rate and failure percentage). */
  requests: number;
  failures: number;
}

export class OutlierDetector {
  private readonly hosts = new Map<string, HostState>();
  private ejected = 0;

  constructor(
    private readonly config: OutlierDetectionConfig,
    private readonly random: Random,
  ) {}

  /** Tracks exactly these hosts; state of hosts still present is kept. */
  setHosts(keys: Iterable<string>): void {
    const wanted = new Set(keys);
    for (const key of this.hosts.keys()) if (!wanted.has(key)) this.hosts.delete(key);
    for (const key of wanted) {
      if (!this.hosts.has(key))
        this.hosts.set(key, {
          consecutive5xx: 0,
          consecutiveGateway: 0,
          ejectionCount: 0,
          healthySinceMs: 0,
          requests: 0,
          failures: 0,
        });
    }
    this.ejected = [...this.hosts.values()].filter((h) => h.ejectedUntilMs !== undefined).length;
  }

  isEjected(key: string): boolean {
    return this.hosts.get(key)?.ejectedUntilMs !== undefined;
  }

  ejectedKeys(): string[] {
    return [...this.hosts].filter(([, h]) => h.ejectedUntilMs !== undefined).map(([key]) => key);
  }

  snapshot(key: string): Readonly<HostState> | undefined {
    const state = this.hosts.get(key);
    return state && { ...state };
  }

  /** Records the result of one request to `key`; returns the ejection it caused, if any. */
  record(key: string, result: UpstreamResult, nowMs: number): OutlierEvent | undefined {
    const host = this.hosts.get(key);
    if (!host || host.ejectedUntilMs !== undefined) return undefined;
    // Without split local/external errors, Envoy maps local failures to gateway error codes.
    const status = result.kind === "response" ? result.status : result.kind === "timeout" ? 504 : 503;
    const failed = status >= 500 && status <= 599;
    host.requests += 1;
    if (failed) host.failures += 1;
    if (!failed) {
      host.consecutive5xx = 0;
      host.consecutiveGateway = 0;
      return undefined;
    }
    const gateway = status === 502 || status === 503 || status === 504;
    host.consecutiveGateway = gateway ? host.consecutiveGateway + 1 : 0;
    host.consecutive5xx += 1;
    const { config } = this;
    if (
      gateway &&
      config.consecutiveGatewayFailure > 0 &&
      host.consecutiveGateway >= config.consecutiveGatewayFailure
    ) {
      host.consecutiveGateway = 0;
      const event = this.tryEject(
        key,
        host,
        "consecutive_gateway_failure",
        config.enforcingConsecutiveGatewayFailure,
        nowMs,
      );
      if (event) return event;
    }
    if (config.consecutive5xx > 0 && host.consecutive5xx >= config.consecutive5xx) {
      host.consecutive5xx = 0;
      return this.tryEject(key, host, "consecutive_5xx", config.enforcingConsecutive5xx, nowMs);
    }
    return undefined;
  }

  /**
   * Called every `intervalMs`: ends ejections whose time is up, lowers multipliers of healthy hosts, then
   * ejects the interval's success-rate and failure-percentage outliers and starts a new interval.
   */
  tick(nowMs: number): OutlierEvent[] {
    const events = this.endEjections(nowMs);
    const { successRate, failurePercentage } = this.config;
    const volumes = [...this.hosts]
      .filter(([, host]) => host.ejectedUntilMs === undefined)
      .map(([key, host]) => ({ key, requests: host.requests, failures: host.failures }));
    const judged: [EjectionReason, string[], number][] = [
      [
        "success_rate",
        successRate.enforcing > 0 ? successRateOutliers(volumes, successRate) : [],
        successRate.enforcing,
      ],
      [
        "failure_percentage",
        failurePercentage.enforcing > 0 ? failurePercentageOutliers(volumes, failurePercentage) : [],
        failurePercentage.enforcing,
      ],
    ];
    for (const [reason, keys, enforcing] of judged) {
      for (const key of keys) {
        const host = this.hosts.get(key);
        if (!host || host.ejectedUntilMs !== undefined) continue;
        const event = this.tryEject(key, host, reason, enforcing, nowMs);
        if (event) events.push(event);
      }
    }
    for (const host of this.hosts.values()) {
      host.requests = 0;
      host.failures = 0;
    }
    return events;
  }

  private endEjections(nowMs: number): OutlierEvent[] {
    const events: OutlierEvent[] = [];
    for (const [key, host] of this.hosts) {
      if (host.ejectedUntilMs !== undefined) {
        if (nowMs >= host.ejectedUntilMs) {
          this.uneject(host, nowMs);
          events.push({ kind: "unejected", key });
        }
      } else if (host.ejectionCount > 0 && nowMs - host.healthySinceMs >= this.config.intervalMs) {
        host.ejectionCount -= 1;
        host.healthySinceMs = nowMs;
      }
    }
    return events;
  }

  /** An active health check passed: un-eject at once if configured to (Envoy's default). */
  onHealthCheckSuccess(key: string, nowMs: number): OutlierEvent | undefined {
    const host = this.hosts.get(key);
    if (!host || host.ejectedUntilMs === undefined || !this.config.successfulActiveHealthCheckUnejectHost)
      return undefined;
    this.uneject(host, nowMs);
    return { kind: "unejected", key };
  }

  private tryEject(
    key: string,
    host: HostState,
    reason: EjectionReason,
    enforcingPercent: number,
    nowMs: number,
  ): OutlierEvent | undefined {
    if (enforcingPercent < 100 && this.random() * 100 >= enforcingPercent) return undefined;
    const total = this.hosts.size;
    const withinPercent = ((this.ejected + 1) * 100) / total <= this.config.maxEjectionPercent;
    if (!withinPercent && !(this.config.alwaysEjectOneHost && this.ejected === 0)) return undefined;
    host.ejectionCount += 1;
    const { baseEjectionTimeMs, maxEjectionTimeMs, maxEjectionTimeJitterMs } = this.config;
    const duration = Math.min(baseEjectionTimeMs * host.ejectionCount, maxEjectionTimeMs);
    const jitter = maxEjectionTimeJitterMs > 0 ? Math.floor(this.random() * maxEjectionTimeJitterMs) : 0;
    host.ejectedUntilMs = nowMs + duration + jitter;
    this.ejected += 1;
    return { kind: "ejected", key, reason, untilMs: host.ejectedUntilMs, ejectionCount: host.ejectionCount };
  }

  private uneject(host: HostState, nowMs: number): void {
    host.ejectedUntilMs = undefined;
    host.consecutive5xx = 0;
    host.consecutiveGateway = 0;
    host.healthySinceMs = nowMs;
    this.ejected -= 1;
  }
}
