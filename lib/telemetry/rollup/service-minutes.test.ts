import { describe, expect, it } from "vitest";
import { quantileFromHistogram, slotOfSeconds } from "./latency-histogram";
import { spansToServiceMinutes } from "./service-minutes";
import { MINUTE_MS, MINUTE_NS, spanRow } from "./testing/span-rows";

describe("spansToServiceMinutes", () => {
  it("counts SERVER and CONSUMER spans per service, minute, operation and route", () => {
    const rows = [
      spanRow({ operation: "GET /a", httpRoute: "/a", durationNs: 20_000_000n }),
      spanRow({ operation: "GET /a", httpRoute: "/a", durationNs: 40_000_000n, statusCode: 2 }),
      spanRow({ operation: "GET /a", httpRoute: "/a", httpStatusCode: 503 }),
      spanRow({ operation: "GET /a", httpRoute: "/a", startNs: MINUTE_NS + 61_000_000_000n }),
      spanRow({ operation: "orders process", kind: 5 }),
      spanRow({ operation: "GET /b", kind: 3, parentSpanId: "00000000000000aa", httpStatusCode: 500 }),
      spanRow({ operation: "render", kind: 1, parentSpanId: "00000000000000aa" }),
      spanRow({ operation: "cron", kind: 1, parentSpanId: null }),
    ];
    const minutes = spansToServiceMinutes(rows);
    const summary = minutes.map(({ service, minuteMs, operation, route, requests, errors, origin }) => ({
      service,
      minuteMs,
      operation,
      route,
      requests,
      errors,
      origin,
    }));
    expect(summary).toEqual([
      {
        service: "frontend",
        minuteMs: MINUTE_MS,
        operation: "GET /a",
        route: "/a",
        requests: 3,
        errors: 2,
        origin: "spans",
      },
      {
        service: "frontend",
        minuteMs: MINUTE_MS + 60_000,
        operation: "GET /a",
        route: "/a",
        requests: 1,
        errors: 0,
        origin: "spans",
      },
      {
        service: "frontend",
        minuteMs: MINUTE_MS,
        operation: "orders process",
        route: null,
        requests: 1,
        errors: 0,
        origin: "spans",
      },
    ]);
    const first = minutes[0]!.latency;
    expect(first.count).toBe(3);
    expect(first.counts[slotOfSeconds(0.02)]).toBe(1);
    expect(first.counts[slotOfSeconds(0.04)]).toBe(1);
    expect(quantileFromHistogram(first, 1)! / 0.04).toBeCloseTo(1, 1);
  });

  it("counts root spans of any kind for services without SERVER or CONSUMER spans", () => {
    const rows = [
      spanRow({ service: "batch", kind: 1, operation: "nightly", statusCode: 2 }),
      spanRow({ service: "batch", kind: 3, operation: "GET", parentSpanId: "00000000000000aa" }),
      spanRow({ service: "script", kind: 3, operation: "POST /hook" }),
    ];
    const minutes = spansToServiceMinutes(rows);
    expect(
      minutes.map(({ service, operation, requests, errors }) => ({ service, operation, requests, errors })),
    ).toEqual([
      { service: "batch", operation: "nightly", requests: 1, errors: 1 },
      { service: "script", operation: "POST /hook", requests: 1, errors: 0 },
    ]);
  });

  it("returns nothing for no spans", () => {
    expect(spansToServiceMinutes([])).toEqual([]);
  });
});

describe("versions of service minutes", () => {
  it("use the mesh subset, else the resource's service.version", () => {
    const rows = [
      spanRow({
        attributes: { "weft.destination.subset": "v2" },
        resourceAttributes: { "service.version": "1.0" },
      }),
      spanRow({ resourceAttributes: { "service.version": "1.0" } }),
      spanRow({}),
    ];
    expect(spansToServiceMinutes(rows).map((m) => [m.version, m.requests])).toEqual([
      ["v2", 1],
      ["1.0", 1],
      [null, 1],
    ]);
  });
});
