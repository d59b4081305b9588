// GET /api/v1/services/{service}/series?dimensions=true lists the routes and versions the service's
// telemetry holds for the range (what the service page offers to split by), metric rows winning per minute.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROXY_ATTRIBUTES, PROXY_METRICS } from "../../lib/telemetry/metric-contract";
import { metricsRequest } from "../../lib/telemetry/otlp/testing/metric-payloads";
import { jsonSpan, traceRequest } from "../../lib/telemetry/otlp/testing/trace-payloads";
import type { OtlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import type { ApiSession } from "../support/apiSession";
import { startServerWithAdmin } from "../support/serverWithAdmin";
import type { TestDatabase } from "../support/testDatabase";
import type { StartedServer } from "../support/weftProcess";

const MINUTE = 60_000;
const M0 = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const iso = (ms: number) => new Date(ms).toISOString();
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

interface Dimensions {
  routes: Array<{ value: string; requests: number }>;
  versions: Array<{ value: string; requests: number }>;
}

let next = 0;
/** A SERVER span of "shop" at `ms`, with an http.route when given. */
function serverSpan(ms: number, route: string | null) {
  next++;
  return jsonSpan({
    traceId: next.toString(16).padStart(32, "a"),
    spanId: next.toString(16).padStart(16, "b"),
    parentSpanId: undefined,
    kind: 2,
    name: route === null ? "GET" : `GET ${route}`,
    startTimeUnixNano: ns(ms).toString(),
    endTimeUnixNano: (ns(ms) + 5_000_000n).toString(),
    attributes: route === null ? [] : [text("http.route", route)],
  });
}

describe("series dimensions", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let otlp: OtlpAddresses;
  let api: ApiSession;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${otlp.http}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    ({ t, server, otlp, api } = await startServerWithAdmin());
    // Spans of version 1.0: in M0 three /api/cart, one /api/search, one without a route; in M0 + 1 two
    // /api/search, which the sidecar's metrics of that minute outweigh.
    const spans = traceRequest(
      [
        ...[1, 2, 3].map((k) => serverSpan(M0 + k * 1000, "/api/cart")),
        serverSpan(M0 + 4_000, "/api/search"),
        serverSpan(M0 + 5_000, null),
        serverSpan(M0 + MINUTE + 1_000, "/api/search"),
        serverSpan(M0 + MINUTE + 2_000, "/api/search"),
      ],
      "shop",
    );
    spans.resourceSpans[0]!.resource!.attributes!.push(text("service.version", "1.0"));
    await post("/v1/traces", spans);
    await post(
      "/v1/metrics",
      metricsRequest(
        [
          {
            name: PROXY_METRICS.serverDuration,
            unit: "s",
            histogram: {
              aggregationTemporality: 1,
              dataPoints: [
                {
                  startTimeUnixNano: ns(M0 + MINUTE + 10_000).toString(),
                  timeUnixNano: ns(M0 + MINUTE + 20_000).toString(),
                  count: "10",
                  sum: 0.1,
                  explicitBounds: [0.005, 0.01],
                  bucketCounts: ["0", "10", "0"],
                  attributes: [
                    text(PROXY_ATTRIBUTES.method, "GET"),
                    text(PROXY_ATTRIBUTES.route, "/api/cart"),
                    text(PROXY_ATTRIBUTES.destinationSubset, "v2"),
                  ],
                },
              ],
            },
          },
        ],
        "shop",
      ),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  const range = `from=${iso(M0 - MINUTE)}&to=${iso(M0 + 3 * MINUTE)}`;

  it("lists routes and versions with their requests, busiest first", async () => {
    const { status, body } = await api.json<{ dimensions?: Dimensions; points: unknown[] }>(
      "GET",
      `/api/v1/services/shop/series?${range}&dimensions=true`,
    );
    expect(status).toBe(200);
    expect(body.dimensions).toEqual({
      routes: [
        { value: "/api/cart", requests: 13 },
        { value: "/api/search", requests: 1 },
      ],
      versions: [
        { value: "v2", requests: 10 },
        { value: "1.0", requests: 5 },
      ],
    });
  });

  it("is left out unless asked for, and is the same whatever the series is filtered by", async () => {
    const plain = await api.json<Record<string, unknown>>("GET", `/api/v1/services/shop/series?${range}`);
    expect(plain.body).not.toHaveProperty("dimensions");
    const filtered = await api.json<{ dimensions?: Dimensions; points: Array<{ requests: number }> }>(
      "GET",
      `/api/v1/services/shop/series?${range}&route=/api/cart&dimensions=true`,
    );
    expect(filtered.body.points.reduce((sum, p) => sum + p.requests, 0)).toBe(13);
    expect(filtered.body.dimensions?.routes.map((r) => r.value)).toEqual(["/api/cart", "/api/search"]);
    const none = await api.json<{ dimensions?: Dimensions }>(
      "GET",
      `/api/v1/services/nobody/series?${range}&dimensions=true`,
    );
    expect(none.body.dimensions).toEqual({ routes: [], versions: [] });
    const bad = await api.json("GET", `/api/v1/services/shop/series?${range}&dimensions=yes`);
    expect(bad.status).toBe(400);
  });
});
