import { describe, expect, it } from "vitest";
import { createDecodeContext } from "@/lib/telemetry/limits";
import { decodeMetricsRequestJson } from "@/lib/telemetry/otlp/json/metrics";
import { otlpUpstreamGaugeRequest } from "./otlpUpstreamGauges";

describe("otlpUpstreamGaugeRequest", () => {
  it("decodes as integer gauges with the contract's attributes", () => {
    const timeNs = 1_700_000_000_000_000_000n;
    const request = otlpUpstreamGaugeRequest(
      "web",
      "web-1",
      [{ destination: "cart", subset: "v1", endpoints: 2, ejected: 1, open: ["max_requests"] }],
      timeNs,
    );
    const { rows, rejected } = decodeMetricsRequestJson(
      new TextEncoder().encode(JSON.stringify(request)),
      createDecodeContext(1_700_000_000_000 + 1_000),
    );
    expect(rejected).toBe(0);
    const values = rows.map((row) => [
      row.metricName,
      row.type,
      row.type === "gauge" ? row.value : null,
      row.attributes["weft.circuit_breaker.limit"] ?? null,
    ]);
    expect(values).toEqual([
      ["weft.upstream.endpoints", "gauge", 2, null],
      ["weft.upstream.endpoints.ejected", "gauge", 1, null],
      ["weft.upstream.circuit_breaker.open", "gauge", 0, "max_connections"],
      ["weft.upstream.circuit_breaker.open", "gauge", 0, "max_pending_requests"],
      ["weft.upstream.circuit_breaker.open", "gauge", 1, "max_requests"],
      ["weft.upstream.circuit_breaker.open", "gauge", 0, "max_retries"],
    ]);
    expect(rows[0]?.attributes).toEqual({
      "weft.source.service": "web",
      "weft.destination.service": "cart",
      "weft.destination.subset": "v1",
    });
    expect(rows[0]?.resourceAttributes).toMatchObject({ "service.instance.id": "web-1" });
  });
});
