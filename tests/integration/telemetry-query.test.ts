// The query API over known telemetry: services, topology (focus and depth), series, trace search with
// every filter, one trace, and the 400s for impossible parameters. Data arrives through OTLP/JSON, so
// every time and attribute is chosen by the test.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricsRequest } from "../../lib/telemetry/otlp/testing/metric-payloads";
import { type JsonSpan, jsonSpan, traceRequest } from "../../lib/telemetry/otlp/testing/trace-payloads";
import type { OtlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import type { ApiSession } from "../support/apiSession";
import { startServerWithAdmin } from "../support/serverWithAdmin";
import type { TestDatabase } from "../support/testDatabase";
import type { StartedServer } from "../support/weftProcess";

const MINUTE_MS = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

let next = 0;
function span(startMs: number, durationMs: number, overrides: JsonSpan = {}): JsonSpan {
  next++;
  return jsonSpan({
    traceId: next.toString(16).padStart(32, "d"),
    spanId: next.toString(16).padStart(16, "e"),
    parentSpanId: undefined,
    kind: 2,
    startTimeUnixNano: ns(startMs).toString(),
    endTimeUnixNano: (ns(startMs) + BigInt(Math.round(durationMs * 1e6))).toString(),
    ...overrides,
  });
}
const attr = (key: string, value: string | number) =>
  typeof value === "string" ? { key, value: { stringValue: value } } : { key, value: { intValue: value } };

function withResource(request: ReturnType<typeof traceRequest>, version: string) {
  request.resourceSpans[0]!.resource!.attributes!.push(attr("service.version", version));
  return request;
}

interface Red {
  requests: number;
  rate: number;
  errors: number;
  errorRate: number | null;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null };
}

describe("query API over known telemetry", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let otlp: OtlpAddresses;
  let api: ApiSession;
  const ids: Record<string, string> = {};

  const send = async (path: "/v1/traces" | "/v1/metrics", body: unknown) => {
    const response = await fetch(`${otlp.http}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  };
  const get = <T>(path: string) => api.json<T>("GET", path);

  beforeAll(async () => {
    // Calls that cross exports are decided a moment after their caller is stored: at the next second here.
    ({ t, server, otlp, api } = await startServerWithAdmin({ WEFT_SPAN_CALL_SETTLE_SECONDS: "0" }));

    // "api": four requests in one minute, two of them failing.
    const route = (value: string) => attr("http.route", value);
    const items = [
      span(MINUTE_MS + 1_000, 10, {
        name: "GET /items",
        attributes: [route("/items"), attr("user.id", "u1")],
      }),
      span(MINUTE_MS + 2_000, 20, { name: "GET /items", attributes: [route("/items")] }),
      span(MINUTE_MS + 3_000, 30, {
        name: "GET /items",
        attributes: [
          route("/items"),
          attr("http.response.status_code", 503),
          attr("weft.destination.subset", "v2"),
        ],
      }),
      span(MINUTE_MS + 4_000, 1000, {
        name: "POST /orders",
        attributes: [route("/orders")],
        status: { code: 2 },
      }),
    ];
    ["fast", "medium", "unavailable", "orders"].forEach((name, i) => {
      ids[name] = items[i]!.traceId!;
    });
    await send("/v1/traces", withResource(traceRequest(items, "api"), "1.0"));

    // A chain exported by each service on its own: web → gw → postgres (which reports nothing).
    const root = span(MINUTE_MS + 5_000, 50, { name: "GET /", kind: 2 });
    const webClient = span(MINUTE_MS + 5_001, 40, {
      traceId: root.traceId,
      parentSpanId: root.spanId,
      name: "GET",
      kind: 3,
      attributes: [attr("peer.service", "gw")],
    });
    const gwServer = span(MINUTE_MS + 5_002, 30, {
      traceId: root.traceId,
      parentSpanId: webClient.spanId,
      kind: 2,
    });
    const gwClient = span(MINUTE_MS + 5_003, 20, {
      traceId: root.traceId,
      parentSpanId: gwServer.spanId,
      name: "SELECT",
      kind: 3,
      attributes: [attr("server.address", "postgres"), attr("server.port", 5432)],
    });
    ids.chain = root.traceId!;
    await send("/v1/traces", traceRequest([gwServer, gwClient], "gw"));
    await send("/v1/traces", traceRequest([root, webClient], "web"));

    // "metered": spans in two minutes, sidecar metrics in the second; metrics win where they exist.
    await send(
      "/v1/traces",
      traceRequest(
        [span(MINUTE_MS - 60_000, 5), span(MINUTE_MS + 1_000, 5), span(MINUTE_MS + 2_000, 5)],
        "metered",
      ),
    );
    await send(
      "/v1/metrics",
      metricsRequest(
        [
          {
            name: "http.server.request.duration",
            unit: "s",
            histogram: {
              aggregationTemporality: 1,
              dataPoints: [
                {
                  startTimeUnixNano: ns(MINUTE_MS + 10_000).toString(),
                  timeUnixNano: ns(MINUTE_MS + 20_000).toString(),
                  count: "10",
                  sum: 0.1,
                  explicitBounds: [0.005, 0.01],
                  bucketCounts: ["0", "10", "0"],
                  attributes: [attr("http.request.method", "GET"), attr("http.response.status_code", 500)],
                },
              ],
            },
          },
        ],
        "metered",
      ),
    );
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it("lists services with rate, error rate and latency quantiles, preferring metrics per minute", async () => {
    const { status, body } = await get<{ from: string; to: string; services: Array<Red & { name: string }> }>(
      `/api/v1/services?from=${iso(MINUTE_MS - 120_000)}&to=${iso(MINUTE_MS + 120_000)}`,
    );
    expect(status).toBe(200);
    expect([body.from, body.to]).toEqual([iso(MINUTE_MS - 120_000), iso(MINUTE_MS + 120_000)]);
    const byName = new Map(body.services.map((s) => [s.name, s]));
    expect([...byName.keys()]).toEqual(["api", "gw", "metered", "web"]);
    const apiRed = byName.get("api")!;
    expect([apiRed.requests, apiRed.errors, apiRed.errorRate]).toEqual([4, 2, 0.5]);
    expect(apiRed.rate).toBeCloseTo(4 / 240, 6);
    // Quantiles come from the shared histogram: within 4.33% of the true value.
    expect(Math.abs(apiRed.latencyMs.p50! / 20 - 1)).toBeLessThan(0.0433);
    expect(Math.abs(apiRed.latencyMs.p99! / 1000 - 1)).toBeLessThan(0.0433);
    const metered = byName.get("metered")!;
    expect([metered.requests, metered.errors]).toEqual([1 + 10, 10]);
  });

  it("builds the topology from span calls matched across exports, with peers as external nodes", async () => {
    const range = `from=${iso(MINUTE_MS - 60_000)}&to=${iso(MINUTE_MS + 60_000)}`;
    type Topology = {
      nodes: Array<Red & { name: string; kind: string }>;
      edges: Array<Red & { source: string; target: string; origin: string }>;
    };
    let all = await get<Topology>(`/api/v1/topology?${range}`);
    for (let i = 0; i < 100 && all.body.edges.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      all = await get<Topology>(`/api/v1/topology?${range}`);
    }
    expect(all.body.nodes.map((n) => [n.name, n.kind])).toEqual([
      ["api", "service"],
      ["gw", "service"],
      ["metered", "service"],
      ["postgres:5432", "external"],
      ["web", "service"],
    ]);
    expect(all.body.edges.map((e) => [e.source, e.target, e.requests, e.origin])).toEqual([
      ["gw", "postgres:5432", 1, "spans"],
      ["web", "gw", 1, "spans"],
    ]);
    expect(all.body.edges[1]!.latencyMs.p50! / 40).toBeCloseTo(1, 1);
    expect(all.body.nodes.find((n) => n.name === "postgres:5432")!.requests).toBe(1);
    const near = await get<Topology>(`/api/v1/topology?${range}&focus=web&depth=1`);
    expect(near.body.nodes.map((n) => n.name)).toEqual(["gw", "web"]);
    expect(near.body.edges.map((e) => `${e.source}→${e.target}`)).toEqual(["web→gw"]);
    const far = await get<Topology>(`/api/v1/topology?${range}&focus=web&depth=2`);
    expect(far.body.nodes.map((n) => n.name)).toEqual(["gw", "postgres:5432", "web"]);
  });

  it("gives a service's series per step, filtered by route or version", async () => {
    type Series = { stepSeconds: number; points: Array<Red & { time: string }> };
    const range = `from=${iso(MINUTE_MS - 120_000)}&to=${iso(MINUTE_MS + 120_000)}&step=1m`;
    const all = await get<Series>(`/api/v1/services/api/series?${range}`);
    expect(all.status).toBe(200);
    expect(all.body.stepSeconds).toBe(60);
    expect(all.body.points.map((p) => [p.time, p.requests, p.errors])).toEqual([
      [iso(MINUTE_MS - 120_000), 0, 0],
      [iso(MINUTE_MS - 60_000), 0, 0],
      [iso(MINUTE_MS), 4, 2],
      [iso(MINUTE_MS + 60_000), 0, 0],
    ]);
    expect(all.body.points[2]!.rate).toBeCloseTo(4 / 60, 6);
    const v2 = await get<Series>(`/api/v1/services/api/series?${range}&version=v2`);
    expect(v2.body.points.map((p) => p.requests)).toEqual([0, 0, 1, 0]);
    const v1 = await get<Series>(`/api/v1/services/api/series?${range}&version=1.0`);
    expect(v1.body.points.map((p) => p.requests)).toEqual([0, 0, 3, 0]);
    const orders = await get<Series>(`/api/v1/services/api/series?${range}&route=/orders`);
    expect(orders.body.points.map((p) => [p.requests, p.errors])).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it("searches traces by service, operation, duration, status and attributes", async () => {
    const search = async (query: string) =>
      (
        await get<{ traces: Array<{ traceId: string }> }>(
          `/api/v1/traces?from=${iso(MINUTE_MS - 60_000)}&${query}`,
        )
      ).body.traces.map(
        (trace) => Object.entries(ids).find(([, id]) => id === trace.traceId)?.[0] ?? trace.traceId,
      );
    expect(await search("service=api")).toEqual(["orders", "unavailable", "medium", "fast"]);
    expect(await search("service=api&limit=1")).toEqual(["orders"]);
    expect(await search("service=api&minDuration=25ms")).toEqual(["orders", "unavailable"]);
    expect(await search("service=api&maxDuration=15ms")).toEqual(["fast"]);
    expect(await search("service=api&minDuration=15ms&maxDuration=0.5s")).toEqual(["unavailable", "medium"]);
    expect(await search("service=api&status=error")).toEqual(["orders", "unavailable"]);
    expect(await search("service=api&status=ok")).toEqual(["medium", "fast"]);
    expect(await search("operation=POST%20%2Forders")).toEqual(["orders"]);
    expect(await search("attr.user.id=u1")).toEqual(["fast"]);
    expect(await search("attr.http.response.status_code=503&attr.http.route=/items")).toEqual([
      "unavailable",
    ]);
    expect(await search("service=gw")).toEqual(["chain"]);
    const summary = (
      await get<{ traces: Array<Record<string, unknown>> }>(`/api/v1/traces?service=gw&from=now-1h`)
    ).body.traces[0];
    expect(summary).toMatchObject({
      traceId: ids.chain,
      rootService: "web",
      rootOperation: "GET /",
      spanCount: 4,
      errorCount: 0,
      error: false,
      services: ["gw", "web"],
      durationMs: 50,
      startTime: iso(MINUTE_MS + 5_000),
    });
  });

  it("returns every span of one trace, 404 for an unknown one and 400 for a malformed id", async () => {
    const chain = await get<{ spans: Array<{ service: string; kind: string; operation: string }> }>(
      `/api/v1/traces/${ids.chain}`,
    );
    expect(chain.body.spans.map((s) => `${s.service}:${s.kind}:${s.operation}`)).toEqual([
      "web:server:GET /",
      "web:client:GET",
      "gw:server:GET /items",
      "gw:client:SELECT",
    ]);
    expect((await get(`/api/v1/traces/${"9".repeat(32)}`)).status).toBe(404);
    const malformed = await get<{ error: { code: string; message: string } }>("/api/v1/traces/xyz");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe("invalid path: traceId must be 32 hexadecimal characters");
  });

  it("answers 400 naming the parameter for impossible ranges and malformed values", async () => {
    const error = async (path: string) => {
      const response = await get<{ error: { code: string; message: string } }>(path);
      expect(response.status, path).toBe(400);
      return response.body.error.message;
    };
    expect(await error("/api/v1/services?from=now&to=now-1h")).toMatch(
      /^invalid query: from: from \(.*\) must be before to/,
    );
    expect(await error("/api/v1/topology?from=2026-02-30T00:00:00Z")).toMatch(
      /from: .* is not a valid date and time/,
    );
    expect(await error("/api/v1/topology?depth=0")).toMatch(/depth/);
    expect(await error("/api/v1/services/api/series?from=now-30d&step=1m")).toMatch(/at most 1440/);
    expect(await error("/api/v1/traces?minDuration=fast")).toMatch(/minDuration: "fast" is not a duration/);
    expect(await error("/api/v1/traces?from=1969-01-01T00:00:00Z")).toMatch(/before 1970/);
  });

  it("needs a login or token, and lets a viewer read", async () => {
    expect((await fetch(`${server.url}/api/v1/services`)).status).toBe(401);
    const created = await api.json<{ token: string }>("POST", "/api/v1/tokens", {
      name: "reader",
      role: "viewer",
    });
    const response = await fetch(`${server.url}/api/v1/topology`, {
      headers: { authorization: `Bearer ${created.body.token}` },
    });
    expect(response.status).toBe(200);
  });
});
