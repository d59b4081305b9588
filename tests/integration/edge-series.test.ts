// GET /api/v1/edges/series over known telemetry: one caller → callee pair per minute, metric rows winning
// over span rows in the same minute, empty steps present, other pairs left out, and 400s for bad input.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callSpans, otlpTraceRequest } from "../../lib/console/testing/otlpTraces";
import { PROXY_ATTRIBUTES, PROXY_METRICS } from "../../lib/telemetry/metric-contract";
import { metricsRequest } from "../../lib/telemetry/otlp/testing/metric-payloads";
import type { OtlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import type { ApiSession } from "../support/apiSession";
import { startServerWithAdmin } from "../support/serverWithAdmin";
import type { TestDatabase } from "../support/testDatabase";
import type { StartedServer } from "../support/weftProcess";

interface Point {
  time: string;
  requests: number;
  rate: number;
  errors: number;
  errorRate: number | null;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null };
}
interface EdgeSeries {
  source: string;
  target: string;
  from: string;
  to: string;
  stepSeconds: number;
  points: Point[];
}

const MINUTE = 60_000;
/** Three whole minutes some time ago: metrics in the first two, spans in the first and the third. */
const M0 = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const iso = (ms: number) => new Date(ms).toISOString();

/** A DELTA histogram point of web's sidecar: `count` calls to `destination`, `errors` of them 503s. */
function clientPoint(minuteMs: number, destination: string, count: number, status: number) {
  return {
    startTimeUnixNano: ns(minuteMs + 10_000).toString(),
    timeUnixNano: ns(minuteMs + 20_000).toString(),
    count: String(count),
    sum: count * 0.02,
    scale: 3,
    zeroCount: "0",
    // Slot -46 at scale 3 holds (2^(-46/8), 2^(-45/8)] s ≈ (18.6, 20.3] ms.
    positive: { offset: -46, bucketCounts: [String(count)] },
    attributes: [
      { key: PROXY_ATTRIBUTES.sourceService, value: { stringValue: "web" } },
      { key: PROXY_ATTRIBUTES.destinationService, value: { stringValue: destination } },
      { key: PROXY_ATTRIBUTES.statusCode, value: { intValue: String(status) } },
    ],
  };
}

describe("edge series API", () => {
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
  const series = (query: string) => api.json<EdgeSeries>("GET", `/api/v1/edges/series?${query}`);

  beforeAll(async () => {
    ({ t, server, otlp, api } = await startServerWithAdmin());
    await post(
      "/v1/metrics",
      metricsRequest(
        [
          {
            name: PROXY_METRICS.clientDuration,
            unit: "s",
            exponentialHistogram: {
              aggregationTemporality: 1,
              dataPoints: [
                clientPoint(M0, "cart", 60, 200),
                clientPoint(M0, "cart", 6, 503),
                clientPoint(M0 + MINUTE, "cart", 120, 200),
                clientPoint(M0, "catalog", 500, 200),
              ],
            },
          },
        ],
        "web",
      ),
    );
    // Spans: 3 calls web → cart in M0 (metrics win there) and 2 in M0 + 2 min (spans only).
    const spans = [0, 1, 2, 3, 4].flatMap((k) => {
      const call = callSpans({
        id: 100 + k,
        from: "web",
        to: "cart",
        startNs: ns((k < 3 ? M0 : M0 + 2 * MINUTE) + 30_000 + k * 100),
        durationNs: 5_000_000n,
      });
      // The edge counts errors as the caller's CLIENT span saw them.
      if (k === 4) call[1]!.error = true;
      return call;
    });
    await post("/v1/traces", otlpTraceRequest(spans));
  });

  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it("gives the pair's calls per step, metrics winning per minute, every step present", async () => {
    const { status, body } = await series(
      `source=web&target=cart&from=${iso(M0 - MINUTE)}&to=${iso(M0 + 4 * MINUTE)}&step=1m`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      source: "web",
      target: "cart",
      from: iso(M0 - MINUTE),
      to: iso(M0 + 4 * MINUTE),
      stepSeconds: 60,
    });
    expect(body.points.map((p) => [p.time, p.requests, p.errors, p.rate])).toEqual([
      [iso(M0 - MINUTE), 0, 0, 0],
      [iso(M0), 66, 6, 1.1],
      [iso(M0 + MINUTE), 120, 0, 2],
      [iso(M0 + 2 * MINUTE), 2, 1, 0.033333],
      [iso(M0 + 3 * MINUTE), 0, 0, 0],
    ]);
    // 18.6..20.3 ms, reported as the bucket's harmonic middle.
    expect(body.points[1]?.latencyMs.p99).toBeGreaterThan(18.6);
    expect(body.points[1]?.latencyMs.p99).toBeLessThan(20.3);
    expect(body.points[1]?.errorRate).toBeCloseTo(6 / 66, 6);
    expect(body.points[3]?.latencyMs.p50).toBeGreaterThan(4.7);
    expect(body.points[3]?.latencyMs.p50).toBeLessThan(5.3);
  });

  it("sums minutes into larger steps and keeps other pairs out", async () => {
    const { body } = await series(
      `source=web&target=cart&from=${iso(M0)}&to=${iso(M0 + 4 * MINUTE)}&step=2m`,
    );
    expect(body.points.map((p) => [p.time, p.requests])).toEqual([
      [iso(M0), 186],
      [iso(M0 + 2 * MINUTE), 2],
    ]);
    const reverse = await series(`source=cart&target=web&from=${iso(M0)}&to=${iso(M0 + 2 * MINUTE)}&step=1m`);
    expect(reverse.status).toBe(200);
    expect(reverse.body.points.map((p) => p.requests)).toEqual([0, 0]);
    const other = await series(`source=web&target=catalog&from=${iso(M0)}&to=${iso(M0 + MINUTE)}`);
    expect(other.body.points.map((p) => p.requests)).toEqual([500]);
  });

  it("explains missing or impossible parameters", async () => {
    const missing = await api.json<{ error: { code: string; message: string } }>(
      "GET",
      "/api/v1/edges/series?source=web",
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("invalid_request");
    expect(missing.body.error.message).toContain("target");
    const tooMany = await api.json<{ error: { message: string } }>(
      "GET",
      "/api/v1/edges/series?source=web&target=cart&from=now-30d&step=1m",
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain("at most 1440");
  });
});
