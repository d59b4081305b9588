import { describe, expect, it } from "vitest";
import { COPY_METRIC_POINTS_SQL } from "@/lib/db/queries/copyMetricPoints";
import { COPY_SPANS_SQL } from "@/lib/db/queries/copySpans";
import { spanRow } from "../rollup/testing/span-rows";
import { POINT_COPY_COLUMNS } from "./point-copy";
import { ResourceSet } from "./resources";
import { encodeSpans, SPAN_COPY_COLUMNS } from "./span-copy";

function columnsOf(statement: string): string[] {
  const list = /\(([^)]*)\)/.exec(statement)![1]!;
  return list.split(",").map((column) => column.trim());
}

describe("COPY column lists", () => {
  it("name the columns in the order the encoders write them", () => {
    expect(columnsOf(COPY_SPANS_SQL)).toEqual([...SPAN_COPY_COLUMNS]);
    expect(columnsOf(COPY_METRIC_POINTS_SQL)).toEqual([...POINT_COPY_COLUMNS]);
  });
});

describe("encodeSpans", () => {
  it("writes one row per span with every column, and each distinct resource once", () => {
    const resource = { "service.name": "frontend" };
    const rows = [
      spanRow({ resourceAttributes: resource, attributes: { "http.route": "/a" } }),
      spanRow({ resourceAttributes: resource, parentSpanId: "00000000000000aa" }),
      spanRow({ resourceAttributes: { "service.name": "other" } }),
    ];
    const resources = new ResourceSet();
    const data = encodeSpans(rows, resources);
    expect(data.readInt16BE(19)).toBe(SPAN_COPY_COLUMNS.length);
    expect(data.readInt16BE(data.length - 2)).toBe(-1);
    const listed = resources.list();
    expect(listed.map((r) => r.json).sort()).toEqual([
      '{"service.name":"frontend"}',
      '{"service.name":"other"}',
    ]);
    // Content-derived ids: the same attributes give the same id in any batch.
    expect(new ResourceSet().add({ "service.name": "frontend" })).toEqual(
      listed.find((r) => r.json.includes("frontend"))!.id,
    );
  });
});
