// Seeds the query benchmark's database: spans generated inside PostgreSQL by INSERT … SELECT over ranges
// of traces, run on several connections at once, with the span indexes dropped meanwhile and rebuilt
// afterwards (a sorted build is several times faster than keeping a random trace-id index up to date row
// by row); then the rollups of a 500-service / 2,000-edge topology for every minute of the last day, and
// their bucket levels, computed by the server's own roll-up (as if ingest had marked the buckets).

import type pg from "pg";
import { syntheticMesh } from "../../lib/console/graph/syntheticMesh";
import { markRollupPending } from "../../lib/db/queries/markRollupPending";
import { pendingBucketsOf } from "../../lib/telemetry/rollup/levels";
import { SETTLE_MS } from "../../lib/telemetry/rollup/levels-job";
import { rollUpClosedBuckets } from "../../lib/telemetry/rollup/roll-up-levels";
import {
  EDGE_MINUTES_SQL,
  EDGES_SQL,
  HELPERS_SQL,
  HISTOGRAMS_SQL,
  SERVICE_MINUTES_SQL,
  SERVICES_SQL,
  SPANS_SQL,
  TRACES_SQL,
} from "./query-seed-sql";

export interface SeedOptions {
  spans: number;
  services: number;
  edges: number;
  /** Spans start within this many hours before endMs. */
  spanHours: number;
  /** Rollups cover this many hours before endMs. */
  rollupHours: number;
  endMs: number;
  /** Connections working at once. */
  workers: number;
  log: (line: string) => void;
}

export interface SeedResult {
  spans: number;
  traces: number;
  seconds: {
    helpers: number;
    spans: number;
    indexes: number;
    rollups: number;
    levels: number;
    analyze: number;
    total: number;
  };
  spanTableMb: number;
  spanIndexesMb: number;
}

const USERS = 200_000;
/** Small chunks of adjacent time, so that the workers' rows interleave only within about an hour. */
const CHUNKS = 100;

export async function seedQueryBench(pool: pg.Pool, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const lap = stopwatch();
  await pool.query(HELPERS_SQL);
  await pool.query(SERVICES_SQL, [options.services]);
  const endNs = BigInt(options.endMs) * 1_000_000n;
  const windowNs = BigInt(options.spanHours) * 3_600_000_000_000n;
  // About 20.6 spans per trace on average: generate enough candidates, the cut keeps exactly `spans`.
  const candidates = Math.ceil(options.spans / 12) + 100;
  await pool.query(TRACES_SQL, [options.spans, candidates, endNs.toString(), windowNs.toString(), USERS]);
  const traces = Number(
    (await pool.query<{ n: string }>("SELECT count(*) AS n FROM bench_traces")).rows[0]!.n,
  );
  const helpers = lap();

  const indexes = await dropSpanIndexes(pool);
  const chunks = splitRange(traces, CHUNKS);
  let done = 0;
  await runQueue(chunks, options.workers, async ([from, to]) => {
    await pool.query(SPANS_SQL, [from, to, options.services]);
    done += to - from;
    if (Math.floor(((done - (to - from)) / traces) * 10) === Math.floor((done / traces) * 10)) return;
    options.log(
      `  spans: ${Math.round((done / traces) * 100)}% of ${traces.toLocaleString("en-US")} traces (${elapsed(started)} s)`,
    );
  });
  const spans = lap();
  await runQueue(indexes, options.workers, async (definition) => {
    const client = await pool.connect();
    try {
      await client.query("SET maintenance_work_mem = '512MB'");
      await client.query(definition);
    } finally {
      client.release();
    }
  });
  const indexSeconds = lap();
  options.log(`  span indexes rebuilt (${indexes.length}) in ${indexSeconds} s`);

  const minutes = await seedRollups(pool, options);
  const rollups = lap();
  options.log(
    `  rollups: ${options.rollupHours} h of ${options.services} services and ${options.edges} edges`,
  );
  // What weft server would have done meanwhile: ingest marks every 10-minute bucket it writes, and the
  // levels' job computes those closed a settle time before "now" (the newest stay pending, read as minutes).
  await markRollupPending(pool, pendingBucketsOf(minutes));
  const computed = await Promise.all(
    Array.from({ length: options.workers }, () =>
      rollUpClosedBuckets(pool, options.endMs - SETTLE_MS, { budgetMs: 3_600_000 }),
    ),
  );
  const levels = lap();
  options.log(
    `  rollup levels: ${computed.reduce((n, r) => n + r.cleared, 0)} 10-minute buckets and the coarser ones in ${levels} s`,
  );
  // What autovacuum would have done by now to data hours or days old: statistics and the visibility map.
  await runQueue(
    [
      "telemetry_spans",
      "telemetry_service_minutes",
      "telemetry_edge_minutes",
      "telemetry_service_buckets",
      "telemetry_edge_buckets",
      "telemetry_resources",
    ],
    options.workers,
    (table) => pool.query(`VACUUM (ANALYZE) ${table}`).then(() => undefined),
  );
  const analyze = lap();
  const sizes = await pool.query<{ table_mb: number; indexes_mb: number }>(
    `SELECT sum(pg_table_size(c.oid)) / 1048576 AS table_mb, sum(pg_indexes_size(c.oid)) / 1048576 AS indexes_mb
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'telemetry_spans'::regclass`,
  );
  const total = Math.round((performance.now() - started) / 100) / 10;
  return {
    spans: options.spans,
    traces,
    seconds: { helpers, spans, indexes: indexSeconds, rollups, levels, analyze, total },
    spanTableMb: Math.round(Number(sizes.rows[0]!.table_mb)),
    spanIndexesMb: Math.round(Number(sizes.rows[0]!.indexes_mb)),
  };
}

/** Drops the span table's indexes (on the parent, so every partition's goes too); returns their DDL. */
async function dropSpanIndexes(pool: pg.Pool): Promise<string[]> {
  const result = await pool.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = 'telemetry_spans'`,
  );
  for (const row of result.rows) await pool.query(`DROP INDEX ${row.name}`);
  // pg_indexes says "ON ONLY" for a partitioned index: built that way it would cover no partition.
  return result.rows.map((row) => row.definition.replace(" ON ONLY ", " ON "));
}

/** Seeds the minute rollups; returns the minutes written (Unix ms). */
async function seedRollups(pool: pg.Pool, options: SeedOptions): Promise<number[]> {
  const mesh = syntheticMesh({ services: options.services, calls: options.edges, seed: 7 });
  await pool.query(EDGES_SQL, [mesh.calls.map((c) => c.from), mesh.calls.map((c) => c.to)]);
  await pool.query(HISTOGRAMS_SQL);
  const endMinute = Math.floor(options.endMs / 60_000) * 60_000;
  const hours = Array.from({ length: options.rollupHours }, (_, h) => endMinute - (h + 1) * 3_600_000);
  const jobs = hours.flatMap((fromMs) => [
    [SERVICE_MINUTES_SQL, fromMs] as const,
    [EDGE_MINUTES_SQL, fromMs] as const,
  ]);
  await runQueue(jobs, options.workers, async ([sql, fromMs]) => {
    await pool.query(sql, [new Date(fromMs), new Date(fromMs + 3_600_000)]);
  });
  return hours.flatMap((fromMs) => Array.from({ length: 60 }, (_, m) => fromMs + m * 60_000));
}

function splitRange(count: number, parts: number): Array<[number, number]> {
  const size = Math.ceil(count / parts);
  const ranges: Array<[number, number]> = [];
  for (let from = 0; from < count; from += size) ranges.push([from, Math.min(count, from + size)]);
  return ranges;
}

/** Runs `work` over the items with at most `workers` at a time. */
async function runQueue<T>(
  items: readonly T[],
  workers: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
}

function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const seconds = Math.round((now - last) / 100) / 10;
    last = now;
    return seconds;
  };
}

function elapsed(since: number): number {
  return Math.round((performance.now() - since) / 1000);
}
