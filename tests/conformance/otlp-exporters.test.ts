// The OpenTelemetry JS exporters (protobuf, JSON and gRPC, with and without gzip, to the OTLP/HTTP port,
// the console port and the gRPC port) against a running `weft server`; the query API must then return
// exactly what was sent.

import { isDeepStrictEqual } from "node:util";
import type { ExportResult } from "@opentelemetry/core";
import { OTLPMetricExporter as GrpcMetricExporter } from "@opentelemetry/exporter-metrics-otlp-grpc";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as GrpcTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AggregationTemporality, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedMetricRows, expectedSpanRow } from "../../lib/telemetry/otlp/testing/expected-rows";
import { makeSdkMetrics, makeSdkSpans } from "../../lib/telemetry/otlp/testing/sdk-payloads";
import type { SpanRow } from "../../lib/telemetry/rows";
import type { OtlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import type { ApiSession } from "../support/apiSession";
import { startServerWithAdmin } from "../support/serverWithAdmin";
import type { TestDatabase } from "../support/testDatabase";
import type { StartedServer } from "../support/weftProcess";

type Transport = "proto" | "json" | "grpc";
type Port = "otlp" | "console";
const VARIANTS: Array<[Transport, boolean, Port]> = [
  ["proto", false, "otlp"],
  ["proto", true, "otlp"],
  ["proto", false, "console"],
  ["json", false, "otlp"],
  ["json", true, "console"],
  ["grpc", false, "otlp"],
  ["grpc", true, "otlp"],
];

// The columns derived from attributes, per span of the fixture (as in the decoder tests).
const DERIVED: Record<string, Partial<SpanRow>> = {
  "GET /users/:id": { httpMethod: "GET", httpRoute: "/users/:id", httpStatusCode: 200 },
  "SELECT users": { peerService: "db.internal:5432" },
  "orders publish": { peerService: "orders-queue" },
};
const KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"];
const STATUSES = ["unset", "ok", "error"];

interface Exporter<T> {
  export(items: T, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

async function send<T>(exporter: Exporter<T>, items: T): Promise<ExportResult> {
  const result = await new Promise<ExportResult>((resolve) => exporter.export(items, resolve));
  await exporter.shutdown();
  return result;
}

describe("OpenTelemetry JS exporters → weft server → query API", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let otlp: OtlpAddresses;
  let api: ApiSession;

  beforeAll(async () => {
    ({ t, server, otlp, api } = await startServerWithAdmin());
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  const baseUrl = (port: Port) => (port === "console" ? server.url : otlp.http);
  const compression = (gzip: boolean) => (gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE);

  function traceExporter(transport: Transport, gzip: boolean, port: Port): Exporter<ReadableSpan[]> {
    const url = `${baseUrl(port)}/v1/traces`;
    if (transport === "proto") return new ProtoTraceExporter({ url, compression: compression(gzip) });
    if (transport === "json") return new JsonTraceExporter({ url, compression: compression(gzip) });
    return new GrpcTraceExporter({ url: `http://${otlp.grpc}`, compression: compression(gzip) });
  }

  function metricExporter(transport: Transport, gzip: boolean, port: Port): Exporter<ResourceMetrics> {
    const url = `${baseUrl(port)}/v1/metrics`;
    const options = {
      url,
      compression: compression(gzip),
      temporalityPreference: AggregationTemporality.DELTA,
    };
    if (transport === "proto") return new ProtoMetricExporter(options);
    if (transport === "json") return new JsonMetricExporter(options);
    return new GrpcMetricExporter({ ...options, url: `http://${otlp.grpc}` });
  }

  describe.each(VARIANTS)("%s (gzip %s) to the %s port", (transport, gzip, port) => {
    const name = `${transport}-${gzip ? "gzip" : "plain"}-${port}`;

    it("stores every span exactly as sent", async () => {
      const seed = VARIANTS.findIndex(([a, b, c]) => a === transport && b === gzip && c === port) + 1;
      const spans = makeSdkSpans({
        resource: { "service.name": `checkout-${name}`, "service.version": "1.4.2" },
        epochSeconds: Math.floor(Date.now() / 1000) - 60,
        idSeed: seed,
      });
      expect((await send(traceExporter(transport, gzip, port), spans)).code).toBe(0);
      const traceId = spans[0]!.spanContext().traceId;
      const { status, body } = await api.json<{ spans: Array<Record<string, unknown>> }>(
        "GET",
        `/api/v1/traces/${traceId}`,
      );
      expect(status).toBe(200);
      expect(body.spans.length).toBe(spans.length);
      for (const sdkSpan of spans) {
        const row = expectedSpanRow(sdkSpan, DERIVED[sdkSpan.name]);
        const stored = body.spans.find((s) => s.spanId === row.spanId);
        expect(stored, sdkSpan.name).toEqual({
          traceId: row.traceId,
          spanId: row.spanId,
          parentSpanId: row.parentSpanId,
          traceState: row.traceState,
          service: row.service,
          operation: row.operation,
          kind: KINDS[row.kind],
          startTime: new Date(Number(row.startNs / 1_000_000n)).toISOString(),
          startTimeUnixNano: row.startNs.toString(),
          endTimeUnixNano: row.endNs.toString(),
          durationNano: row.durationNs.toString(),
          durationMs: Number(row.durationNs) / 1e6,
          status: { code: STATUSES[row.statusCode], message: row.statusMessage },
          error: row.statusCode === 2,
          http: { method: row.httpMethod, route: row.httpRoute, statusCode: row.httpStatusCode },
          peerService: row.peerService,
          flags: row.flags,
          attributes: row.attributes,
          resource: row.resourceAttributes,
          scope: row.scope,
          events: row.events.map((e) => ({
            name: e.name,
            timeUnixNano: e.timeNs,
            attributes: e.attributes,
            droppedAttributesCount: e.droppedAttributesCount,
          })),
          links: row.links,
          droppedAttributesCount: row.droppedAttributesCount,
          droppedEventsCount: row.droppedEventsCount,
          droppedLinksCount: row.droppedLinksCount,
        });
      }
      const search = await api.json<{ traces: Array<Record<string, unknown>> }>(
        "GET",
        `/api/v1/traces?service=checkout-${name}&from=now-1h`,
      );
      const root = spans.find((s) => s.name === "GET /users/:id")!;
      const rootRow = expectedSpanRow(root);
      expect(search.body.traces).toEqual([
        expect.objectContaining({
          traceId,
          rootService: `checkout-${name}`,
          rootOperation: "GET /users/:id",
          startTimeUnixNano: rootRow.startNs.toString(),
          spanCount: spans.length,
          errorCount: 1,
          error: true,
        }),
      ]);
    });

    it("stores every data point exactly as sent, histogram buckets included, and rolls them up", async () => {
      const collected = await makeSdkMetrics(AggregationTemporality.DELTA);
      const service = `payments-${name}`;
      const metrics: ResourceMetrics = {
        ...collected,
        resource: resourceFromAttributes({ ...collected.resource.attributes, "service.name": service }),
      };
      expect((await send(metricExporter(transport, gzip, port), metrics)).code).toBe(0);
      const expected = expectedMetricRows(metrics);
      const { status, body } = await api.json<{ points: Array<Record<string, unknown>> }>(
        "GET",
        `/api/v1/services/${service}/metrics?from=now-1h&to=now%2B1h`,
      );
      expect(status).toBe(200);
      expect(body.points.length).toBe(expected.length);
      for (const row of expected) {
        const stored = body.points.find(
          (p) => p.name === row.metricName && isDeepStrictEqual(p.attributes, row.attributes),
        );
        expect(stored, row.metricName).toMatchObject({
          type: row.type,
          unit: row.unit,
          description: row.description,
          startTimeUnixNano: row.startNs.toString(),
          timeUnixNano: row.timeNs.toString(),
          resource: row.resourceAttributes,
          scope: row.scope,
        });
        if (row.type === "histogram")
          expect(stored).toMatchObject({
            count: row.count,
            sum: row.sum,
            min: row.min,
            max: row.max,
            explicitBounds: row.explicitBounds,
            bucketCounts: row.bucketCounts,
            temporality: "delta",
          });
        else if (row.type === "exponential_histogram")
          expect(stored).toMatchObject({
            count: row.count,
            sum: row.sum,
            exponential: {
              scale: row.scale,
              zeroCount: row.zeroCount,
              positive: { offset: row.positive.offset, bucketCounts: row.positive.counts },
              negative: { offset: row.negative.offset, bucketCounts: row.negative.counts },
            },
          });
        else if (row.type === "sum")
          expect(stored).toMatchObject({ value: row.value, monotonic: row.monotonic });
        else if (row.type === "gauge") expect(stored).toMatchObject({ value: row.value });
      }
      // The sidecar-contract histograms roll up: 7 requests into the service, 7 calls to ledger.
      const topology = await api.json<{
        nodes: Array<{ name: string; kind: string; requests: number }>;
        edges: Array<{ source: string; target: string; origin: string; requests: number }>;
      }>("GET", `/api/v1/topology?from=now-10m&focus=${service}`);
      expect(topology.body.edges).toEqual([
        expect.objectContaining({ source: service, target: "ledger", origin: "metrics", requests: 7 }),
      ]);
      expect(topology.body.nodes.find((n) => n.name === service)).toMatchObject({
        kind: "service",
        requests: 7,
      });
    });
  });
});
