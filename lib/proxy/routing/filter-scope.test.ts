import { describe, expect, it } from "vitest";
import type { FilterOverride } from "../config/route-model";
import { effectiveFilterOverride } from "./filter-scope";

const fault = (status: number): FilterOverride => ({
  kind: "fault",
  fault: {
    abort: { source: "http", httpStatus: status, percentage: { numerator: 100, denominator: 100 } },
    headers: [],
    downstreamNodes: [],
  },
});

describe("effectiveFilterOverride", () => {
  it("takes the most specific scope that configures the filter", () => {
    const route = new Map([["envoy.filters.http.fault", fault(503)]]);
    const vhost = new Map([["envoy.filters.http.fault", fault(500)]]);
    expect(effectiveFilterOverride("envoy.filters.http.fault", [undefined, route, vhost])).toEqual(
      fault(503),
    );
    expect(effectiveFilterOverride("envoy.filters.http.fault", [new Map(), new Map(), vhost])).toEqual(
      fault(500),
    );
    expect(
      effectiveFilterOverride("envoy.filters.http.fault", [
        new Map([["envoy.filters.http.fault", { kind: "disabled" }]]),
        route,
      ]),
    ).toEqual({
      kind: "disabled",
    });
    expect(effectiveFilterOverride("other", [route, vhost])).toBeUndefined();
  });
});
