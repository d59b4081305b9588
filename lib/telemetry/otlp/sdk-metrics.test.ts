// Real metric exports from the OpenTelemetry JS SDK and its OTLP serializers, through both decoders.

import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { AggregationTemporality } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { createDecodeContext } from "../limits";
import { decodeMetricsRequestJson } from "./json/metrics";
import { decodeMetricsRequestProtobuf } from "./proto/metrics";
import { expectedMetricRows } from "./testing/expected-rows";
import { makeSdkMetrics } from "./testing/sdk-payloads";

describe.each([AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA])(
  "SDK metric export (SDK temporality %s)",
  (temporality) => {
    it("decodes every point exactly, from protobuf and from JSON", async () => {
      const resourceMetrics = await makeSdkMetrics(temporality);
      // The SDK stamps points with its own clock; the ingest clock must be at least as late.
      const ctx = createDecodeContext(Date.now());
      const expected = expectedMetricRows(resourceMetrics);
      expect(expected.map((row) => row.type).sort()).toEqual([
        "exponential_histogram",
        "gauge",
        "histogram",
        "sum",
        "sum",
        "sum",
      ]);
      const fromProtobuf = decodeMetricsRequestProtobuf(
        ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!,
        ctx,
      );
      expect(fromProtobuf).toEqual({ rows: expected, rejected: 0, errors: [] });
      const fromJson = decodeMetricsRequestJson(
        JsonMetricsSerializer.serializeRequest(resourceMetrics)!,
        ctx,
      );
      expect(fromJson).toEqual({ rows: expected, rejected: 0, errors: [] });
    });
  },
);

describe("SDK metric export details", () => {
  it("keeps histogram buckets, exponential buckets and sum settings", async () => {
    const resourceMetrics = await makeSdkMetrics();
    const { rows } = decodeMetricsRequestProtobuf(
      ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!,
      createDecodeContext(Date.now()),
    );
    const byName = new Map(rows.map((row) => [`${row.metricName}/${JSON.stringify(row.attributes)}`, row]));
    const server = byName.get(
      'http.server.request.duration/{"http.request.method":"POST","http.route":"/pay"}',
    );
    expect(server).toMatchObject({
      type: "histogram",
      unit: "s",
      temporality: 2,
      count: 7,
      min: 0.003,
      max: 2,
      explicitBounds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      bucketCounts: [2, 0, 1, 0, 2, 0, 1, 0, 1],
    });
    const client = byName.get('http.client.request.duration/{"weft.destination.service":"ledger"}');
    expect(client?.type).toBe("exponential_histogram");
    if (client?.type === "exponential_histogram") {
      expect(client.count).toBe(7);
      expect(client.positive.counts.reduce((a, b) => a + b, 0)).toBe(7);
    }
    expect(byName.get('requests/{"route":"/pay","ok":true}')).toMatchObject({
      type: "sum",
      value: 5,
      monotonic: true,
    });
    expect(byName.get("in_flight/{}")).toMatchObject({ type: "sum", value: 2, monotonic: false });
    expect(byName.get('queue.depth/{"queue":"payments"}')).toMatchObject({
      type: "gauge",
      value: 17.5,
      service: "payments",
    });
  });
});
