// OTLP/JSON-specific behaviour of the trace decoder.

import { describe, expect, it } from "vitest";
import { createDecodeContext } from "../../limits";
import { DecodeError } from "../decode-error";
import { jsonSpan, NOW_MS, SPAN_ID, START_NS, TRACE_ID, traceRequest } from "../testing/trace-payloads";
import { decodeTraceRequestJson } from "./traces";

const ctx = createDecodeContext(NOW_MS);

describe("decodeTraceRequestJson", () => {
  it("accepts text, bytes and parsed objects alike", () => {
    const request = traceRequest([jsonSpan()]);
    const fromText = decodeTraceRequestJson(JSON.stringify(request), ctx);
    expect(fromText.rows).toHaveLength(1);
    expect(decodeTraceRequestJson(Buffer.from(JSON.stringify(request)), ctx)).toEqual(fromText);
    expect(decodeTraceRequestJson(request, ctx)).toEqual(fromText);
  });

  it("accepts 64-bit integers as numbers or strings, upper-case hex, enum names and unknown fields", () => {
    const body = {
      resourceSpans: [
        {
          futureField: { anything: [1, 2] },
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE_ID.toUpperCase(),
                  spanId: SPAN_ID.toUpperCase(),
                  name: "op",
                  kind: "SPAN_KIND_CLIENT",
                  startTimeUnixNano: 1_700_000_000_000_000_000,
                  endTimeUnixNano: "1700000000000100000",
                  attributes: [
                    { key: "i", value: { intValue: "12" } },
                    { key: "n", value: { doubleValue: "NaN" } },
                    { key: "inf", value: { doubleValue: "-Infinity" } },
                  ],
                  status: { code: "STATUS_CODE_ERROR" },
                  droppedAttributesCount: "3",
                  somethingNew: true,
                },
              ],
            },
          ],
        },
      ],
    };
    const [row] = decodeTraceRequestJson(body, ctx).rows;
    expect(row!.traceId).toBe(TRACE_ID);
    expect(row!.spanId).toBe(SPAN_ID);
    expect(row!.kind).toBe(3);
    expect(row!.statusCode).toBe(2);
    expect(row!.startNs).toBe(START_NS);
    expect(row!.durationNs).toBe(100_000n);
    expect(row!.attributes).toEqual({ i: 12, n: Number.NaN, inf: Number.NEGATIVE_INFINITY });
    expect(row!.droppedAttributesCount).toBe(3);
  });

  it("rejects a start before 1970 and ids that are not hex", () => {
    const result = decodeTraceRequestJson(
      traceRequest([
        jsonSpan({ startTimeUnixNano: "-1000", endTimeUnixNano: "5" }),
        jsonSpan({ traceId: "z".repeat(32) }),
        jsonSpan(),
      ]),
      ctx,
    );
    expect(result.rows).toHaveLength(1);
    expect(result.rejected).toBe(2);
    expect(result.errors).toEqual([
      "resourceSpans[0].scopeSpans[0].spans[0]: start time is 0 or before 1970-01-01",
      "resourceSpans[0].scopeSpans[0].spans[1]: traceId must be hexadecimal",
    ]);
  });

  it("refuses bodies that are not JSON or have values of the wrong type, saying where", () => {
    expect(() => decodeTraceRequestJson("{not json", ctx)).toThrow(DecodeError);
    expect(() => decodeTraceRequestJson("[]", ctx)).toThrow("request must be an object");
    expect(() => decodeTraceRequestJson({ resourceSpans: {} }, ctx)).toThrow(
      "resourceSpans must be an array",
    );
    const badAttribute = traceRequest([
      jsonSpan(),
      jsonSpan({ attributes: [{ key: "k", value: { intValue: "1.5" } }] }),
    ]);
    expect(() => decodeTraceRequestJson(badAttribute, ctx)).toThrow(
      "resourceSpans[0].scopeSpans[0].spans[1]: intValue must be an integer",
    );
    const badTime = traceRequest([jsonSpan({ startTimeUnixNano: "0x10" })]);
    expect(() => decodeTraceRequestJson(badTime, ctx)).toThrow("startTimeUnixNano must be an integer");
    const badName = { resourceSpans: [{ scopeSpans: [{ scope: { name: 5 } }] }] };
    expect(() => decodeTraceRequestJson(badName, ctx)).toThrow(
      "resourceSpans[0].scopeSpans[0].scope: name must be a string",
    );
  });

  it("decodes an empty request", () => {
    expect(decodeTraceRequestJson("{}", ctx)).toEqual({ rows: [], rejected: 0, errors: [] });
  });
});
