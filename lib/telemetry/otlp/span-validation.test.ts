// Per-span rejection and bounds, through both decoders: each case is one OTLP/JSON request, also encoded
// to protobuf, and both decoders must agree.

import { describe, expect, it } from "vitest";
import { createDecodeContext, type IngestLimits } from "../limits";
import type { DecodeResult, SpanRow } from "../rows";
import { decodeTraceRequestJson } from "./json/traces";
import { decodeTraceRequestProtobuf } from "./proto/traces";
import {
  encodeTraceRequest,
  type JsonKeyValue,
  type JsonSpan,
  jsonSpan,
  NOW_MS,
  SPAN_ID,
  START_NS,
  TRACE_ID,
  traceRequest,
} from "./testing/trace-payloads";

function decodeBoth(spans: JsonSpan[], limits: Partial<IngestLimits> = {}): DecodeResult<SpanRow> {
  const ctx = createDecodeContext(NOW_MS, limits);
  const request = traceRequest(spans);
  const fromProtobuf = decodeTraceRequestProtobuf(encodeTraceRequest(request), ctx);
  const fromJson = decodeTraceRequestJson(JSON.stringify(request), ctx);
  expect(fromJson.rows).toEqual(fromProtobuf.rows);
  expect(fromJson.rejected).toBe(fromProtobuf.rejected);
  return fromProtobuf;
}

const ZERO_TRACE_ID = "0".repeat(32);
const ZERO_SPAN_ID = "0".repeat(16);

describe("span rejection", () => {
  it.each<[string, JsonSpan, RegExp]>([
    ["an all-zero trace id", { traceId: ZERO_TRACE_ID }, /trace_?id .*all zero/i],
    ["a short trace id", { traceId: TRACE_ID.slice(0, 30) }, /trace_?id must be/i],
    ["a long trace id", { traceId: `${TRACE_ID}00` }, /trace_?id must be/i],
    ["a missing trace id", { traceId: "" }, /trace_?id must be/i],
    ["an all-zero span id", { spanId: ZERO_SPAN_ID }, /span_?id .*all zero/i],
    ["a short span id", { spanId: SPAN_ID.slice(0, 14) }, /span_?id must be/i],
    ["a parent id of the wrong length", { parentSpanId: "abcd" }, /parent_?span_?id must be/i],
    [
      "an end before the start",
      { endTimeUnixNano: (START_NS - 1n).toString() },
      /end time is before start time/,
    ],
    ["a start of 0", { startTimeUnixNano: "0", endTimeUnixNano: "10" }, /start time is 0/],
    [
      "a start more than an hour ahead of the ingest clock",
      { startTimeUnixNano: "1700003661000000000", endTimeUnixNano: "1700003662000000000" },
      /more than 3600000 ms in the future/,
    ],
  ])("rejects %s and keeps the valid spans", (_case, overrides, reason) => {
    const valid = jsonSpan({ spanId: "00000000000000aa" });
    const result = decodeBoth([valid, jsonSpan(overrides), valid]);
    expect(result.rows.map((row) => row.spanId)).toEqual(["00000000000000aa", "00000000000000aa"]);
    expect(result.rejected).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^resource_?[sS]pans\[0\]\.scope_?[sS]pans\[0\]\.spans\[1\]: /);
    expect(result.errors[0]).toMatch(reason);
  });

  it("accepts a start just inside the skew and an end equal to the start", () => {
    const edge = (NOW_MS * 1_000_000 + 3_600_000 * 1_000_000).toString();
    const result = decodeBoth([jsonSpan({ startTimeUnixNano: edge, endTimeUnixNano: edge })]);
    expect(result.rejected).toBe(0);
    expect(result.rows[0]!.durationNs).toBe(0n);
  });

  it("honours a configured skew", () => {
    const tenMinutesAhead = (BigInt(NOW_MS) * 1_000_000n + 600_000_000_000n).toString();
    const span = jsonSpan({ startTimeUnixNano: tenMinutesAhead, endTimeUnixNano: tenMinutesAhead });
    expect(decodeBoth([span], { maxFutureSkewMs: 60_000 }).rejected).toBe(1);
    expect(decodeBoth([span]).rejected).toBe(0);
  });

  it("treats an all-zero parent id as a root span", () => {
    expect(decodeBoth([jsonSpan({ parentSpanId: ZERO_SPAN_ID })]).rows[0]!.parentSpanId).toBeNull();
  });

  it("counts every rejection but keeps only the first few messages", () => {
    const bad = Array.from({ length: 12 }, () => jsonSpan({ traceId: ZERO_TRACE_ID }));
    const result = decodeBoth(bad, { maxErrorMessages: 3 });
    expect(result.rows).toEqual([]);
    expect(result.rejected).toBe(12);
    expect(result.errors).toHaveLength(3);
  });
});

describe("bounds", () => {
  const manyAttributes = (count: number): JsonKeyValue[] =>
    Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));

  it("keeps 128 of 10,000 attributes and counts the rest with the sender's dropped count", () => {
    const [row] = decodeBoth([
      jsonSpan({ attributes: manyAttributes(10_000), droppedAttributesCount: 5 }),
    ]).rows;
    expect(Object.keys(row!.attributes)).toHaveLength(128);
    expect(row!.attributes.k127).toBe(127);
    expect(row!.droppedAttributesCount).toBe(10_000 - 128 + 5);
  });

  it("cuts a million-character value to the string limit and marks it", () => {
    const [row] = decodeBoth([
      jsonSpan({ attributes: [{ key: "big", value: { stringValue: "x".repeat(1_000_000) } }] }),
    ]).rows;
    expect(row!.attributes.big).toBe(`${"x".repeat(4096)}…[truncated ${1_000_000 - 4096} bytes]`);
  });

  it("cuts multi-byte text on a character boundary", () => {
    const [row] = decodeBoth(
      [jsonSpan({ attributes: [{ key: "t", value: { stringValue: "é".repeat(10) } }] })],
      {
        maxStringBytes: 5,
      },
    ).rows;
    expect(row!.attributes.t).toBe("éé…[truncated 16 bytes]");
  });

  it("bounds span names, status messages and keys too", () => {
    const long = "n".repeat(50);
    const [row] = decodeBoth(
      [
        jsonSpan({
          name: long,
          status: { code: 2, message: long },
          attributes: [{ key: long, value: { boolValue: true } }],
        }),
      ],
      { maxStringBytes: 10 },
    ).rows;
    const cut = `${"n".repeat(10)}…[truncated 40 bytes]`;
    expect(row!.operation).toBe(cut);
    expect(row!.statusMessage).toBe(cut);
    expect(row!.attributes).toEqual({ [cut]: true });
  });

  it("keeps 128 events and links and counts the rest", () => {
    const events = Array.from({ length: 200 }, (_, i) => ({
      name: `e${i}`,
      timeUnixNano: START_NS.toString(),
    }));
    const links = Array.from({ length: 130 }, () => ({ traceId: TRACE_ID, spanId: SPAN_ID }));
    const [row] = decodeBoth([jsonSpan({ events, links, droppedEventsCount: 1 })]).rows;
    expect(row!.events).toHaveLength(128);
    expect(row!.droppedEventsCount).toBe(73);
    expect(row!.links).toHaveLength(128);
    expect(row!.droppedLinksCount).toBe(2);
  });

  it("drops links whose ids are unusable and counts them", () => {
    const links = [
      { traceId: TRACE_ID, spanId: SPAN_ID },
      { traceId: ZERO_TRACE_ID, spanId: SPAN_ID },
      { traceId: TRACE_ID, spanId: "abcd" },
    ];
    const [row] = decodeBoth([jsonSpan({ links })]).rows;
    expect(row!.links.map((link) => link.spanId)).toEqual([SPAN_ID]);
    expect(row!.droppedLinksCount).toBe(2);
  });

  it("bounds event and link attributes", () => {
    const events = [
      { name: "e", timeUnixNano: "1", attributes: manyAttributes(5), droppedAttributesCount: 1 },
    ];
    const links = [{ traceId: TRACE_ID, spanId: SPAN_ID, attributes: manyAttributes(4) }];
    const [row] = decodeBoth([jsonSpan({ events, links })], { maxAttributes: 2 }).rows;
    expect(row!.events[0]).toEqual({
      name: "e",
      timeNs: "1",
      attributes: { k0: 0, k1: 1 },
      droppedAttributesCount: 4,
    });
    expect(row!.links[0]!.attributes).toEqual({ k0: 0, k1: 1 });
    expect(row!.links[0]!.droppedAttributesCount).toBe(2);
  });

  it("bounds array length and nesting depth", () => {
    let nested: { arrayValue: { values: object[] } } = { arrayValue: { values: [{ intValue: 1 }] } };
    for (let i = 0; i < 20; i++) nested = { arrayValue: { values: [nested] } };
    const [row] = decodeBoth(
      [
        jsonSpan({
          attributes: [
            {
              key: "long",
              value: { arrayValue: { values: Array.from({ length: 300 }, () => ({ boolValue: true })) } },
            },
            { key: "deep", value: nested },
          ],
        }),
      ],
      { maxArrayLength: 5, maxValueDepth: 3 },
    ).rows;
    expect(row!.attributes.long).toEqual([true, true, true, true, true]);
    expect(row!.attributes.deep).toEqual([[["…[nested too deep]"]]]);
  });
});

describe("values", () => {
  it("decodes every AnyValue variant the same way in both encodings", () => {
    const attributes: JsonKeyValue[] = [
      { key: "s", value: { stringValue: "text" } },
      { key: "b", value: { boolValue: false } },
      { key: "i", value: { intValue: "-9007199254740991" } },
      { key: "huge", value: { intValue: "9223372036854775807" } },
      { key: "negative-huge", value: { intValue: "-9223372036854775808" } },
      { key: "d", value: { doubleValue: -2.5e-7 } },
      { key: "bytes", value: { bytesValue: Buffer.from([0, 1, 254, 255]).toString("base64") } },
      { key: "array", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: 3 }, {}] } } },
      {
        key: "map",
        value: {
          kvlistValue: { values: [{ key: "inner", value: { kvlistValue: { values: [{ key: "x" }] } } }] },
        },
      },
      { key: "empty" },
    ];
    const [row] = decodeBoth([jsonSpan({ attributes })]).rows;
    expect(row!.attributes).toEqual({
      s: "text",
      b: false,
      i: -9007199254740991,
      huge: "9223372036854775807",
      "negative-huge": "-9223372036854775808",
      d: -2.5e-7,
      bytes: "AAH+/w==",
      array: ["a", 3, null],
      map: { inner: { x: null } },
      empty: null,
    });
  });

  it("makes text storable: NUL and unpaired surrogates become U+FFFD", () => {
    const [row] = decodeBoth([
      jsonSpan({ name: "a\u0000b", attributes: [{ key: "k\u0000", value: { stringValue: "\u0000" } }] }),
    ]).rows;
    expect(row!.operation).toBe("a\uFFFDb");
    expect(row!.attributes).toEqual({ "k\uFFFD": "\uFFFD" });
    const lone = decodeTraceRequestJson(
      JSON.stringify(traceRequest([jsonSpan({ name: "x\uD800y\uDC00z😀" })])),
      createDecodeContext(NOW_MS),
    );
    expect(lone.rows[0]!.operation).toBe("x\uFFFDy\uFFFDz😀");
  });

  it("stores a __proto__ key as an ordinary attribute", () => {
    const [row] = decodeBoth([
      jsonSpan({ attributes: [{ key: "__proto__", value: { stringValue: "polluted" } }] }),
    ]).rows;
    expect(Object.getPrototypeOf(row!.attributes)).toBe(Object.prototype);
    expect(Object.keys(row!.attributes)).toEqual(["__proto__"]);
    expect(JSON.stringify(row!.attributes)).toBe('{"__proto__":"polluted"}');
  });

  it("derives the HTTP and peer columns from current and older conventions", () => {
    const attributes = (pairs: Record<string, string | number>): JsonKeyValue[] =>
      Object.entries(pairs).map(([key, value]) => ({
        key,
        value: typeof value === "string" ? { stringValue: value } : { intValue: value },
      }));
    const rows = decodeBoth([
      jsonSpan({
        spanId: "0000000000000001",
        kind: 3,
        attributes: attributes({
          "http.method": "POST",
          "http.status_code": 502,
          "net.peer.name": "legacy",
          "net.peer.port": 81,
        }),
      }),
      jsonSpan({
        spanId: "0000000000000002",
        kind: 3,
        attributes: attributes({ "server.address": "cache" }),
      }),
      jsonSpan({
        spanId: "0000000000000003",
        kind: 2,
        attributes: attributes({ "server.address": "self", "http.response.status_code": 70000 }),
      }),
      jsonSpan({
        spanId: "0000000000000004",
        kind: 3,
        attributes: attributes({ "peer.service": "billing", "server.address": "10.0.0.1" }),
      }),
    ]).rows;
    expect(
      rows.map(({ httpMethod, httpStatusCode, peerService }) => ({
        httpMethod,
        httpStatusCode,
        peerService,
      })),
    ).toEqual([
      { httpMethod: "POST", httpStatusCode: 502, peerService: "legacy:81" },
      { httpMethod: null, httpStatusCode: null, peerService: "cache" },
      { httpMethod: null, httpStatusCode: null, peerService: null },
      { httpMethod: null, httpStatusCode: null, peerService: "billing" },
    ]);
  });

  it("maps unknown kinds and status codes to unspecified / unset", () => {
    const [row] = decodeBoth([jsonSpan({ kind: 9, status: { code: 7 } })]).rows;
    expect(row!.kind).toBe(0);
    expect(row!.statusCode).toBe(0);
  });
});
