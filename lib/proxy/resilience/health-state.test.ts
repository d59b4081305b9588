import { describe, expect, it } from "vitest";
import type { HealthCheckConfig, HealthCheckKind } from "../config/cluster-model";
import { EMPTY_HEADER_MUTATION } from "../config/route-model";
import { type CheckResult, classifyHttpStatus, HostHealth, initialCheckDelayMs } from "./health-state";

const thresholds = { healthyThreshold: 2, unhealthyThreshold: 3 };

function run(health: HostHealth, results: CheckResult[]) {
  return results.map((r) => health.record(r));
}

describe("HostHealth", () => {
  it("starts pending (not healthy) and one success makes a new host healthy", () => {
    const health = new HostHealth(thresholds);
    expect(health.status).toBe("pending");
    expect(health.healthy).toBe(false);
    expect(health.record("success")).toBe("became_healthy");
    expect(health.healthy).toBe(true);
  });

  it("a first failure leaves a new host unhealthy, and it then needs healthy_threshold successes", () => {
    const health = new HostHealth(thresholds);
    expect(run(health, ["failure", "success", "success"])).toEqual([undefined, undefined, "became_healthy"]);
  });

  it("goes unhealthy after unhealthy_threshold consecutive failures; a success resets the count", () => {
    const health = new HostHealth(thresholds);
    health.record("success");
    expect(run(health, ["failure", "failure", "success", "failure", "failure"])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(health.healthy).toBe(true);
    expect(health.record("failure")).toBe("became_unhealthy");
    expect(health.healthy).toBe(false);
  });

  it("needs consecutive successes to recover", () => {
    const health = new HostHealth(thresholds);
    run(health, ["success", "failure", "failure", "failure"]);
    expect(run(health, ["success", "failure", "success", "success"])).toEqual([
      undefined,
      undefined,
      undefined,
      "became_healthy",
    ]);
  });

  it("goes unhealthy at once on an unexpected status", () => {
    const health = new HostHealth(thresholds);
    health.record("success");
    expect(health.record("hard_failure")).toBe("became_unhealthy");
  });
});

describe("check scheduling", () => {
  const config: HealthCheckConfig = {
    timeoutMs: 1000,
    intervalMs: 5000,
    initialJitterMs: 1000,
    intervalJitterMs: 200,
    intervalJitterPercent: 10,
    unhealthyThreshold: 3,
    healthyThreshold: 2,
    unhealthyIntervalMs: 2000,
    unhealthyEdgeIntervalMs: 1000,
    healthyEdgeIntervalMs: 3000,
    noTrafficIntervalMs: 60_000,
    reuseConnection: true,
    check: { kind: "tcp", receive: [] },
  };
  const noJitter = { ...config, intervalJitterMs: 0, intervalJitterPercent: 0 };

  it("uses edge, unhealthy, no-traffic and normal intervals", () => {
    const health = new HostHealth(thresholds);
    expect(health.nextDelayMs(noJitter, () => 0)).toBe(2000);
    health.record("success");
    expect(health.nextDelayMs(noJitter, () => 0)).toBe(3000);
    health.record("success");
    expect(health.nextDelayMs(noJitter, () => 0)).toBe(5000);
    expect(health.nextDelayMs(noJitter, () => 0, false)).toBe(60_000);
    run(health, ["failure", "failure", "failure"]);
    expect(health.nextDelayMs(noJitter, () => 0)).toBe(1000);
    health.record("failure");
    expect(health.nextDelayMs(noJitter, () => 0)).toBe(2000);
  });

  it("adds interval_jitter and interval_jitter_percent of the interval", () => {
    const health = new HostHealth(thresholds);
    run(health, ["success", "success"]);
    // 5000 + 0.5 × 200 + 0.5 × 10% × 5000
    expect(health.nextDelayMs(config, () => 0.5)).toBe(5350);
    expect(initialCheckDelayMs(config, () => 0.25)).toBe(250);
  });
});

describe("classifyHttpStatus", () => {
  const check: Extract<HealthCheckKind, { kind: "http" }> = {
    kind: "http",
    path: "/healthz",
    method: "GET",
    expectedStatuses: [{ start: 200, end: 201 }],
    retriableStatuses: [{ start: 503, end: 504 }],
    requestHeaders: EMPTY_HEADER_MUTATION,
    http2: false,
  };

  it("separates expected, retriable and other statuses", () => {
    expect(classifyHttpStatus(check, 200)).toBe("success");
    expect(classifyHttpStatus(check, 204)).toBe("hard_failure");
    expect(classifyHttpStatus(check, 503)).toBe("failure");
    expect(classifyHttpStatus(check, 500)).toBe("hard_failure");
  });
});
