import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  attributeContainments,
  FAILED_SPAN_SQL,
  SLOW_SPAN_NS,
  type TraceSearchFilter,
  traceSearchQuery,
} from "./searchTraceSpans";

const NONE: TraceSearchFilter = {
  fromNs: 1_000n,
  toNs: 9_000n,
  service: null,
  operation: null,
  minDurationNs: null,
  maxDurationNs: null,
  status: null,
  attributes: [],
};

const whereOf = (text: string) =>
  /WHERE([\s\S]*)ORDER BY/
    .exec(text)?.[1]
    ?.split(/\n\s+AND /)
    .map((part) => part.trim());

describe("traceSearchQuery", () => {
  it("without filters reads only the range, newest first, with every value a parameter", () => {
    const query = traceSearchQuery(NONE, 5_000n, 100);
    expect(whereOf(query.text)).toEqual(["start_ns >= $1", "start_ns < $2"]);
    expect(query.text).toMatch(/ORDER BY start_ns DESC\s+LIMIT \$3$/);
    expect(query.values).toEqual(["1000", "5000", 100]);
  });

  it("never reads past the range's end, whatever the cursor", () => {
    expect(traceSearchQuery(NONE, 20_000n, 10).values.slice(0, 2)).toEqual(["1000", "9000"]);
  });

  it("turns every given filter into one predicate with its values as parameters", () => {
    const query = traceSearchQuery(
      {
        ...NONE,
        service: "api",
        operation: "GET /items",
        minDurationNs: 15_000_000n,
        maxDurationNs: 500_000_000n,
        status: "ok",
        attributes: [
          ["http.route", "/items"],
          ["user.id", "u'1"],
        ],
      },
      9_000n,
      20,
    );
    expect(whereOf(query.text)).toEqual([
      "start_ns >= $1",
      "start_ns < $2",
      "service = $3",
      "operation = $4",
      "duration_ns >= $5::bigint",
      "duration_ns <= $6::bigint",
      `NOT ${FAILED_SPAN_SQL}`,
      "attributes @> ANY ($7::jsonb[])",
      "(attributes ->> $8) = $9",
      "attributes @> ANY ($10::jsonb[])",
      "(attributes ->> $11) = $12",
    ]);
    expect(query.values).toEqual([
      "1000",
      "9000",
      "api",
      "GET /items",
      "15000000",
      "500000000",
      ['{"http.route":"/items"}'],
      "http.route",
      "/items",
      ['{"user.id":"u\'1"}'],
      "user.id",
      "u'1",
      20,
    ]);
    expect(query.text).not.toContain("u'1");
  });

  it("names the partial indexes' predicates for failed and slow spans", () => {
    const errors = traceSearchQuery({ ...NONE, status: "error" }, 9_000n, 5);
    expect(whereOf(errors.text)).toContain(FAILED_SPAN_SQL);
    const slow = traceSearchQuery({ ...NONE, minDurationNs: 2n * SLOW_SPAN_NS }, 9_000n, 5);
    expect(whereOf(slow.text)).toEqual([
      "start_ns >= $1",
      "start_ns < $2",
      "duration_ns >= $3::bigint",
      `duration_ns >= ${SLOW_SPAN_NS}`,
    ]);
    const shorter = traceSearchQuery({ ...NONE, minDurationNs: SLOW_SPAN_NS - 1n }, 9_000n, 5);
    expect(whereOf(shorter.text)).toEqual(["start_ns >= $1", "start_ns < $2", "duration_ns >= $3::bigint"]);
  });

  it("looks attributes up as every JSON value whose text is the one asked for", () => {
    expect(attributeContainments("user.id", "u1")).toEqual(['{"user.id":"u1"}']);
    expect(attributeContainments("http.response.status_code", "503")).toEqual([
      '{"http.response.status_code":"503"}',
      '{"http.response.status_code":503}',
    ]);
    // Written as given, so that PostgreSQL compares the number exactly.
    expect(attributeContainments("n", "12345678901234567891")).toEqual([
      '{"n":"12345678901234567891"}',
      '{"n":12345678901234567891}',
    ]);
    expect(attributeContainments("ok", "true")).toEqual(['{"ok":"true"}', '{"ok":true}']);
    expect(attributeContainments("tags", '["a"]')).toEqual([
      JSON.stringify({ tags: '["a"]' }),
      '{"tags":["a"]}',
    ]);
    // A JSON string or null as text is matched only as that text.
    expect(attributeContainments("q", '"x"')).toEqual([JSON.stringify({ q: '"x"' })]);
    expect(attributeContainments("q", "null")).toEqual(['{"q":"null"}']);
    // Values jsonb cannot hold are left to the text comparison alone.
    expect(attributeContainments("q", "a\u0000b")).toEqual([]);
    expect(attributeContainments("q", "\ud800x")).toEqual([]);
    expect(attributeContainments("q", "\ud83d\ude00")).toEqual(['{"q":"\ud83d\ude00"}']);
    const lone = traceSearchQuery({ ...NONE, attributes: [["q", "\udc00"]] }, 9_000n, 5);
    expect(whereOf(lone.text)).toEqual(["start_ns >= $1", "start_ns < $2", "(attributes ->> $3) = $4"]);
    for (const [key, value] of [
      ["a.b", "x y"],
      ["n", "-1.5e3"],
      ['k"ey', "v"],
    ] as const)
      for (const candidate of attributeContainments(key, value))
        expect(() => JSON.parse(candidate)).not.toThrow();
  });

  it("uses the same predicates as the migration's partial indexes", () => {
    const migration = fs.readFileSync(
      path.join(process.cwd(), "prisma/migrations/20261122100000_trace_search_indexes/migration.sql"),
      "utf8",
    );
    expect(migration.replace(/\s+/g, " ")).toContain(`WHERE ${FAILED_SPAN_SQL}`);
    expect(migration).toContain(`WHERE duration_ns >= ${SLOW_SPAN_NS}`);
    expect(migration).toContain("USING gin (attributes jsonb_path_ops)");
  });
});
