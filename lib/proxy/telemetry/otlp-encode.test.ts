import { describe, expect, it } from "vitest";
import { createDecodeContext } from "@/lib/telemetry/limits";
import { decodeMetricsRequestProtobuf, decodeTraceRequestProtobuf } from "@/lib/telemetry/otlp";
import { SpanKind, StatusCode, Temporality } from "@/lib/telemetry/rows";
import { ExponentialHistogram } from "./exp-histogram";
import { encodeMetricsRequest, encodeTraceRequest } from "./otlp-encode";

const ctx = () => createDecodeContext(Date.parse("2030-01-01T00:00:00Z"));
const resource = [
  ["service.name", "reviews"],
  ["service.instance.id", "reviews-1"],
] as const;
const scope = { name: "weft-proxy", version: "0.1.0" };

describe("encodeTraceRequest, read back by ingest's decoder", () => {
  it("round-trips ids, times, kind, attributes of every type and the status", () => {
    const start = 1_760_000_000_123_456_789n;
    const bytes = encodeTraceRequest(resource, scope, [
      {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        parentSpanId: "00f067aa0ba902b7",
        traceState: "vendor=x",
        name: "GET",
        kind: 3,
        startNs: start,
        endNs: start + 1_500_000n,
        attributes: [
          ["http.request.method", "GET"],
          ["http.response.status_code", 503],
          ["weft.fault.injected", true],
          ["weft.retries", 0],
          ["ratio", 0.25],
          ["empty", ""],
        ],
        statusCode: 2,
        statusMessage: "503",
        flags: 1,
      },
    ]);
    const result = decodeTraceRequestProtobuf(bytes, ctx());
    expect(result.rejected).toBe(0);
    const [span] = result.rows;
    expect(span).toMatchObject({
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "b7ad6b7169203331",
      parentSpanId: "00f067aa0ba902b7",
      traceState: "vendor=x",
      service: "reviews",
      operation: "GET",
      kind: SpanKind.Client,
      startNs: start,
      durationNs: 1_500_000n,
      statusCode: StatusCode.Error,
      statusMessage: "503",
      httpMethod: "GET",
      httpStatusCode: 503,
      flags: 1,
      scope: { name: "weft-proxy", version: "0.1.0" },
    });
    expect(span?.attributes).toMatchObject({
      "weft.fault.injected": true,
      "weft.retries": 0,
      ratio: 0.25,
      empty: "",
    });
    expect(span?.resourceAttributes).toMatchObject({ "service.instance.id": "reviews-1" });
  });

  it("encodes many spans and long strings (nested lengths above one byte)", () => {
    const spans = Array.from({ length: 300 }, (_, i) => ({
      traceId: (i + 1).toString(16).padStart(32, "0"),
      spanId: (i + 1).toString(16).padStart(16, "0"),
      name: `GET ${"x".repeat(i)}`,
      kind: 2,
      startNs: 1_000n,
      endNs: 2_000n,
      attributes: [["url.path", "/".repeat(200)]] as const,
      statusCode: 0,
      flags: 0,
    }));
    const rows = decodeTraceRequestProtobuf(encodeTraceRequest(resource, scope, spans), ctx()).rows;
    expect(rows).toHaveLength(300);
    expect(rows[299]?.operation).toBe(`GET ${"x".repeat(299)}`);
    expect(rows[5]?.kind).toBe(SpanKind.Server);
  });
});

describe("encodeMetricsRequest, read back by ingest's decoder", () => {
  it("writes DELTA exponential histograms at scale 3 with exact buckets", () => {
    const h = new ExponentialHistogram();
    for (const seconds of [0.001, 0.001, 0.002, 0.5, 0]) h.record(seconds);
    const bytes = encodeMetricsRequest(resource, scope, [
      {
        name: "http.client.request.duration",
        description: "Duration of HTTP client requests.",
        unit: "s",
        points: [
          {
            attributes: [
              ["http.request.method", "GET"],
              ["weft.destination.service", "ratings"],
            ],
            startNs: 1_000_000_000n,
            timeNs: 11_000_000_000n,
            count: h.count,
            sum: h.sum,
            min: h.min,
            max: h.max,
            scale: 3,
            zeroCount: h.zeroCount,
            positive: h.buckets(),
          },
        ],
      },
    ]);
    const result = decodeMetricsRequestProtobuf(bytes, ctx());
    expect(result.rejected).toBe(0);
    const [point] = result.rows;
    if (point?.type !== "exponential_histogram") throw new Error(`got ${point?.type}`);
    expect(point).toMatchObject({
      service: "reviews",
      metricName: "http.client.request.duration",
      unit: "s",
      temporality: Temporality.Delta,
      count: 5,
      zeroCount: 1,
      scale: 3,
      min: 0,
      max: 0.5,
      startNs: 1_000_000_000n,
      timeNs: 11_000_000_000n,
      attributes: { "http.request.method": "GET", "weft.destination.service": "ratings" },
    });
    expect(point.sum).toBeCloseTo(0.504, 9);
    expect(point.positive.counts.reduce((a, b) => a + b, 0)).toBe(4);
    // 1 ms is in bucket ceil(8·log2(0.001)) - 1 = -80.
    expect(point.positive.offset).toBe(-80);
    expect(point.positive.counts[0]).toBe(2);
  });
});

describe("encodeMetricsRequest gauges, read back by ingest's decoder", () => {
  it("writes integer gauge points stamped with the export time", () => {
    const bytes = encodeMetricsRequest(
      resource,
      scope,
      [],
      [
        {
          name: "weft.upstream.endpoints.ejected",
          description: "Endpoints ejected by outlier detection",
          unit: "{endpoint}",
          points: [{ attributes: [["weft.destination.service", "ratings"]], value: 2 }],
        },
      ],
      5_000_000_000n,
    );
    const result = decodeMetricsRequestProtobuf(bytes, ctx());
    expect(result.rejected).toBe(0);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({
      type: "gauge",
      service: "reviews",
      metricName: "weft.upstream.endpoints.ejected",
      value: 2,
      timeNs: 5_000_000_000n,
      attributes: { "weft.destination.service": "ratings" },
    });
  });
});
