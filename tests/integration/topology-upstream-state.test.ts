// Upstream state on the topology: sidecar-style gauges (ejected endpoints, open circuit breakers) sent by
// the OpenTelemetry JS SDK (ObservableGauge → OTLP/HTTP protobuf exporter) into a real `weft server`, read
// back through GET /api/v1/topology. Two instances of the caller report; the newest point of each series
// is its current state, so a recovery clears the marker.

import { type ObservableResult, ValueType } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  UPSTREAM_STATE_ATTRIBUTES as A,
  UPSTREAM_STATE_METRICS as M,
  PROXY_ATTRIBUTES,
  PROXY_METRICS,
} from "../../lib/telemetry/metric-contract";
import { metricsRequest } from "../../lib/telemetry/otlp/testing/metric-payloads";
import type { OtlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import type { ApiSession } from "../support/apiSession";
import { startServerWithAdmin } from "../support/serverWithAdmin";
import type { TestDatabase } from "../support/testDatabase";
import type { StartedServer } from "../support/weftProcess";

interface Upstream {
  endpoints: number;
  ejected: number;
  openBreakers: string[];
}
interface Topology {
  nodes: Array<{ name: string; kind: string; requests: number; upstream?: Upstream & { callers: string[] } }>;
  edges: Array<{ source: string; target: string; requests: number; upstream?: Upstream }>;
}

/** One cluster as a sidecar sees it: the gauges' values for one destination subset. */
interface ClusterState {
  destination: string;
  subset: string;
  endpoints: number;
  ejected: number;
  open: string[];
}

const LIMITS = ["max_connections", "max_pending_requests", "max_requests", "max_retries"];

/** A caller's sidecar instance exporting the upstream-state gauges with the real SDK. */
function sidecarGauges(otlpHttp: string, service: string, instance: string) {
  let clusters: ClusterState[] = [];
  const exporter = new OTLPMetricExporter({ url: `${otlpHttp}/v1/metrics` });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": service, "service.instance.id": instance }),
    readers: [reader],
  });
  const meter = provider.getMeter("weft-test-sidecar");
  const attributes = (cluster: ClusterState) => ({
    [A.sourceService]: service,
    [A.destinationService]: cluster.destination,
    [A.destinationSubset]: cluster.subset,
  });
  const observe = (pick: (cluster: ClusterState) => number) => (result: ObservableResult) => {
    for (const cluster of clusters) result.observe(pick(cluster), attributes(cluster));
  };
  meter
    .createObservableGauge(M.endpoints, { valueType: ValueType.INT })
    .addCallback(observe((c) => c.endpoints));
  meter.createObservableGauge(M.ejected, { valueType: ValueType.INT }).addCallback(observe((c) => c.ejected));
  meter.createObservableGauge(M.breakerOpen, { valueType: ValueType.INT }).addCallback((result) => {
    for (const cluster of clusters)
      for (const limit of LIMITS)
        result.observe(cluster.open.includes(limit) ? 1 : 0, {
          ...attributes(cluster),
          [A.breakerLimit]: limit,
        });
  });
  return {
    /** Exports the given state once (the export is acknowledged after it is stored). */
    async report(state: ClusterState[]) {
      clusters = state;
      await provider.forceFlush();
    },
    shutdown: () => provider.shutdown(),
  };
}

describe("upstream state on the topology", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let otlp: OtlpAddresses;
  let api: ApiSession;

  const topology = async (query = "from=now-15m&to=now") => {
    const response = await api.json<Topology>("GET", `/api/v1/topology?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    ({ t, server, otlp, api } = await startServerWithAdmin());
    // Traffic web → cart and web → catalog, as the caller's sidecar measures it (a DELTA histogram).
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const calls = (destination: string) => ({
      startTimeUnixNano: (nowNs - 10_000_000_000n).toString(),
      timeUnixNano: nowNs.toString(),
      count: "10",
      sum: 0.1,
      scale: 3,
      zeroCount: "0",
      positive: { offset: -54, bucketCounts: ["10"] },
      attributes: [
        { key: PROXY_ATTRIBUTES.sourceService, value: { stringValue: "web" } },
        { key: PROXY_ATTRIBUTES.destinationService, value: { stringValue: destination } },
      ],
    });
    const response = await fetch(`${otlp.http}/v1/metrics`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        metricsRequest(
          [
            {
              name: PROXY_METRICS.clientDuration,
              unit: "s",
              exponentialHistogram: {
                aggregationTemporality: 1,
                dataPoints: [calls("cart"), calls("catalog")],
              },
            },
          ],
          "web",
        ),
      ),
    });
    expect(response.status).toBe(200);
  });

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it("shows no upstream state before any gauge arrives", async () => {
    const graph = await topology();
    expect(graph.edges.map((e) => [e.source, e.target, e.requests])).toEqual([
      ["web", "cart", 10],
      ["web", "catalog", 10],
    ]);
    expect(graph.edges.some((e) => "upstream" in e)).toBe(false);
    expect(graph.nodes.some((n) => "upstream" in n)).toBe(false);
  });

  it("sums the callers' instances per edge, marks the callee, and clears on recovery", async () => {
    const web1 = sidecarGauges(otlp.http, "web", "web-1");
    const web2 = sidecarGauges(otlp.http, "web", "web-2");
    try {
      await web1.report([
        { destination: "cart", subset: "v1", endpoints: 2, ejected: 1, open: ["max_requests"] },
        { destination: "cart", subset: "v2", endpoints: 1, ejected: 0, open: [] },
        { destination: "catalog", subset: "", endpoints: 3, ejected: 0, open: [] },
        // Trouble on a pair without calls in the range: the edge appears without traffic.
        { destination: "payments", subset: "", endpoints: 1, ejected: 1, open: [] },
      ]);
      await web2.report([{ destination: "cart", subset: "v1", endpoints: 2, ejected: 0, open: [] }]);

      let graph = await topology();
      const cart = graph.edges.find((e) => e.target === "cart");
      expect(cart?.upstream).toEqual({ endpoints: 5, ejected: 1, openBreakers: ["max_requests"] });
      expect(cart?.requests).toBe(10);
      expect(graph.edges.find((e) => e.target === "catalog")).not.toHaveProperty("upstream");
      const payments = graph.edges.find((e) => e.target === "payments");
      expect(payments).toMatchObject({ source: "web", requests: 0 });
      expect(payments?.upstream).toEqual({ endpoints: 1, ejected: 1, openBreakers: [] });
      expect(graph.nodes.find((n) => n.name === "cart")?.upstream).toEqual({
        endpoints: 5,
        ejected: 1,
        openBreakers: ["max_requests"],
        callers: ["web"],
      });
      expect(graph.nodes.find((n) => n.name === "payments")).toMatchObject({
        kind: "service",
        upstream: { ejected: 1, callers: ["web"] },
      });
      expect(graph.nodes.find((n) => n.name === "web")).not.toHaveProperty("upstream");

      // Focus keeps the state of what it keeps.
      graph = await topology("from=now-15m&focus=cart&depth=1");
      expect(graph.edges.map((e) => [e.target, e.upstream?.ejected])).toEqual([["cart", 1]]);

      // A range that ended before the gauges were sent knows nothing of them.
      graph = await topology("from=now-30m&to=now-10m");
      expect(graph.edges).toEqual([]);

      // web-1's sidecar recovers: its newest points are zero, so only web-2's (healthy) view remains.
      await web1.report([
        { destination: "cart", subset: "v1", endpoints: 2, ejected: 0, open: [] },
        { destination: "cart", subset: "v2", endpoints: 1, ejected: 0, open: [] },
        { destination: "payments", subset: "", endpoints: 1, ejected: 0, open: [] },
      ]);
      graph = await topology();
      expect(graph.edges.map((e) => [e.target, e.upstream ?? null])).toEqual([
        ["cart", null],
        ["catalog", null],
      ]);
      expect(graph.nodes.some((n) => "upstream" in n)).toBe(false);
    } finally {
      await web1.shutdown();
      await web2.shutdown();
    }
  });
});
