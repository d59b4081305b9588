import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { AggregationTemporality } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { createDecodeContext } from "../limits";
import { decodeMetricsRequestProtobuf } from "../otlp/proto/metrics";
import { makeSdkMetrics } from "../otlp/testing/sdk-payloads";
import type { Attributes, HistogramPointRow } from "../rows";
import { addToHistogram, emptyHistogram, slotOfSeconds } from "./latency-histogram";
import { metricPointsToEdges, metricPointsToServiceMinutes } from "./metric-rollups";

const MINUTE_NS = 1_699_999_980_000_000_000n;
const MINUTE_MS = 1_699_999_980_000;

function clientPoint(attributes: Attributes, overrides: Partial<HistogramPointRow> = {}): HistogramPointRow {
  return {
    type: "histogram",
    service: "frontend",
    metricName: "http.client.request.duration",
    unit: "s",
    description: "",
    startNs: MINUTE_NS + 10_000_000_000n,
    timeNs: MINUTE_NS + 20_000_000_000n,
    flags: 0,
    attributes,
    droppedAttributesCount: 0,
    resourceAttributes: {},
    scope: { name: "weft-proxy", version: "" },
    temporality: 1,
    count: 4,
    sum: 0.2,
    min: 0.02,
    max: 0.08,
    explicitBounds: [0.05],
    bucketCounts: [3, 1],
    ...overrides,
  };
}

describe("metricPointsToEdges", () => {
  it("turns the SDK's client duration histogram into an edge with exactly its latency buckets", async () => {
    const resourceMetrics = await makeSdkMetrics(AggregationTemporality.DELTA);
    const body = ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!;
    const { rows } = decodeMetricsRequestProtobuf(body, createDecodeContext(Date.now()));
    const edges = metricPointsToEdges(rows);
    expect(edges).toHaveLength(1);
    const [edge] = edges;
    expect(edge).toMatchObject({
      source: "payments",
      destination: "ledger",
      requests: 7,
      errors: 0,
      origin: "metrics",
    });
    const expected = emptyHistogram();
    for (const seconds of [0.0012, 0.0015, 0.004, 0.01, 0.25, 0.25, 1.75]) addToHistogram(expected, seconds);
    expect(edge!.latency.counts).toEqual(expected.counts);
    expect(edge!.latency.sumSeconds).toBeCloseTo(2.2667, 9);
  });

  it("aggregates points per source, destination and minute and counts failed ones as errors", () => {
    const edges = metricPointsToEdges([
      clientPoint({ "weft.destination.service": "catalog", "http.response.status_code": 200 }),
      clientPoint({ "weft.destination.service": "catalog", "http.response.status_code": 503 }),
      clientPoint({ "weft.destination.service": "catalog", "error.type": "timeout" }),
      clientPoint({ "weft.destination.service": "catalog", "weft.source.service": "gateway" }),
      clientPoint(
        { "weft.destination.service": "catalog" },
        { unit: "ms", explicitBounds: [50], min: 20, max: 80, sum: 200 },
      ),
    ]);
    expect(
      edges.map(({ source, destination, minuteMs, requests, errors }) => ({
        source,
        destination,
        minuteMs,
        requests,
        errors,
      })),
    ).toEqual([
      { source: "frontend", destination: "catalog", minuteMs: MINUTE_MS, requests: 16, errors: 8 },
      { source: "gateway", destination: "catalog", minuteMs: MINUTE_MS, requests: 4, errors: 0 },
    ]);
    // Seconds and milliseconds land in the same slots.
    expect(edges[0]!.latency.counts[slotOfSeconds(Math.sqrt(0.02 * 0.05))]).toBe(12);
    expect(edges[0]!.latency.sumSeconds).toBeCloseTo(0.8, 9);
  });

  it("ignores cumulative points, points without a destination and other metrics", () => {
    expect(
      metricPointsToEdges([
        clientPoint({ "weft.destination.service": "catalog" }, { temporality: 2 }),
        clientPoint({ "server.address": "catalog" }),
        clientPoint(
          { "weft.destination.service": "catalog" },
          { metricName: "http.server.request.duration" },
        ),
        clientPoint({ "weft.destination.service": "catalog" }, { unit: "{request}" }),
      ]),
    ).toEqual([]);
  });

  it("assigns a point to the minute holding the middle of its interval", () => {
    const straddling = clientPoint(
      { "weft.destination.service": "catalog" },
      { startNs: MINUTE_NS + 50_000_000_000n, timeNs: MINUTE_NS + 80_000_000_000n },
    );
    expect(metricPointsToEdges([straddling])[0]!.minuteMs).toBe(MINUTE_MS + 60_000);
  });
});

describe("metricPointsToServiceMinutes", () => {
  it("rolls server duration points up per service and METHOD route", () => {
    const server = (attributes: Attributes) =>
      clientPoint(attributes, { metricName: "http.server.request.duration", service: "catalog" });
    const minutes = metricPointsToServiceMinutes([
      server({ "http.request.method": "GET", "http.route": "/items/:id", "http.response.status_code": 200 }),
      server({ "http.request.method": "GET", "http.route": "/items/:id", "http.response.status_code": 500 }),
      server({ "http.request.method": "POST" }),
    ]);
    expect(
      minutes.map(({ service, operation, route, requests, errors, origin }) => ({
        service,
        operation,
        route,
        requests,
        errors,
        origin,
      })),
    ).toEqual([
      {
        service: "catalog",
        operation: "GET /items/:id",
        route: "/items/:id",
        requests: 8,
        errors: 4,
        origin: "metrics",
      },
      { service: "catalog", operation: "POST", route: null, requests: 4, errors: 0, origin: "metrics" },
    ]);
  });
});
