import { describe, expect, it } from "vitest";
import type { Endpoint, EndpointHealth } from "../config/cluster-model";
import { selectHosts } from "./host-set";

function endpoint(i: number, health: EndpointHealth = "healthy", extra: Partial<Endpoint> = {}): Endpoint {
  return {
    key: `10.0.0.${i}:80`,
    address: `10.0.0.${i}`,
    port: 80,
    weight: 1,
    health,
    locality: { region: "r", zone: "z", subZone: "" },
    priority: 0,
    healthCheckDisabled: false,
    labels: {},
    ...extra,
  };
}

const keys = (selection: { hosts: readonly { key: string }[] }) => selection.hosts.map((h) => h.key);

describe("selectHosts", () => {
  it("keeps healthy and unknown hosts, drops unhealthy, draining, ejected and check-failing ones", () => {
    const endpoints = [
      endpoint(1),
      endpoint(2, "unknown"),
      endpoint(3, "unhealthy"),
      endpoint(4, "draining"),
      endpoint(5),
      endpoint(6),
      endpoint(7),
    ];
    const selection = selectHosts(endpoints, {
      panicThresholdPercent: 0,
      isEjected: (key) => key === "10.0.0.5:80",
      isCheckFailing: (key) => key === "10.0.0.6:80",
    });
    expect(keys(selection)).toEqual(["10.0.0.1:80", "10.0.0.2:80", "10.0.0.7:80"]);
    expect(selection).toMatchObject({ panic: false, available: 3, total: 7 });
  });

  it("panics below the threshold and uses every host", () => {
    const endpoints = Array.from({ length: 10 }, (_, i) => endpoint(i + 1, i < 4 ? "healthy" : "unhealthy"));
    const below = selectHosts(endpoints, { panicThresholdPercent: 50 });
    expect(below.panic).toBe(true);
    expect(below.hosts).toHaveLength(10);
    const atThreshold = selectHosts(
      endpoints.map((e, i) => (i === 4 ? { ...e, health: "healthy" as const } : e)),
      { panicThresholdPercent: 50 },
    );
    expect(atThreshold.panic).toBe(false);
    expect(atThreshold.hosts).toHaveLength(5);
  });

  it("counts ejected hosts as unavailable for the panic threshold", () => {
    const endpoints = [endpoint(1), endpoint(2), endpoint(3), endpoint(4)];
    const ejectThree = selectHosts(endpoints, {
      panicThresholdPercent: 50,
      isEjected: (k) => k !== "10.0.0.1:80",
    });
    expect(ejectThree.panic).toBe(true);
    expect(ejectThree.hosts).toHaveLength(4);
  });

  it("with threshold 0 never panics and may return no host", () => {
    const selection = selectHosts([endpoint(1, "unhealthy")], { panicThresholdPercent: 0 });
    expect(selection.hosts).toEqual([]);
    expect(selection.panic).toBe(false);
  });

  it("uses degraded hosts only when no healthy host is left", () => {
    expect(keys(selectHosts([endpoint(1), endpoint(2, "degraded")], { panicThresholdPercent: 0 }))).toEqual([
      "10.0.0.1:80",
    ]);
    expect(
      keys(selectHosts([endpoint(1, "unhealthy"), endpoint(2, "degraded")], { panicThresholdPercent: 0 })),
    ).toEqual(["10.0.0.2:80"]);
  });

  it("fails over to the next priority when the first has no available host", () => {
    const endpoints = [
      endpoint(1, "unhealthy"),
      endpoint(2, "healthy", { priority: 1 }),
      endpoint(3, "healthy", { priority: 1 }),
    ];
    const selection = selectHosts(endpoints, { panicThresholdPercent: 50 });
    expect(selection.priority).toBe(1);
    expect(keys(selection)).toEqual(["10.0.0.2:80", "10.0.0.3:80"]);
  });

  it("weights endpoints by locality weight when locality weighting is on", () => {
    const a = { region: "r", zone: "a", subZone: "" };
    const b = { region: "r", zone: "b", subZone: "" };
    const endpoints = [
      endpoint(1, "healthy", { locality: a, localityWeight: 3, weight: 1 }),
      endpoint(2, "healthy", { locality: a, localityWeight: 3, weight: 2 }),
      endpoint(3, "healthy", { locality: b, localityWeight: 1, weight: 5 }),
    ];
    const weights = selectHosts(endpoints, { panicThresholdPercent: 50, localityWeighted: true }).hosts.map(
      (h) => h.weight,
    );
    expect(weights).toEqual([1, 2, 1]);
    const plain = selectHosts(endpoints, { panicThresholdPercent: 50 }).hosts.map((h) => h.weight);
    expect(plain).toEqual([1, 2, 5]);
  });
});
