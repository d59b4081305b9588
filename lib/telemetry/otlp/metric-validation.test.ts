// Metric payloads written by hand, through both decoders (and protobuf both packed and unpacked).

import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { createDecodeContext, type IngestLimits } from "../limits";
import type { DecodeResult, MetricPointRow } from "../rows";
import { DecodeError } from "./decode-error";
import { decodeMetricsRequestJson } from "./json/metrics";
import { decodeMetricsRequestProtobuf } from "./proto/metrics";
import { encodeMetricsRequest, type JsonMetric, metricsRequest } from "./testing/metric-payloads";
import { corruptedInputs } from "./testing/random";
import { makeSdkMetrics } from "./testing/sdk-payloads";
import { NOW_MS } from "./testing/trace-payloads";

const T0 = "1700000000000000000";
const T1 = "1700000010000000000";

function decodeAll(metrics: JsonMetric[], limits: Partial<IngestLimits> = {}): DecodeResult<MetricPointRow> {
  const ctx = createDecodeContext(NOW_MS, limits);
  const request = metricsRequest(metrics);
  const packed = decodeMetricsRequestProtobuf(encodeMetricsRequest(request), ctx);
  const unpacked = decodeMetricsRequestProtobuf(
    encodeMetricsRequest(request, { unpacked: true, nameLast: true }),
    ctx,
  );
  const json = decodeMetricsRequestJson(JSON.stringify(request), ctx);
  expect(unpacked).toEqual(packed);
  // Locations in messages use each encoding's field names; rows and counts must match.
  expect(json.rows).toEqual(packed.rows);
  expect(json.rejected).toBe(packed.rejected);
  expect(json.errors.length).toBe(packed.errors.length);
  return packed;
}

const histogram = (overrides: object = {}): JsonMetric => ({
  name: "http.client.request.duration",
  unit: "s",
  histogram: {
    aggregationTemporality: 1,
    dataPoints: [
      {
        startTimeUnixNano: T0,
        timeUnixNano: T1,
        count: "6",
        sum: 1.25,
        min: 0.001,
        max: 0.9,
        explicitBounds: [0.01, 0.1, 1],
        bucketCounts: ["1", "2", "3", "0"],
        attributes: [{ key: "weft.destination.service", value: { stringValue: "ledger" } }],
        ...overrides,
      },
    ],
  },
});

describe("metric data points", () => {
  it("decodes explicit histograms, packed or not, with the name before or after the data", () => {
    const { rows } = decodeAll([histogram()]);
    expect(rows).toEqual([
      expect.objectContaining({
        type: "histogram",
        service: "payments",
        metricName: "http.client.request.duration",
        unit: "s",
        startNs: BigInt(T0),
        timeNs: BigInt(T1),
        temporality: 1,
        count: 6,
        sum: 1.25,
        min: 0.001,
        max: 0.9,
        explicitBounds: [0.01, 0.1, 1],
        bucketCounts: [1, 2, 3, 0],
        attributes: { "weft.destination.service": "ledger" },
      }),
    ]);
  });

  it("decodes exponential histograms with negative scales and offsets", () => {
    const { rows } = decodeAll([
      {
        name: "latency",
        exponentialHistogram: {
          aggregationTemporality: 2,
          dataPoints: [
            {
              timeUnixNano: T1,
              count: "9",
              sum: -3,
              scale: -2,
              zeroCount: "1",
              zeroThreshold: 1e-9,
              positive: { offset: -3, bucketCounts: ["2", "0", "4"] },
              negative: { offset: 5, bucketCounts: ["2"] },
            },
          ],
        },
      },
    ]);
    expect(rows[0]).toMatchObject({
      type: "exponential_histogram",
      temporality: 2,
      count: 9,
      sum: -3,
      min: null,
      max: null,
      scale: -2,
      zeroCount: 1,
      zeroThreshold: 1e-9,
      positive: { offset: -3, counts: [2, 0, 4] },
      negative: { offset: 5, counts: [2] },
      startNs: 0n,
    });
  });

  it("decodes gauges, int and double sums, and summaries as they are", () => {
    const { rows } = decodeAll([
      { name: "g", gauge: { dataPoints: [{ timeUnixNano: T1, asDouble: -1.5, flags: 1 }] } },
      {
        name: "s",
        sum: {
          aggregationTemporality: 2,
          isMonotonic: true,
          dataPoints: [{ startTimeUnixNano: T0, timeUnixNano: T1, asInt: "-42" }],
        },
      },
      {
        name: "q",
        summary: {
          dataPoints: [
            {
              timeUnixNano: T1,
              count: "10",
              sum: 5,
              quantileValues: [
                { quantile: 0.5, value: 0.4 },
                { quantile: 0.99, value: 2 },
              ],
            },
          ],
        },
      },
    ]);
    expect(rows.map((row) => ({ ...row, resourceAttributes: undefined, scope: undefined }))).toEqual([
      expect.objectContaining({ type: "gauge", metricName: "g", value: -1.5, flags: 1 }),
      expect.objectContaining({ type: "sum", metricName: "s", value: -42, temporality: 2, monotonic: true }),
      expect.objectContaining({
        type: "summary",
        metricName: "q",
        count: 10,
        sum: 5,
        quantiles: [
          { quantile: 0.5, value: 0.4 },
          { quantile: 0.99, value: 2 },
        ],
      }),
    ]);
  });

  it.each<[string, JsonMetric, RegExp]>([
    [
      "bucket counts of the wrong length",
      histogram({ bucketCounts: ["1", "5"] }),
      /bucket_counts has 2 entries/,
    ],
    ["bounds that do not increase", histogram({ explicitBounds: [0.1, 0.01, 1] }), /not strictly increasing/],
    ["buckets that do not add up to the count", histogram({ count: "7" }), /do not add up to count/],
    ["a time of 0", histogram({ timeUnixNano: undefined }), /time is 0/],
    ["a time more than an hour ahead", histogram({ timeUnixNano: "1700003661000000000" }), /in the future/],
    [
      "a start after the time",
      histogram({ startTimeUnixNano: "1700000020000000000" }),
      /start time is after time/,
    ],
    ["a metric without a name", { ...histogram(), name: undefined }, /metric name is empty/],
  ])("rejects a point with %s and keeps the others", (_case, bad, reason) => {
    const result = decodeAll([histogram(), bad, histogram()]);
    expect(result.rows).toHaveLength(2);
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toMatch(/^resource_?[mM]etrics\[0\]\.scope_?[mM]etrics\[0\]\.metrics\[1\]/);
    expect(result.errors[0]).toMatch(reason);
  });

  it("rejects histograms with more buckets than the limit without keeping them all", () => {
    const bounds = Array.from({ length: 40 }, (_, i) => i + 1);
    const counts = Array.from({ length: 41 }, () => "1");
    const result = decodeAll([histogram({ explicitBounds: bounds, bucketCounts: counts, count: "41" })], {
      maxHistogramBuckets: 16,
    });
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toMatch(/more than 16 buckets/);
  });

  it("bounds point attributes and counts what it dropped", () => {
    const attributes = Array.from({ length: 5 }, (_, i) => ({
      key: `k${i}`,
      value: { stringValue: "v".repeat(20) },
    }));
    const { rows } = decodeAll([histogram({ attributes })], { maxAttributes: 3, maxStringBytes: 8 });
    expect(rows[0]!.attributes).toEqual({
      k0: "vvvvvvvv…[truncated 12 bytes]",
      k1: "vvvvvvvv…[truncated 12 bytes]",
      k2: "vvvvvvvv…[truncated 12 bytes]",
    });
    expect(rows[0]!.droppedAttributesCount).toBe(2);
  });

  it("rejects inconsistent exponential histograms", () => {
    const result = decodeAll([
      {
        name: "latency",
        exponentialHistogram: {
          dataPoints: [{ timeUnixNano: T1, count: "3", positive: { offset: 0, bucketCounts: ["1"] } }],
        },
      },
    ]);
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toMatch(/do not add up to count/);
  });

  it("throws DecodeError for every truncation of a real payload", async () => {
    const body = ProtobufMetricsSerializer.serializeRequest(await makeSdkMetrics())!;
    const ctx = createDecodeContext(Date.now());
    for (let length = 1; length < body.length; length++) {
      expect(() => decodeMetricsRequestProtobuf(body.subarray(0, length), ctx), `prefix ${length}`).toThrow(
        DecodeError,
      );
    }
  });

  it("never fails with anything but DecodeError on random or corrupted bytes", async () => {
    const valid = ProtobufMetricsSerializer.serializeRequest(await makeSdkMetrics())!;
    const ctx = createDecodeContext(Date.now());
    let decodedCleanly = 0;
    for (const body of corruptedInputs(valid, 7, 3000)) {
      try {
        decodeMetricsRequestProtobuf(body, ctx);
        decodedCleanly++;
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
      }
    }
    expect(decodedCleanly).toBeGreaterThan(0);
  });

  it("says where a malformed packed field is", () => {
    const body = encodeMetricsRequest(metricsRequest([histogram()]));
    // Find the packed explicit_bounds (field 7, 24 bytes) and shorten its declared length to 23.
    const at = body.findIndex((byte, i) => byte === 0x3a && body[i + 1] === 24);
    const broken = Uint8Array.from(body);
    broken[at + 1] = 23;
    expect(() => decodeMetricsRequestProtobuf(broken, createDecodeContext(NOW_MS))).toThrow(
      /^resource_metrics\[0\]\.scope_metrics\[0\]\.metrics\[0\]\.histogram\.data_points\[0\]: /,
    );
  });
});
