import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTraceSpans } from "../../lib/db/queries/getTraceSpans";
import { listMetricPoints } from "../../lib/db/queries/listMetricPoints";
import { maintainTelemetryPartitions } from "../../lib/db/queries/maintainTelemetryPartitions";
import { planFlush } from "../../lib/telemetry/ingest/plan";
import { resolveStoredCalls } from "../../lib/telemetry/ingest/resolve-calls";
import { type SpanWriter, writeFlush } from "../../lib/telemetry/ingest/write-flush";
import { utcDate } from "../../lib/telemetry/retention/window";
import { slotOfSeconds } from "../../lib/telemetry/rollup/latency-histogram";
import { spanRow } from "../../lib/telemetry/rollup/testing/span-rows";
import type { HistogramPointRow, MetricPointRow, SpanRow } from "../../lib/telemetry/rows";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";

const RETENTION = { spans: 7, metrics: 7, rollups: 30 };
const NOW_MS = Date.now();
/** A minute boundary a little in the past, so every row lands in one known minute. */
const MINUTE_MS = Math.floor(NOW_MS / 60_000) * 60_000 - 10 * 60_000;
const MINUTE_NS = BigInt(MINUTE_MS) * 1_000_000n;

let counter = 0;
const hex = (length: number) => (++counter).toString(16).padStart(length, "0");

/** A span in the test minute with fresh ids. */
function span(overrides: Partial<SpanRow> = {}): SpanRow {
  return spanRow({ traceId: hex(32), spanId: hex(16), startNs: MINUTE_NS + 1_000_000_000n, ...overrides });
}

describe("telemetry storage: COPY, rollups, calls across flushes and partitions on PostgreSQL", () => {
  let t: TestDatabase;

  /** Writes one flush; returns its open calls. */
  const write = async (spans: SpanRow[], points: MetricPointRow[] = [], writer: SpanWriter = "copy") => {
    const plan = planFlush(spans, points);
    await writeFlush(t.db.pool, plan, {
      writer,
      today: utcDate(NOW_MS),
      ensurePartitions: async () => {
        await maintainTelemetryPartitions(t.db.pool, utcDate(Date.now()), 2, RETENTION);
      },
    });
    return plan.calls.openCalls;
  };

  const edges = async (source: string) =>
    (
      await t.db.pool.query<{
        destination: string;
        destination_kind: string;
        requests: string;
        errors: string;
      }>(
        `SELECT destination, destination_kind, sum(requests) AS requests, sum(errors) AS errors
           FROM telemetry_edge_minutes WHERE source = $1 GROUP BY destination, destination_kind ORDER BY destination`,
        [source],
      )
    ).rows.map((r) => ({ ...r, requests: Number(r.requests), errors: Number(r.errors) }));

  beforeAll(async () => {
    t = await createTestDatabase();
    await maintainTelemetryPartitions(t.db.pool, utcDate(NOW_MS), 2, RETENTION);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("stores spans by binary COPY and reads back exactly what was written", async () => {
    const root = span({
      service: "checkout",
      operation: "POST /pay",
      kind: 2,
      durationNs: 12_345_678n,
      statusCode: 2,
      statusMessage: "card declined",
      httpMethod: "POST",
      httpRoute: "/pay",
      httpStatusCode: 502,
      traceState: "vendor=x",
      flags: 0x301,
      attributes: {
        "http.route": "/pay",
        big: 2 ** 40,
        list: [1, "two", true],
        nested: { a: null },
        ünï: "✓",
      },
      resourceAttributes: { "service.name": "checkout", "host.name": "n1" },
      scope: { name: "weft-tests", version: "1.2" },
      events: [
        { name: "retry", timeNs: `${MINUTE_NS + 2n}`, attributes: { n: 1 }, droppedAttributesCount: 3 },
      ],
      links: [
        {
          traceId: "a".repeat(32),
          spanId: "b".repeat(16),
          traceState: "",
          attributes: {},
          droppedAttributesCount: 0,
        },
      ],
      droppedAttributesCount: 9,
      droppedEventsCount: 1,
      droppedLinksCount: 2,
    });
    const child = span({ traceId: root.traceId, parentSpanId: root.spanId, kind: 1, service: "checkout" });
    await write([root, child]);
    const stored = await getTraceSpans(t.db.pool, root.traceId, 100);
    expect(stored.map((s) => s.spanId)).toEqual([root.spanId, child.spanId]);
    expect(stored[0]).toEqual({
      traceId: root.traceId,
      spanId: root.spanId,
      parentSpanId: null,
      traceState: "vendor=x",
      service: "checkout",
      operation: "POST /pay",
      kind: 2,
      startNs: root.startNs,
      durationNs: 12_345_678n,
      statusCode: 2,
      statusMessage: "card declined",
      httpMethod: "POST",
      httpRoute: "/pay",
      httpStatusCode: 502,
      peerService: null,
      flags: 0x301,
      attributes: root.attributes,
      resource: root.resourceAttributes,
      scopeName: "weft-tests",
      scopeVersion: "1.2",
      events: root.events,
      links: root.links,
      droppedAttributesCount: 9,
      droppedEventsCount: 1,
      droppedLinksCount: 2,
    });
    expect(stored[1]!.parentSpanId).toBe(root.spanId);
  });

  it("writes the same rows through the row-at-a-time path", async () => {
    const row = span({
      service: "rows-path",
      attributes: { k: "v" },
      resourceAttributes: { "service.name": "rows-path" },
    });
    await write([row], [], "rows");
    const [stored] = await getTraceSpans(t.db.pool, row.traceId, 10);
    expect(stored).toMatchObject({
      service: "rows-path",
      attributes: { k: "v" },
      resource: { "service.name": "rows-path" },
    });
  });

  it("stores metric points with their buckets", async () => {
    const base = {
      service: "metrics-svc",
      unit: "s",
      description: "d",
      startNs: MINUTE_NS,
      timeNs: MINUTE_NS + 10_000_000_000n,
      flags: 0,
      attributes: { "http.route": "/a" },
      droppedAttributesCount: 0,
      resourceAttributes: { "service.name": "metrics-svc" },
      scope: { name: "s", version: "" },
    };
    const histogram: HistogramPointRow = {
      ...base,
      type: "histogram",
      metricName: "latency",
      temporality: 1,
      count: 6,
      sum: 1.5,
      min: 0.001,
      max: 1,
      explicitBounds: [0.005, 0.1, 0.5],
      bucketCounts: [1, 2, 0, 3],
    };
    await write(
      [],
      [
        histogram,
        {
          ...base,
          type: "exponential_histogram",
          metricName: "exp",
          temporality: 2,
          count: 4,
          sum: null,
          min: null,
          max: null,
          scale: 3,
          zeroCount: 1,
          zeroThreshold: 0,
          positive: { offset: -20, counts: [1, 0, 1] },
          negative: { offset: 2, counts: [1] },
        },
        { ...base, type: "sum", metricName: "requests", value: 7, temporality: 2, monotonic: true },
        {
          ...base,
          type: "summary",
          metricName: "q",
          count: 3,
          sum: 9,
          quantiles: [{ quantile: 0.5, value: 2 }],
        },
      ],
    );
    const points = await listMetricPoints(
      t.db.pool,
      "metrics-svc",
      null,
      MINUTE_NS,
      MINUTE_NS + 60_000_000_000n,
      10,
    );
    const byName = new Map(points.map((p) => [p.metricName, p]));
    expect(byName.get("latency")).toMatchObject({
      type: 3,
      temporality: 1,
      count: 6,
      sum: 1.5,
      min: 0.001,
      max: 1,
      bounds: [0.005, 0.1, 0.5],
      bucketCounts: [1, 2, 0, 3],
      attributes: { "http.route": "/a" },
      resource: { "service.name": "metrics-svc" },
    });
    expect(byName.get("exp")).toMatchObject({
      type: 4,
      scale: 3,
      zeroCount: 1,
      positiveOffset: -20,
      bucketCounts: [1, 0, 1],
      negativeOffset: 2,
      negativeCounts: [1],
      sum: null,
    });
    expect(byName.get("requests")).toMatchObject({ type: 2, value: 7, monotonic: true });
    expect(byName.get("q")).toMatchObject({
      type: 5,
      count: 3,
      sum: 9,
      quantiles: [0.5],
      quantileValues: [2],
    });
  });

  it("adds rollups of later flushes into the same minute, histograms slot by slot", async () => {
    const ms = (n: number) => BigInt(n) * 1_000_000n;
    await write([span({ service: "adder", kind: 2, durationNs: ms(20) })]);
    await write([
      span({ service: "adder", kind: 2, durationNs: ms(20), statusCode: 2 }),
      span({ service: "adder", kind: 2, durationNs: ms(800) }),
    ]);
    const result = await t.db.pool.query<{
      requests: string;
      errors: string;
      slots: number[];
      counts: string[];
    }>(
      `SELECT requests, errors, array(SELECT generate_subscripts(latency, 1)) AS slots, latency::text[] AS counts
         FROM telemetry_service_minutes WHERE service = 'adder'`,
    );
    expect(result.rows.length).toBe(1);
    const row = result.rows[0]!;
    expect([Number(row.requests), Number(row.errors)]).toEqual([3, 1]);
    const histogram = new Map(row.slots.map((slot, i) => [slot, Number(row.counts[i])]));
    expect(histogram.get(slotOfSeconds(0.02))).toBe(2);
    expect(histogram.get(slotOfSeconds(0.8))).toBe(1);
    expect([...histogram.values()].reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("decides a call whose server span arrives in another flush by its caller, once", async () => {
    // Each service exports its own spans: the client and its server child come in different flushes, in
    // either order; the open call is decided afterwards against what is stored.
    const first = span({ service: "web", kind: 3, peerService: "api:8080", durationNs: 30_000_000n });
    const second = span({ service: "web", kind: 3, peerService: "api:8080", httpStatusCode: 503 });
    const unanswered = span({ service: "web", kind: 3, peerService: "postgres:5432" });
    const open = [
      ...(await write([first])),
      ...(await write([
        span({ traceId: second.traceId, service: "api", kind: 2, parentSpanId: second.spanId }),
      ])),
      ...(await write([second, unanswered])),
    ];
    await write([span({ traceId: first.traceId, service: "api", kind: 2, parentSpanId: first.spanId })]);
    expect(await edges("web")).toEqual([]);
    await resolveStoredCalls(t.db.pool, open, 0);
    expect(await edges("web")).toEqual([
      { destination: "api", destination_kind: "service", requests: 2, errors: 1 },
      { destination: "postgres:5432", destination_kind: "peer", requests: 1, errors: 0 },
    ]);
  });

  it("counts a call answered within its flush at once, and the same in concurrent flushes", async () => {
    const pairs = Array.from({ length: 40 }, () => {
      const client = span({ service: "fanout", kind: 3, peerService: "leaf:80" });
      return [
        client,
        span({ traceId: client.traceId, service: "leaf", kind: 2, parentSpanId: client.spanId }),
      ];
    });
    const open = await Promise.all(pairs.map((pair) => write(pair)));
    expect(open.flat()).toEqual([]);
    expect(await edges("fanout")).toEqual([
      { destination: "leaf", destination_kind: "service", requests: 40, errors: 0 },
    ]);
  });

  it("creates partitions ahead, drops expired ones, and refuses nothing it has a partition for", async () => {
    const far = utcDate(NOW_MS + 20 * 86_400_000);
    const changes = await maintainTelemetryPartitions(t.db.pool, far, 2, RETENTION);
    const today = utcDate(NOW_MS).replaceAll("-", "");
    expect(changes.dropped).toContain(`telemetry_spans_p${today}`);
    expect(changes.dropped).not.toContain(`telemetry_service_minutes_p${today}`);
    expect(changes.created).toContain(`telemetry_spans_p${far.replaceAll("-", "")}`);
    // A write for a day whose partition was dropped recreates it (once) and succeeds.
    await write([span({ service: "after-drop" })]);
    const count = await t.db.pool.query(
      "SELECT count(*)::int AS n FROM telemetry_spans WHERE service = 'after-drop'",
    );
    expect(count.rows[0]!.n).toBe(1);
  });
});
