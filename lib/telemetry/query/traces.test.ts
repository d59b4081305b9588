import type pg from "pg";
import { describe, expect, it } from "vitest";
import { tracesQuery } from "./schemas";
import { searchTraces } from "./traces";

// searchTraces against a stand-in pool: the span search answers from a list of matching spans (newest
// first) honouring the cursor and LIMIT parameters; the summary query answers for the ids it is given.

interface Call {
  kind: "search" | "summaries";
  values: unknown[];
}

function fakePool(matching: Array<{ traceId: string; startNs: bigint }>, withoutSummary: string[] = []) {
  const calls: Call[] = [];
  const pool = {
    async query(text: string, values: unknown[]) {
      if (text.includes("ORDER BY start_ns DESC")) {
        calls.push({ kind: "search", values });
        const [from, before] = [BigInt(values[0] as string), BigInt(values[1] as string)];
        const limit = values[values.length - 1] as number;
        const rows = matching
          .filter((s) => s.startNs >= from && s.startNs < before)
          .slice(0, limit)
          .map((s) => ({ trace_id: s.traceId, start_ns: s.startNs.toString() }));
        return { rows };
      }
      calls.push({ kind: "summaries", values });
      const ids = (values[0] as string[]).filter((id) => !withoutSummary.includes(id));
      return {
        rows: ids.map((id) => ({
          trace_id: id,
          root_service: `svc-${id}`,
          root_operation: "GET /",
          start_ns: "1000000000",
          end_ns: "1250000000",
          span_count: 3,
          error_count: id === "b" ? 1 : 0,
          services: [`svc-${id}`],
        })),
      };
    },
  };
  return { pool: pool as unknown as pg.Pool, calls };
}

const query = (limit: number) => tracesQuery({ fromMs: 0, toMs: 10_000 }, limit);

/** `count` spans, newest first, 1 ns apart, of traces named by `traceOf(i)`. */
function spans(count: number, traceOf: (i: number) => string) {
  return Array.from({ length: count }, (_, i) => ({
    traceId: traceOf(i),
    startNs: 9_000_000_000n - BigInt(i),
  }));
}

describe("searchTraces", () => {
  it("returns distinct traces newest first with their summaries", async () => {
    const { pool } = fakePool(spans(6, (i) => ["a", "b", "a", "c", "b", "d"][i]!));
    const result = await searchTraces(pool, query(3));
    expect(result.traces.map((t) => t.traceId)).toEqual(["a", "b", "c"]);
    expect(result.traces[1]).toMatchObject({
      rootService: "svc-b",
      durationMs: 250,
      durationNano: "250000000",
      spanCount: 3,
      errorCount: 1,
      error: true,
      startTime: "1970-01-01T00:00:01.000Z",
    });
  });

  it("reads growing pages from where the last one ended until it has `limit` traces", async () => {
    // 20 matching spans per trace: the first page (5 per wanted trace) holds only one trace.
    const { pool, calls } = fakePool(spans(2_000, (i) => `t${Math.floor(i / 20)}`));
    const result = await searchTraces(pool, query(4));
    expect(result.traces.map((t) => t.traceId)).toEqual(["t0", "t1", "t2", "t3"]);
    const searches = calls.filter((c) => c.kind === "search");
    expect(searches.map((c) => c.values[c.values.length - 1])).toEqual([20, 80]);
    // The second page starts below the first page's oldest span.
    expect(searches[1]!.values[1]).toBe((9_000_000_000n - 19n).toString());
  });

  it("stops when a page comes back short, and leaves out traces without a summary", async () => {
    const { pool, calls } = fakePool(
      spans(3, (i) => ["x", "y", "z"][i]!),
      ["y"],
    );
    const result = await searchTraces(pool, query(10));
    expect(result.traces.map((t) => t.traceId)).toEqual(["x", "z"]);
    expect(calls.map((c) => c.kind)).toEqual(["search", "summaries"]);
    expect(calls[1]!.values[0]).toEqual(["x", "y", "z"]);
  });

  it("asks for no summaries when nothing matches", async () => {
    const { pool, calls } = fakePool([]);
    expect(await searchTraces(pool, query(20))).toEqual({ traces: [] });
    expect(calls.map((c) => c.kind)).toEqual(["search"]);
  });
});
