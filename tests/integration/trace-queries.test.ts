// Trace search, summaries and one trace, called in-process on a real PostgreSQL with known spans: the SQL
// of lib/db/queries/{searchTraceSpans,getTraceSummaries,getTraceSpans}.ts and the indexes' query shapes
// (partial indexes, attribute containment) must keep the API's meaning. (telemetry-query.test.ts covers
// the same through HTTP, with the console as last built.)

import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maintainTelemetryPartitions } from "../../lib/db/queries/maintainTelemetryPartitions";
import { type TracesQuery, tracesQuery } from "../../lib/telemetry/query/schemas";
import { getTrace, searchTraces } from "../../lib/telemetry/query/traces";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";

const T0_MS = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const ns = (ms: number) => BigInt(Math.round(ms * 1e6));
const A = "a".repeat(32);
const B = "b".repeat(32);
const C = "c".repeat(32);
const RESOURCES = { web: "01".repeat(16), api: "02".repeat(16), batch: "03".repeat(16) };

interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: keyof typeof RESOURCES;
  operation: string;
  kind: number;
  startMs: number;
  durationMs: number;
  statusCode?: number;
  httpStatusCode?: number;
  attributes?: string;
}

async function insertSpan(pool: pg.Pool, s: SpanSpec): Promise<void> {
  await pool.query(
    `INSERT INTO telemetry_spans (start_ns, duration_ns, flags, dropped_attributes_count, dropped_events_count,
       dropped_links_count, kind, status_code, http_status_code, trace_id, span_id, parent_span_id, resource_id,
       service, operation, attributes)
     VALUES ($1, $2, 1, 0, 0, 0, $3, $4, $5, decode($6, 'hex'), decode($7, 'hex'), decode($8, 'hex'),
       decode($9, 'hex'), $10, $11, $12::jsonb)`,
    [
      ns(s.startMs).toString(),
      ns(s.durationMs).toString(),
      s.kind,
      s.statusCode ?? 0,
      s.httpStatusCode ?? null,
      s.traceId,
      s.spanId,
      s.parentSpanId ?? null,
      RESOURCES[s.service],
      s.service,
      s.operation,
      s.attributes ?? "{}",
    ],
  );
}

function query(filters: Partial<TracesQuery> = {}): TracesQuery {
  return tracesQuery({ fromMs: T0_MS - 60_000, toMs: T0_MS + 120_000 }, 20, filters);
}

describe("trace queries on PostgreSQL", () => {
  let t: TestDatabase;
  const ids = async (filters: Partial<TracesQuery>) =>
    (await searchTraces(t.db.pool, query(filters))).traces.map((trace) => trace.traceId);

  beforeAll(async () => {
    t = await createTestDatabase();
    const pool = t.db.pool;
    await maintainTelemetryPartitions(pool, new Date().toISOString().slice(0, 10), 2, {
      spans: 7,
      metrics: 7,
      rollups: 30,
    });
    for (const [service, id] of Object.entries(RESOURCES))
      await pool.query(
        "INSERT INTO telemetry_resources (id, last_seen, attributes) VALUES (decode($1, 'hex'), current_date, $2)",
        [id, JSON.stringify({ "service.name": service })],
      );
    // A: web → api, the api span failing with HTTP 503 and stored twice (a retried export).
    const apiSpan: SpanSpec = {
      traceId: A,
      spanId: "a3".repeat(8),
      parentSpanId: "a2".repeat(8),
      service: "api",
      operation: "GET /items",
      kind: 2,
      startMs: T0_MS + 2,
      durationMs: 30,
      httpStatusCode: 503,
      attributes: '{"http.response.status_code": 503, "user.id": "u1", "flag": true}',
    };
    for (const span of [
      {
        traceId: A,
        spanId: "a1".repeat(8),
        service: "web",
        operation: "GET /",
        kind: 2,
        startMs: T0_MS,
        durationMs: 50,
      },
      {
        traceId: A,
        spanId: "a2".repeat(8),
        parentSpanId: "a1".repeat(8),
        service: "web",
        operation: "GET",
        kind: 3,
        startMs: T0_MS + 1,
        durationMs: 40,
        attributes: '{"peer.service": "api"}',
      },
      apiSpan,
      apiSpan,
      // B: one slow failed span, with an integer attribute beyond JavaScript's exact range.
      {
        traceId: B,
        spanId: "b1".repeat(8),
        service: "api",
        operation: "POST /orders",
        kind: 2,
        startMs: T0_MS + 10_000,
        durationMs: 1_500,
        statusCode: 2,
        attributes: '{"user.id": "u2", "big": 12345678901234567891}',
      },
      // C: the newest, 30 short spans of one trace.
      ...Array.from({ length: 30 }, (_, i) => ({
        traceId: C,
        spanId: (i + 16).toString(16).padStart(16, "c"),
        service: "batch" as const,
        operation: "job",
        kind: 1,
        startMs: T0_MS + 20_000 + i,
        durationMs: 5,
        attributes: '{"tenant.id": "t1"}',
      })),
    ] satisfies SpanSpec[])
      await insertSpan(pool, span);
    await pool.query("ANALYZE telemetry_spans");
  });

  afterAll(async () => {
    await t?.drop();
  });

  it("samples span attributes widely enough to estimate rare values, on every spans partition", async () => {
    await t.db.pool.query(
      "SELECT * FROM telemetry_ensure_day_partitions('telemetry_spans', 'ns', current_date + 10, current_date + 10)",
    );
    const { rows } = await t.db.pool.query<{ relname: string; target: number }>(
      `SELECT c.relname, a.attstattarget AS target
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'attributes'
        WHERE i.inhparent = 'telemetry_spans'::regclass`,
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row, row.relname).toMatchObject({ target: 1000 });
  });

  it("finds traces newest first by service, operation, duration and status", async () => {
    expect(await ids({})).toEqual([C, B, A]);
    expect(await ids({ limit: 1 })).toEqual([C]);
    expect(await ids({ service: "api" })).toEqual([B, A]);
    expect(await ids({ service: "api", operation: "GET /items" })).toEqual([A]);
    expect(await ids({ minDurationNs: ns(1_000) })).toEqual([B]);
    expect(await ids({ minDurationNs: ns(45) })).toEqual([B, A]);
    expect(await ids({ maxDurationNs: ns(10) })).toEqual([C]);
    expect(await ids({ status: "error" })).toEqual([B, A]);
    expect(await ids({ status: "ok" })).toEqual([C, A]);
    expect(await ids({ range: { fromMs: T0_MS + 5_000, toMs: T0_MS + 15_000 } })).toEqual([B]);
  });

  it("compares attributes as text, whatever JSON type they were stored as", async () => {
    expect(await ids({ attributes: [["user.id", "u1"]] })).toEqual([A]);
    expect(await ids({ attributes: [["http.response.status_code", "503"]] })).toEqual([A]);
    expect(await ids({ attributes: [["flag", "true"]] })).toEqual([A]);
    expect(await ids({ attributes: [["big", "12345678901234567891"]] })).toEqual([B]);
    expect(await ids({ attributes: [["big", "12345678901234567890"]] })).toEqual([]);
    expect(
      await ids({
        attributes: [
          ["user.id", "u1"],
          ["http.response.status_code", "503"],
        ],
      }),
    ).toEqual([A]);
    expect(
      await ids({
        attributes: [
          ["user.id", "u1"],
          ["http.response.status_code", "500"],
        ],
      }),
    ).toEqual([]);
    expect(await ids({ attributes: [["tenant.id", "t1"]], limit: 1 })).toEqual([C]);
    expect(await ids({ attributes: [["user.id", "\udc00"]] })).toEqual([]);
  });

  it("summarises each trace once, folding stored duplicates", async () => {
    const [summary] = (await searchTraces(t.db.pool, query({ service: "web" }))).traces;
    expect(summary).toMatchObject({
      traceId: A,
      rootService: "web",
      rootOperation: "GET /",
      spanCount: 3,
      errorCount: 1,
      error: true,
      services: ["api", "web"],
      durationMs: 50,
      startTime: new Date(T0_MS).toISOString(),
    });
    const batch = (await searchTraces(t.db.pool, query({ service: "batch" }))).traces;
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ spanCount: 30, errorCount: 0, services: ["batch"] });
  });

  it("returns every span of a trace once, in start order, with its resource", async () => {
    const trace = await getTrace(t.db.pool, A);
    expect(trace?.truncated).toBe(false);
    expect(
      trace?.spans.map((s) => [s.service, s.kind, s.operation, s.parentSpanId, s.resource["service.name"]]),
    ).toEqual([
      ["web", "server", "GET /", null, "web"],
      ["web", "client", "GET", "a1".repeat(8), "web"],
      ["api", "server", "GET /items", "a2".repeat(8), "api"],
    ]);
    expect(trace?.spans[2]?.attributes).toEqual({
      "http.response.status_code": 503,
      "user.id": "u1",
      flag: true,
    });
    expect(trace?.spans[2]?.error).toBe(true);
    expect(await getTrace(t.db.pool, "9".repeat(32))).toBeNull();
  });
});
