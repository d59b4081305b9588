// The query benchmark's cases: each draws its parameters at random (from values that exist in the seeded
// data) and makes one call through the same functions the API routes use.

import type pg from "pg";
import { seededRandom } from "../../lib/console/graph/syntheticMesh";
import { type TracesQuery, tracesQuery } from "../../lib/telemetry/query/schemas";
import { getTopology } from "../../lib/telemetry/query/topology";
import { getTrace, searchTraces } from "../../lib/telemetry/query/traces";

export interface Samples {
  /** End of the seeded data: "now" for every relative range. */
  endMs: number;
  services: string[];
  /** "GET /api/orders" … as the SERVER spans name them, per service. */
  operations: Map<string, string[]>;
  userIds: string[];
  tenantIds: string[];
  traceIds: string[];
  largeTraceIds: string[];
}

export type Group = "trace search" | "trace by id" | "topology";

export interface QueryCase {
  name: string;
  group: Group;
  /** Runs one query; returns how many items it answered (traces, spans or nodes) as a sanity check. */
  run(pool: pg.Pool, samples: Samples, random: () => number): Promise<number>;
  /** False when the seeded data has nothing to draw from (no large trace in a small data set). */
  applies?(samples: Samples): boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The console's default page size (lib/console/traceSearch.ts). */
const CONSOLE_LIMIT = 50;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A range ending at the data's end, or (one time in three) at a random earlier point of the last day. */
function range(samples: Samples, lengthMs: number, random: () => number): TracesQuery["range"] {
  const toMs =
    random() < 1 / 3 ? samples.endMs - Math.floor(random() * (24 * HOUR - lengthMs)) : samples.endMs;
  return { fromMs: toMs - lengthMs, toMs };
}

function search(
  name: string,
  lengthMs: number,
  filters: (s: Samples, r: () => number) => Partial<TracesQuery>,
) {
  return {
    name,
    group: "trace search" as const,
    async run(pool: pg.Pool, samples: Samples, random: () => number) {
      const query = tracesQuery(range(samples, lengthMs, random), CONSOLE_LIMIT, filters(samples, random));
      return (await searchTraces(pool, query)).traces.length;
    },
  };
}

const ms = (value: number) => BigInt(value) * 1_000_000n;

function serviceAndOperation(samples: Samples, random: () => number) {
  const service = pick(samples.services.slice(0, Math.ceil(samples.services.length / 3)), random);
  return { service, operation: pick(samples.operations.get(service) ?? [""], random) };
}

export const QUERY_CASES: QueryCase[] = [
  search("no filter, 15 min", 15 * MINUTE, () => ({})),
  search("no filter, 1 h", HOUR, () => ({})),
  search("no filter, 24 h", 24 * HOUR, () => ({})),
  search("service, 1 h", HOUR, (s, r) => ({ service: pick(s.services, r) })),
  search("service, 24 h", 24 * HOUR, (s, r) => ({ service: pick(s.services, r) })),
  search("service + operation, 1 h", HOUR, serviceAndOperation),
  search("service + operation, 24 h", 24 * HOUR, serviceAndOperation),
  search("duration > 250 ms, 1 h", HOUR, () => ({ minDurationNs: ms(250) })),
  search("duration 100–120 ms, 24 h", 24 * HOUR, () => ({ minDurationNs: ms(100), maxDurationNs: ms(120) })),
  search("duration > 2 s, 24 h", 24 * HOUR, () => ({ minDurationNs: ms(2_000) })),
  search("status error, 1 h", HOUR, () => ({ status: "error" })),
  search("status error, 24 h", 24 * HOUR, () => ({ status: "error" })),
  search("service + error, 24 h", 24 * HOUR, (s, r) => ({ service: pick(s.services, r), status: "error" })),
  search("attr user.id, 24 h", 24 * HOUR, (s, r) => ({ attributes: [["user.id", pick(s.userIds, r)]] })),
  search("attr user.id, 1 h", HOUR, (s, r) => ({ attributes: [["user.id", pick(s.userIds, r)]] })),
  search("attr tenant.id, 1 h", HOUR, (s, r) => ({ attributes: [["tenant.id", pick(s.tenantIds, r)]] })),
  search("attr http status 500, 1 h", HOUR, () => ({ attributes: [["http.response.status_code", "500"]] })),
  // A value half the spans have: the planner must still walk the start index, not collect them all.
  search("attr http method GET, 24 h", 24 * HOUR, () => ({ attributes: [["http.request.method", "GET"]] })),
  search("service + attr user.id, 24 h", 24 * HOUR, (s, r) => ({
    service: pick(s.services, r),
    attributes: [["user.id", pick(s.userIds, r)]],
  })),
  {
    name: "trace by id",
    group: "trace by id",
    run: async (pool, s, r) => (await getTrace(pool, pick(s.traceIds, r)))?.spans.length ?? 0,
  },
  {
    name: "large trace by id (1,000–5,000 spans)",
    group: "trace by id",
    applies: (s) => s.largeTraceIds.length > 0,
    run: async (pool, s, r) => (await getTrace(pool, pick(s.largeTraceIds, r)))?.spans.length ?? 0,
  },
  {
    name: "topology, 1 h",
    group: "topology",
    run: async (pool, s) =>
      (
        await getTopology(
          pool,
          { range: { fromMs: s.endMs - HOUR, toMs: s.endMs }, focus: null, depth: 1 },
          s.endMs,
        )
      ).nodes.length,
  },
  {
    name: "topology, 24 h",
    group: "topology",
    run: async (pool, s) =>
      (
        await getTopology(
          pool,
          { range: { fromMs: s.endMs - 24 * HOUR, toMs: s.endMs }, focus: null, depth: 1 },
          s.endMs,
        )
      ).nodes.length,
  },
];

/** Values to draw parameters from, read from the seeded data. */
export async function loadSamples(pool: pg.Pool, endMs: number): Promise<Samples> {
  const services = (await pool.query<{ name: string }>("SELECT name FROM bench_services ORDER BY idx")).rows;
  const operations = await pool.query<{ service: string; operation: string }>(
    `SELECT s.name AS service, r.method || ' ' || r.route AS operation
       FROM bench_services s, generate_series(0, 5) AS k, bench_routes r
      WHERE r.idx = bench_route(s.idx, k)`,
  );
  const byService = new Map<string, string[]>();
  for (const row of operations.rows)
    byService.set(row.service, [...(byService.get(row.service) ?? []), row.operation]);
  const users = await pool.query<{ user_id: number }>(
    "SELECT user_id FROM bench_traces WHERE start_ns > $1 ORDER BY random() LIMIT 500",
    [(BigInt(endMs - 24 * HOUR) * 1_000_000n).toString()],
  );
  const ids = await pool.query<{ id: string }>(
    "SELECT encode(trace_id, 'hex') AS id FROM bench_traces ORDER BY random() LIMIT 500",
  );
  const large = await pool.query<{ id: string }>(
    "SELECT encode(trace_id, 'hex') AS id FROM bench_traces WHERE size >= 1000 LIMIT 100",
  );
  const random = seededRandom(11);
  return {
    endMs,
    services: services.map((s) => s.name),
    operations: byService,
    userIds: users.rows.map((u) => `user-${u.user_id}`),
    tenantIds: Array.from({ length: 50 }, () => `tenant-${Math.floor(random() * 500)}`),
    traceIds: ids.rows.map((row) => row.id),
    largeTraceIds: large.rows.map((row) => row.id),
  };
}
