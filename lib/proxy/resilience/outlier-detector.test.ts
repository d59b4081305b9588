import { describe, expect, it } from "vitest";
import type { OutlierDetectionConfig } from "../config/cluster-model";
import { OutlierDetector, type UpstreamResult } from "./outlier-detector";

const config: OutlierDetectionConfig = {
  consecutive5xx: 3,
  consecutiveGatewayFailure: 2,
  enforcingConsecutive5xx: 100,
  enforcingConsecutiveGatewayFailure: 0,
  intervalMs: 10_000,
  baseEjectionTimeMs: 30_000,
  maxEjectionTimeMs: 100_000,
  maxEjectionTimeJitterMs: 0,
  maxEjectionPercent: 50,
  alwaysEjectOneHost: false,
  successfulActiveHealthCheckUnejectHost: true,
  successRate: { minimumHosts: 5, requestVolume: 100, stdevFactor: 1900, enforcing: 0 },
  failurePercentage: { threshold: 85, minimumHosts: 5, requestVolume: 50, enforcing: 0 },
};

const fail: UpstreamResult = { kind: "response", status: 500 };
const ok: UpstreamResult = { kind: "response", status: 200 };

function detector(
  overrides: Partial<OutlierDetectionConfig> = {},
  hosts = ["a", "b", "c", "d"],
  random = () => 0.5,
) {
  const d = new OutlierDetector({ ...config, ...overrides }, random);
  d.setHosts(hosts);
  return d;
}

function failTimes(
  d: OutlierDetector,
  key: string,
  times: number,
  nowMs: number,
  result: UpstreamResult = fail,
) {
  let last: ReturnType<OutlierDetector["record"]>;
  for (let i = 0; i < times; i++) last = d.record(key, result, nowMs);
  return last;
}

describe("OutlierDetector", () => {
  it("ejects after consecutive 5xx and a success resets the count", () => {
    const d = detector();
    failTimes(d, "a", 2, 0);
    d.record("a", ok, 0);
    expect(failTimes(d, "a", 2, 0)).toBeUndefined();
    expect(d.isEjected("a")).toBe(false);
    expect(d.record("a", fail, 5)).toEqual({
      kind: "ejected",
      key: "a",
      reason: "consecutive_5xx",
      untilMs: 30_005,
      ejectionCount: 1,
    });
    expect(d.isEjected("a")).toBe(true);
    expect(d.ejectedKeys()).toEqual(["a"]);
  });

  it("counts connect failures, resets and timeouts as 5xx", () => {
    const d = detector();
    d.record("a", { kind: "connect_failure" }, 0);
    d.record("a", { kind: "reset" }, 0);
    expect(d.record("a", { kind: "timeout" }, 0)?.kind).toBe("ejected");
  });

  it("grows the ejection time with each ejection, capped at max_ejection_time", () => {
    const d = detector();
    const durations: number[] = [];
    let now = 0;
    for (let round = 0; round < 5; round++) {
      const event = failTimes(d, "a", 3, now);
      if (event?.kind !== "ejected") throw new Error("expected an ejection");
      durations.push(event.untilMs - now);
      // Ticks before the ejection time keep it ejected; the first tick at or after ends it.
      expect(d.tick(event.untilMs - 1)).toEqual([]);
      expect(d.tick(event.untilMs)).toEqual([{ kind: "unejected", key: "a" }]);
      now = event.untilMs;
    }
    expect(durations).toEqual([30_000, 60_000, 90_000, 100_000, 100_000]);
  });

  it("lowers the multiplier by one for every interval a host stays un-ejected", () => {
    const d = detector();
    failTimes(d, "a", 3, 0);
    d.tick(30_000);
    failTimes(d, "a", 3, 30_000);
    d.tick(90_000);
    expect(d.snapshot("a")?.ejectionCount).toBe(2);
    d.tick(95_000);
    expect(d.snapshot("a")?.ejectionCount).toBe(2);
    d.tick(100_000);
    expect(d.snapshot("a")?.ejectionCount).toBe(1);
    d.tick(110_000);
    expect(d.snapshot("a")?.ejectionCount).toBe(0);
    expect(failTimes(d, "a", 3, 120_000)).toMatchObject({ untilMs: 150_000, ejectionCount: 1 });
  });

  it("never ejects more than max_ejection_percent of the hosts", () => {
    const d = detector({ maxEjectionPercent: 50 });
    expect(failTimes(d, "a", 3, 0)?.kind).toBe("ejected");
    expect(failTimes(d, "b", 3, 0)?.kind).toBe("ejected");
    expect(failTimes(d, "c", 3, 0)).toBeUndefined();
    expect(d.ejectedKeys()).toEqual(["a", "b"]);
    d.tick(30_000);
    expect(failTimes(d, "c", 3, 30_000)?.kind).toBe("ejected");
  });

  it("ejects one host despite the percentage when always_eject_one_host is set", () => {
    expect(failTimes(detector({ maxEjectionPercent: 10 }), "a", 3, 0)).toBeUndefined();
    const d = detector({ maxEjectionPercent: 10, alwaysEjectOneHost: true });
    expect(failTimes(d, "a", 3, 0)?.kind).toBe("ejected");
    expect(failTimes(d, "b", 3, 0)).toBeUndefined();
  });

  it("detects gateway failures but ejects for them only when enforcing", () => {
    const gateway: UpstreamResult = { kind: "response", status: 502 };
    const notEnforced = detector({ consecutive5xx: 10 });
    expect(failTimes(notEnforced, "a", 4, 0, gateway)).toBeUndefined();
    const enforced = detector({ consecutive5xx: 10, enforcingConsecutiveGatewayFailure: 100 });
    enforced.record("a", gateway, 0);
    enforced.record("a", fail, 0);
    expect(enforced.record("a", gateway, 0)).toBeUndefined();
    expect(enforced.record("a", gateway, 0)).toMatchObject({
      kind: "ejected",
      reason: "consecutive_gateway_failure",
    });
  });

  it("rolls the enforcement percentage", () => {
    expect(
      failTimes(
        detector({ enforcingConsecutive5xx: 40 }, undefined, () => 0.5),
        "a",
        3,
        0,
      ),
    ).toBeUndefined();
    expect(
      failTimes(
        detector({ enforcingConsecutive5xx: 40 }, undefined, () => 0.39),
        "a",
        3,
        0,
      )?.kind,
    ).toBe("ejected");
  });

  it("adds jitter to the ejection time", () => {
    const d = detector({ maxEjectionTimeJitterMs: 1000 }, undefined, () => 0.25);
    expect(failTimes(d, "a", 3, 0)).toMatchObject({ untilMs: 30_250 });
  });

  it("un-ejects on a passing active health check, and forgets removed hosts", () => {
    const d = detector();
    failTimes(d, "a", 3, 0);
    expect(d.onHealthCheckSuccess("a", 1000)).toEqual({ kind: "unejected", key: "a" });
    expect(d.isEjected("a")).toBe(false);
    failTimes(d, "b", 3, 0);
    d.setHosts(["a", "c"]);
    expect(d.ejectedKeys()).toEqual([]);
    expect(d.record("b", fail, 0)).toBeUndefined();
  });
});

describe("success rate and failure percentage", () => {
  const five = ["a", "b", "c", "d", "e"];
  /** One interval's traffic: `requests` to each host, of which the listed hosts fail `failures`. */
  function interval(d: OutlierDetector, requests: number, failures: Record<string, number>, nowMs: number) {
    for (const key of five)
      for (let i = 0; i < requests; i++) d.record(key, i < (failures[key] ?? 0) ? fail : ok, nowMs);
  }
  const successRate = { minimumHosts: 5, requestVolume: 10, stdevFactor: 1900, enforcing: 100 };
  const noConsecutive = { consecutive5xx: 0, consecutiveGatewayFailure: 0 };

  it("ejects the interval's success-rate outlier at the tick, then judges the next interval afresh", () => {
    const d = detector({ ...noConsecutive, successRate, maxEjectionPercent: 100 }, five);
    interval(d, 20, { e: 10 }, 1_000);
    expect(d.tick(10_000)).toEqual([
      { kind: "ejected", key: "e", reason: "success_rate", untilMs: 40_000, ejectionCount: 1 },
    ]);
    // The next interval has no traffic: nobody has the volume, nothing happens.
    expect(d.tick(20_000)).toEqual([]);
    expect(d.ejectedKeys()).toEqual(["e"]);
  });

  it("judges only hosts with the request volume", () => {
    const d = detector({ ...noConsecutive, successRate }, five);
    interval(d, 9, { e: 9 }, 1_000);
    expect(d.tick(10_000)).toEqual([]);
  });

  it("ejects failure-percentage outliers when enabled", () => {
    const failurePercentage = { threshold: 50, minimumHosts: 5, requestVolume: 10, enforcing: 100 };
    const d = detector({ ...noConsecutive, failurePercentage, maxEjectionPercent: 100 }, five);
    interval(d, 10, { a: 6, b: 4 }, 1_000);
    expect(d.tick(10_000).map((e) => e.kind === "ejected" && [e.key, e.reason])).toEqual([
      ["a", "failure_percentage"],
    ]);
  });

  it("keeps within max_ejection_percent and honours the enforcing percentages", () => {
    const failurePercentage = { threshold: 50, minimumHosts: 5, requestVolume: 10, enforcing: 100 };
    const capped = detector({ ...noConsecutive, failurePercentage, maxEjectionPercent: 20 }, five);
    interval(capped, 10, { a: 10, b: 10 }, 1_000);
    expect(capped.tick(10_000)).toHaveLength(1);
    const off = detector(
      { ...noConsecutive, failurePercentage: { ...failurePercentage, enforcing: 0 } },
      five,
    );
    interval(off, 10, { a: 10 }, 1_000);
    expect(off.tick(10_000)).toEqual([]);
  });
});
