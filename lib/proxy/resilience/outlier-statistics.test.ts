import { describe, expect, it } from "vitest";
import { failurePercentageOutliers, successRateOutliers } from "./outlier-statistics";

const host = (key: string, requests: number, failures: number) => ({ key, requests, failures });
const RULE = { requestVolume: 100, minimumHosts: 5, stdevFactor: 1900 };
/** Hosts a–d: 100 requests each, none failed. */
const FOUR_CLEAN = ["a", "b", "c", "d"].map((key) => host(key, 100, 0));

describe("successRateOutliers", () => {
  it("flags a host below mean − 1.9 stdev", () => {
    // Rates 100, 100, 100, 100, 50: mean 90, population stdev 20, threshold 90 − 38 = 52.
    const hosts = [...FOUR_CLEAN, host("e", 100, 50)];
    expect(successRateOutliers(hosts, RULE)).toEqual(["e"]);
  });

  it("does not flag a host just above the threshold", () => {
    // Rates 100 ×4 and 60: mean 92, stdev 16, threshold 92 − 30.4 = 61.6 → 60 is below; with factor 2500
    // the threshold is 92 − 40 = 52 → 60 is above.
    const hosts = [...FOUR_CLEAN, host("e", 100, 40)];
    expect(successRateOutliers(hosts, RULE)).toEqual(["e"]);
    expect(successRateOutliers(hosts, { ...RULE, stdevFactor: 2500 })).toEqual([]);
  });

  it("judges only hosts with the request volume, and only with enough of them", () => {
    const hosts = [...FOUR_CLEAN, host("e", 99, 99), host("f", 100, 50)];
    // e lacks volume; a–d and f make five: f is flagged, e is not judged.
    expect(successRateOutliers(hosts, RULE)).toEqual(["f"]);
    expect(successRateOutliers(hosts.slice(1), RULE)).toEqual([]);
  });

  it("flags nobody when every host does equally well or badly", () => {
    const hosts = ["a", "b", "c", "d", "e"].map((key) => host(key, 200, 100));
    expect(successRateOutliers(hosts, RULE)).toEqual([]);
  });
});

describe("failurePercentageOutliers", () => {
  const rule = { requestVolume: 50, minimumHosts: 5, threshold: 85 };

  it("flags hosts at or above the failure threshold", () => {
    const hosts = [
      host("a", 50, 0),
      host("b", 50, 42),
      host("c", 50, 43),
      host("d", 60, 60),
      host("e", 50, 10),
    ];
    // b 84%, c 86%, d 100%.
    expect(failurePercentageOutliers(hosts, rule)).toEqual(["c", "d"]);
  });

  it("needs the request volume and the minimum number of hosts", () => {
    const hosts = [
      host("a", 50, 50),
      host("b", 50, 0),
      host("c", 50, 0),
      host("d", 50, 0),
      host("e", 49, 49),
    ];
    expect(failurePercentageOutliers(hosts, rule)).toEqual([]);
    expect(failurePercentageOutliers(hosts, { ...rule, minimumHosts: 4 })).toEqual(["a"]);
  });
});
