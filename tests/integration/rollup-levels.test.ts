import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../lib/console/graph/syntheticMesh";
import { clearRollupPending } from "../../lib/db/queries/clearRollupPending";
import { listEdgeRed } from "../../lib/db/queries/listEdgeRed";
import { listRollupPending } from "../../lib/db/queries/listRollupPending";
import { listServiceRed } from "../../lib/db/queries/listServiceRed";
import { maintainTelemetryPartitions } from "../../lib/db/queries/maintainTelemetryPartitions";
import { markRollupPending } from "../../lib/db/queries/markRollupPending";
import type { FlushPlan } from "../../lib/telemetry/ingest/plan";
import { writeFlush } from "../../lib/telemetry/ingest/write-flush";
import { planWindow } from "../../lib/telemetry/query/rollup-plan";
import type { TimeRange } from "../../lib/telemetry/query/time";
import { utcDate } from "../../lib/telemetry/retention/window";
import type { EdgeMinute } from "../../lib/telemetry/rollup/edge-accumulator";
import { HISTOGRAM_SLOTS, type LatencyHistogram } from "../../lib/telemetry/rollup/latency-histogram";
import { minutesOnlyPlan, type RangePlan } from "../../lib/telemetry/rollup/range-plan";
import { rollUpClosedBuckets } from "../../lib/telemetry/rollup/roll-up-levels";
import type { ServiceMinute } from "../../lib/telemetry/rollup/service-minutes";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";

const MIN = 60_000;
const DAY = 1440 * MIN;
const TODAY_MS = Math.floor(Date.now() / DAY) * DAY;
/** Three hours across last midnight (UTC): 22:00 yesterday to 01:00 today. */
const START = TODAY_MS - 2 * 60 * MIN;
const END = TODAY_MS + 60 * MIN;
const RETENTION = { spans: 7, metrics: 7, rollups: 30 };
const PAIRS = [
  { source: "web", destination: "cart", destinationKind: "service" },
  { source: "web", destination: "postgres", destinationKind: "peer" },
  { source: "cart", destination: "stock", destinationKind: "service" },
] as const;
const SERVICES = ["web", "cart", "stock"];

function histogram(random: () => number): LatencyHistogram {
  const counts = new Array<number>(HISTOGRAM_SLOTS).fill(0);
  const lo = 40 + Math.floor(random() * 60);
  let count = 0;
  for (let slot = lo; slot < lo + 1 + Math.floor(random() * 12); slot++) {
    const n = Math.floor(random() * 20);
    counts[slot] = n;
    count += n;
  }
  return { counts, count, sumSeconds: Math.round(random() * 1e6) / 1e3 };
}

/** Rows of both origins: per key and minute none, metrics only, spans only, or both (metrics must win). */
function minuteRows(
  minutesMs: readonly number[],
  seed: number,
): { edges: EdgeMinute[]; services: ServiceMinute[] } {
  const random = seededRandom(seed);
  const choices: ReadonlyArray<ReadonlyArray<"metrics" | "spans">> = [
    [],
    ["metrics"],
    ["spans"],
    ["metrics", "spans"],
  ];
  const origins = () => choices[Math.floor(random() * choices.length)] ?? [];
  const edges: EdgeMinute[] = [];
  const services: ServiceMinute[] = [];
  for (const minuteMs of minutesMs) {
    for (const pair of PAIRS)
      for (const origin of origins()) {
        const requests = 1 + Math.floor(random() * 50);
        const errors = Math.floor(random() * 3);
        edges.push({ ...pair, minuteMs, requests, errors, latency: histogram(random), origin });
      }
    for (const service of SERVICES)
      for (const origin of origins())
        for (const operation of ["GET /a", "POST /b"].slice(0, 1 + Math.floor(random() * 2))) {
          const requests = 1 + Math.floor(random() * 50);
          const errors = Math.floor(random() * 3);
          const latency = histogram(random);
          services.push({
            service,
            minuteMs,
            operation,
            route: null,
            version: null,
            requests,
            errors,
            latency,
            origin,
          });
        }
  }
  return { edges, services };
}

function flushPlan(rows: { edges: EdgeMinute[]; services: ServiceMinute[] }): FlushPlan {
  return {
    spans: [],
    points: [],
    spanCopy: null,
    pointCopy: null,
    resources: [],
    serviceMinutes: rows.services,
    metricEdges: rows.edges.filter((edge) => edge.origin === "metrics"),
    calls: { edges: rows.edges.filter((edge) => edge.origin === "spans"), openCalls: [] },
  };
}

const minutesOf = (fromMs: number, toMs: number) =>
  Array.from({ length: (toMs - fromMs) / MIN }, (_, i) => fromMs + i * MIN);
/** Summed latency seconds differ in the last bits with the order of the additions. */
const rounded = <Row extends { latencySumSeconds: number }>(rows: Row[]) =>
  rows.map((row) => ({ ...row, latencySumSeconds: Math.round(row.latencySumSeconds * 1e6) / 1e6 }));

describe("rollup levels: buckets give exactly the minute rows' answer", () => {
  let t: TestDatabase;

  const write = (rows: { edges: EdgeMinute[]; services: ServiceMinute[] }) =>
    writeFlush(t.db.pool, flushPlan(rows), {
      writer: "copy",
      today: utcDate(Date.now()),
      ensurePartitions: async () => undefined,
    });

  /** Compares the planned query with the minute-only one over a window; returns the plan. */
  const expectSameAsMinutes = async (window: TimeRange): Promise<RangePlan> => {
    const plan = await planWindow(t.db.pool, window);
    const minutes = minutesOnlyPlan(window);
    expect(rounded(await listEdgeRed(t.db.pool, plan))).toEqual(
      rounded(await listEdgeRed(t.db.pool, minutes)),
    );
    expect(rounded(await listServiceRed(t.db.pool, plan))).toEqual(
      rounded(await listServiceRed(t.db.pool, minutes)),
    );
    return plan;
  };

  const windows: Array<[string, TimeRange]> = [
    ["the whole three hours", { fromMs: START, toMs: END }],
    ["unaligned, across midnight", { fromMs: START + 7 * MIN, toMs: END - 7 * MIN }],
    ["one aligned hour", { fromMs: START + 60 * MIN, toMs: START + 120 * MIN }],
    ["one 10-minute bucket", { fromMs: START + 30 * MIN, toMs: START + 40 * MIN }],
    ["two minutes around midnight", { fromMs: TODAY_MS - MIN, toMs: TODAY_MS + MIN }],
    ["one minute", { fromMs: START + 13 * MIN, toMs: START + 14 * MIN }],
    ["reaching past the data", { fromMs: START - 60 * MIN, toMs: END + 120 * MIN }],
    ["yesterday as a whole UTC day", { fromMs: TODAY_MS - DAY, toMs: TODAY_MS }],
    ["yesterday's last six hours", { fromMs: TODAY_MS - 360 * MIN, toMs: TODAY_MS }],
  ];

  beforeAll(async () => {
    t = await createTestDatabase();
    await maintainTelemetryPartitions(t.db.pool, utcDate(Date.now()), 2, RETENTION);
    await write(minuteRows(minutesOf(START, END), 1));
  });
  afterAll(() => t.drop());

  it("marks the buckets a flush wrote as pending, and reads their minutes until they are computed", async () => {
    const pending = await listRollupPending(t.db.pool, 0, END + DAY);
    expect(pending.map((p) => p.startMs)).toEqual(
      minutesOf(START, END).filter((ms) => ms % (10 * MIN) === 0),
    );
    const plan = await expectSameAsMinutes({ fromMs: START, toMs: END });
    expect(plan.buckets).toEqual([]);
  });

  it("computes the closed buckets once, even from two replicas at once, and leaves open ones pending", async () => {
    const closedBefore = END - 10 * MIN;
    const results = await Promise.all([0, 1].map(() => rollUpClosedBuckets(t.db.pool, closedBefore)));
    expect(results.reduce((n, r) => n + r.cleared, 0)).toBe(17);
    const left = await listRollupPending(t.db.pool, 0, END + DAY);
    expect(left.map((p) => p.startMs)).toEqual([END - 10 * MIN]);
    for (const [, window] of windows) await expectSameAsMinutes(window);
    await rollUpClosedBuckets(t.db.pool, END + 2 * MIN);
    expect(await listRollupPending(t.db.pool, 0, END + DAY)).toEqual([]);
  });

  it.each(windows)("answers %s like the minute rows, from buckets where they fit", async (_name, window) => {
    const plan = await expectSameAsMinutes(window);
    if (window.toMs - window.fromMs >= 10 * MIN) expect(plan.buckets.length).toBeGreaterThan(0);
  });

  it("uses the coarsest buckets that fit", async () => {
    const widths = async (window: TimeRange) => {
      const plan = await expectSameAsMinutes(window);
      expect(plan.minutes).toEqual([]);
      return plan.buckets.map((b) => b.width);
    };
    expect(await widths({ fromMs: START, toMs: END })).toEqual([60, 60, 60]);
    expect(await widths({ fromMs: TODAY_MS - DAY, toMs: TODAY_MS + 60 * MIN })).toEqual([1440, 60]);
    expect(await widths({ fromMs: TODAY_MS - 360 * MIN, toMs: TODAY_MS })).toEqual([360]);
  });

  it("keeps late data: a rolled bucket is read from minutes until it is computed again", async () => {
    // Late rows: into 22:15 (rolled), both origins, including a metric row for a pair and minute that had
    // only spans (the span rows must stop counting) and a pair that did not exist before.
    const late = minuteRows([START + 15 * MIN, START + 16 * MIN], 2);
    late.edges.push({
      source: "stock",
      destination: "ledger",
      destinationKind: "service",
      minuteMs: START + 95 * MIN,
      requests: 7,
      errors: 1,
      latency: histogram(seededRandom(3)),
      origin: "spans",
    });
    await write(late);
    const pending = await listRollupPending(t.db.pool, 0, END + DAY);
    expect(pending.map((p) => p.startMs)).toEqual([START + 10 * MIN, START + 90 * MIN]);
    for (const [, window] of windows) await expectSameAsMinutes(window);
    const result = await rollUpClosedBuckets(t.db.pool, END + 2 * MIN);
    expect(result).toMatchObject({ computed: 2, cleared: 2 });
    for (const [, window] of windows) await expectSameAsMinutes(window);
    const edges = await listEdgeRed(t.db.pool, await planWindow(t.db.pool, { fromMs: START, toMs: END }));
    expect(edges.find((e) => e.destination === "ledger")).toMatchObject({ requests: 7, origins: ["spans"] });
  });

  it("keeps a bucket pending when ingest marked it again after the roll-up read it", async () => {
    const bucket = END + 60 * MIN;
    await markRollupPending(t.db.pool, [bucket]);
    const read = await listRollupPending(t.db.pool, bucket, bucket + MIN);
    await markRollupPending(t.db.pool, [bucket]);
    expect(await clearRollupPending(t.db.pool, read)).toBe(0);
    const now = await listRollupPending(t.db.pool, bucket, bucket + MIN);
    expect(now).toEqual([{ startMs: bucket, version: 2 }]);
    expect(await clearRollupPending(t.db.pool, now)).toBe(1);
  });
});
