// Query benchmark (not a test): `npx tsx tests/bench/query.ts [--reps=30] [--keep] [--data-dir=DIR] [--only=TEXT]
// [--no-http]`,
// SPANS=10000000 (default) to scale the data.
//
// Starts an embedded PostgreSQL (or uses DATABASE_URL, in a throw-away database), migrates, seeds SPANS
// spans over the last 48 h (query-seed.ts) plus a day of rollups of a 500-service / 2,000-edge topology
// (minute rows, and the bucket levels computed from them by the server's roll-up),
// then times trace search, trace by id and topology through the functions the API routes call, in-process,
// one query at a time: warm-up runs first, then up to --reps runs per case with random parameters; then a
// few cases over HTTP against a `weft server` on the same database (query-http.ts; --no-http skips them).
// Prints p50 / p95 / p99 per case and per group, and writes bench-results/query.json (query-partial.json
// with --only).
// Targets (2 cores): trace search p95 <= 150 ms, one trace by id p95 <= 50 ms, topology p95 <= 300 ms.
// --keep leaves the data directory in place and --data-dir=DIR reuses one (seeding only when it is empty);
// --only runs the cases whose name contains TEXT; --url=URL uses a database seeded by an earlier run as it is.

import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { seededRandom } from "../../lib/console/graph/syntheticMesh";
import { type EmbeddedCluster, startEmbeddedCluster } from "../../lib/db/embedded/cluster";
import { migrate } from "../../lib/db/migrate";
import { maintainTelemetryPartitions } from "../../lib/db/queries/maintainTelemetryPartitions";
import { ROOT } from "../support/weftProcess";
import { type Group, loadSamples, QUERY_CASES, type QueryCase, type Samples } from "./query-cases";
import { consoleBuildIsStale, type HttpFigures, measureOverHttp } from "./query-http";
import { type SeedResult, seedQueryBench } from "./query-seed";
import { type Figures, figures, groupFigures, printTable } from "./query-stats";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key!, value ?? "true"];
  }),
);
const SPANS = Number(process.env.SPANS ?? 10_000_000);
const REPS = Number(args.get("reps") ?? 30);
const WARMUP = 3;
const MIN_RUNS = 3;
/** A slow case stops after this long so the whole run stays bounded. */
const CASE_BUDGET_MS = 12_000;
const TARGET_P95_MS: Record<Group, number> = { "trace search": 150, "trace by id": 50, topology: 300 };

async function measure(
  pool: pg.Pool,
  samples: Samples,
  queryCase: QueryCase,
): Promise<{ times: number[]; figures: Figures; loadAverage: number }> {
  const random = seededRandom(queryCase.name.length * 7919 + 1);
  const warmupStarted = performance.now();
  for (let i = 0; i < WARMUP && performance.now() - warmupStarted < CASE_BUDGET_MS / 4; i++)
    await queryCase.run(pool, samples, random);
  const times: number[] = [];
  const items: number[] = [];
  const started = performance.now();
  while (times.length < REPS && (times.length < MIN_RUNS || performance.now() - started < CASE_BUDGET_MS)) {
    const t0 = performance.now();
    items.push(await queryCase.run(pool, samples, random));
    times.push(performance.now() - t0);
  }
  // Other work on the machine slows every figure down: the 1-minute load average says how busy it was
  // (about 1 is this benchmark's own query running; more means other processes competed for the CPUs).
  return { times, figures: figures(times, items), loadAverage: Math.round(os.loadavg()[0]! * 10) / 10 };
}

async function openDatabase(dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const given = args.get("url");
  // A database seeded by an earlier run (--keep), used as it is and left in place.
  if (given !== undefined) return { url: given, close: async () => undefined };
  const external = process.env.DATABASE_URL;
  if (external !== undefined) {
    // A database of its own on the given server, dropped at the end.
    const name = `weft_bench_query_${process.pid}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(external);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async close() {
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const cluster: EmbeddedCluster = await startEmbeddedCluster(dataDir);
  return { url: cluster.url, close: () => cluster.stop() };
}

async function seededEnd(pool: pg.Pool): Promise<number | null> {
  const found = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('bench_meta') IS NOT NULL AS present",
  );
  if (!found.rows[0]!.present) return null;
  const row = await pool.query<{ end_ms: string }>("SELECT end_ms FROM bench_meta");
  return row.rows[0] === undefined ? null : Number(row.rows[0].end_ms);
}

async function main(): Promise<void> {
  const reuse = args.get("data-dir") ?? (args.has("url") ? "(none: --url)" : undefined);
  const dataDir = reuse ?? (await fs.mkdtemp(path.join(os.tmpdir(), "weft-bench-query-")));
  const keep = args.has("keep") || reuse !== undefined || args.has("url");
  const database = await openDatabase(dataDir);
  const pool = new pg.Pool({ connectionString: database.url, max: Math.max(2, os.cpus().length) });
  const cleanUp = async () => {
    await pool.end().catch(() => undefined);
    await database.close();
    if (keep) console.log(`data kept in ${dataDir}`);
    else await fs.rm(dataDir, { recursive: true, force: true });
  };
  // Ctrl-C stops the cluster and removes its data too (it is started in a process group of its own).
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  try {
    const client = await pool.connect();
    const migrated = await migrate(client, path.join(ROOT, "prisma", "migrations")).finally(() =>
      client.release(),
    );
    if (migrated.applied.length > 0) console.log(`migrated: ${migrated.applied.join(", ")}`);
    let endMs = await seededEnd(pool);
    let seed: SeedResult | null = null;
    if (endMs === null) {
      endMs = Date.now();
      await maintainTelemetryPartitions(pool, new Date(endMs).toISOString().slice(0, 10), 2, {
        spans: 7,
        metrics: 7,
        rollups: 30,
      });
      console.log(`seeding ${SPANS.toLocaleString("en-US")} spans on ${os.cpus().length} CPUs …`);
      seed = await seedQueryBench(pool, {
        spans: SPANS,
        services: 500,
        edges: 2_000,
        spanHours: 48,
        rollupHours: 24,
        endMs,
        workers: os.cpus().length,
        log: (line) => console.log(line),
      });
      await pool.query("CREATE TABLE bench_meta (end_ms bigint NOT NULL)");
      await pool.query("INSERT INTO bench_meta VALUES ($1)", [endMs]);
      console.log(
        `seeded ${seed.spans.toLocaleString("en-US")} spans in ${seed.traces.toLocaleString("en-US")} traces in ` +
          `${seed.seconds.total} s (${JSON.stringify(seed.seconds)}); spans ${seed.spanTableMb} MB + indexes ${seed.spanIndexesMb} MB`,
      );
    } else {
      console.log(`reusing the data seeded at ${new Date(endMs).toISOString()} in ${dataDir}`);
    }
    const samples = await loadSamples(pool, endMs);
    const settings = await pool.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'jit', 'max_parallel_workers_per_gather')`,
    );
    const results: Array<{
      name: string;
      group: Group;
      figures: Figures;
      times: number[];
      loadAverage: number;
    }> = [];
    const only = args.get("only");
    const cases = QUERY_CASES.filter(
      (c) => (only === undefined || c.name.includes(only)) && (c.applies?.(samples) ?? true),
    );
    for (const queryCase of cases) {
      const measured = await measure(pool, samples, queryCase);
      results.push({ name: queryCase.name, group: queryCase.group, ...measured });
      console.log(
        `  ${queryCase.name}: p50 ${measured.figures.p50} ms, p95 ${measured.figures.p95} ms ` +
          `(load average ${measured.loadAverage} on ${os.cpus().length} CPUs)`,
      );
    }
    const groups = (["trace search", "trace by id", "topology"] as const)
      .filter((group) => results.some((r) => r.group === group))
      .map((group) => {
        const all = groupFigures(results.filter((r) => r.group === group));
        return {
          group,
          figures: all,
          targetP95Ms: TARGET_P95_MS[group],
          meets: all.p95 <= TARGET_P95_MS[group],
        };
      });
    let http: HttpFigures[] | { skipped: string } = { skipped: "--no-http" };
    if (!args.has("no-http")) {
      console.log("over HTTP (a weft server on the same database) …");
      http = await measureOverHttp(database.url, samples, seededRandom(5)).catch((error: Error) => ({
        skipped: error.message.slice(0, 300),
      }));
    }
    printTable([
      ...results,
      ...groups.map((g) => ({
        name: `ALL ${g.group} (target p95 <= ${g.targetP95Ms})`,
        group: g.group,
        figures: g.figures,
      })),
    ]);
    if (Array.isArray(http))
      for (const row of http)
        console.log(
          `${row.name.padEnd(44)} ${String(row.runs).padStart(5)} ${String(row.p50).padStart(9)} ${String(row.p95).padStart(9)}`,
        );
    else console.log(`HTTP runs skipped: ${http.skipped}`);
    const httpStale = Array.isArray(http) && (await consoleBuildIsStale());
    if (httpStale)
      console.log(
        "HTTP figures come from an older console build (query files changed since): run `npm run build` first",
      );
    const memory = Math.round(os.freemem() / 1048576);
    console.log(
      `\ncaches: warm (${WARMUP} warm-up runs per case; the data fits in the OS page cache, ${memory} MB free; ` +
        `PostgreSQL ${settings.rows.map((s) => `${s.name}=${s.setting}`).join(", ")})`,
    );
    for (const g of groups)
      console.log(
        `${g.group}: p95 ${g.figures.p95} ms, target ${g.targetP95Ms} ms: ${g.meets ? "met" : "NOT met"}`,
      );
    await fs.mkdir(path.join(ROOT, "bench-results"), { recursive: true });
    const output = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? "",
        node: process.version,
        freeMemoryMb: memory,
      },
      postgres: Object.fromEntries(settings.rows.map((s) => [s.name, s.setting])),
      data: { spans: SPANS, spanHours: 48, rollupHours: 24, services: 500, edges: 2_000 },
      seed,
      warmupRunsPerCase: WARMUP,
      groups,
      cases: results.map(({ times: _times, ...rest }) => rest),
      http,
      httpFromStaleBuild: httpStale,
    };
    // A partial run (--only) must not replace the figures of a full one.
    const file = only === undefined ? "query.json" : "query-partial.json";
    await fs.writeFile(path.join(ROOT, "bench-results", file), `${JSON.stringify(output, null, 2)}\n`);
    console.log(`written: bench-results/${file}`);
  } finally {
    await cleanUp();
  }
}

await main();
