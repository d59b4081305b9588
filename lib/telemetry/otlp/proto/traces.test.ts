// Protobuf-specific behaviour of the trace decoder: field order, unknown fields of every wire type,
// malformed and truncated input, and random bytes.

import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { createDecodeContext } from "../../limits";
import { DecodeError } from "../decode-error";
import { encodeMessage, hexBytes, type ProtoField } from "../testing/proto-builder";
import { corruptedInputs } from "../testing/random";
import { FIXTURE_NOW_MS, makeSdkSpans } from "../testing/sdk-payloads";
import { NOW_MS, PARENT_ID, SPAN_ID, START_NS, TRACE_ID } from "../testing/trace-payloads";
import { decodeTraceRequestProtobuf } from "./traces";

const ctx = createDecodeContext(NOW_MS);

const serviceAttribute: ProtoField = {
  field: 1,
  message: [
    { field: 1, bytes: "service.name" },
    { field: 2, message: [{ field: 1, bytes: "inventory" }] },
  ],
};

function spanFields(extra: ProtoField[] = []): ProtoField[] {
  return [
    { field: 1, bytes: hexBytes(TRACE_ID) },
    { field: 2, bytes: hexBytes(SPAN_ID) },
    { field: 4, bytes: hexBytes(PARENT_ID) },
    { field: 5, bytes: "GET /items" },
    { field: 6, varint: 2 },
    { field: 7, fixed64: START_NS },
    { field: 8, fixed64: START_NS + 1_500_000n },
    ...extra,
  ];
}

function request(resourceSpans: ProtoField[]): Uint8Array {
  return encodeMessage([{ field: 1, message: resourceSpans }]);
}

const unknownOfEveryWireType: ProtoField[] = [
  { field: 90, varint: 2n ** 63n },
  { field: 91, fixed64: 7n },
  { field: 92, bytes: "ignored" },
  {
    field: 93,
    group: [
      { field: 1, varint: 1 },
      { field: 2, group: [{ field: 3, bytes: "nested group" }] },
    ],
  },
  { field: 94, fixed32: 9 },
];

describe("decodeTraceRequestProtobuf", () => {
  it("reads the resource and scope wherever they appear and skips unknown fields of every wire type", () => {
    const scrambled = request([
      ...unknownOfEveryWireType,
      {
        field: 2,
        message: [
          { field: 2, message: [...unknownOfEveryWireType, ...spanFields().reverse()] },
          ...unknownOfEveryWireType,
          {
            field: 1,
            message: [{ field: 2, bytes: "1.0" }, { field: 1, bytes: "scope" }, ...unknownOfEveryWireType],
          },
        ],
      },
      { field: 1, message: [...unknownOfEveryWireType, serviceAttribute] },
    ]);
    const result = decodeTraceRequestProtobuf(scrambled, ctx);
    expect(result.rejected).toBe(0);
    expect(result.rows).toHaveLength(1);
    const row = result.rows[0]!;
    expect(row).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: PARENT_ID,
      service: "inventory",
      operation: "GET /items",
      kind: 2,
      startNs: START_NS,
      durationNs: 1_500_000n,
      scope: { name: "scope", version: "1.0" },
      resourceAttributes: { "service.name": "inventory" },
    });
  });

  it("ignores the profiling-only strindex fields and keeps the last of several oneof values", () => {
    const attribute: ProtoField = {
      field: 9,
      message: [
        { field: 3, varint: 4 },
        { field: 1, bytes: "k" },
        {
          field: 2,
          message: [
            { field: 8, varint: 1 },
            { field: 1, bytes: "first" },
            { field: 3, varint: 5 },
          ],
        },
      ],
    };
    const [row] = decodeTraceRequestProtobuf(
      request([{ field: 2, message: [{ field: 2, message: spanFields([attribute]) }] }]),
      ctx,
    ).rows;
    expect(row!.attributes).toEqual({ k: 5 });
  });

  it("reads ten-byte negative enums and the deprecated status code without harm", () => {
    const fields = spanFields([
      { field: 6, varint: -1 },
      {
        field: 15,
        message: [
          { field: 1, varint: 2 },
          { field: 2, bytes: "why" },
        ],
      },
    ]);
    const [row] = decodeTraceRequestProtobuf(
      request([{ field: 2, message: [{ field: 2, message: fields }] }]),
      ctx,
    ).rows;
    expect(row!.kind).toBe(0);
    expect(row!.statusCode).toBe(0);
    expect(row!.statusMessage).toBe("why");
  });

  it("accepts an empty request", () => {
    expect(decodeTraceRequestProtobuf(new Uint8Array(0), ctx)).toEqual({ rows: [], rejected: 0, errors: [] });
  });

  it("says where a malformed field is", () => {
    const spans = [
      { field: 2, message: spanFields() },
      { field: 2, message: spanFields([{ field: 5, varint: 1 }]) },
    ];
    const body = request([
      { field: 2, message: [{ field: 1, message: [] }] },
      { field: 2, message: spans },
    ]);
    expect(() => decodeTraceRequestProtobuf(body, ctx)).toThrow(
      "resource_spans[0].scope_spans[1].spans[1]: field 5 has wire type varint, expected length-delimited",
    );
  });

  it("says where a length runs past its message", () => {
    // A span whose name claims 50 bytes inside a span message that holds fewer.
    const span = encodeMessage(spanFields());
    const broken = Uint8Array.from([...span, 0x2a, 50, 0x41]);
    const body = encodeMessage([
      { field: 1, message: [{ field: 2, message: [{ field: 2, bytes: broken }] }] },
    ]);
    const error = captureError(() => decodeTraceRequestProtobuf(body, ctx));
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.message).toBe(
      "resource_spans[0].scope_spans[0].spans[0]: truncated length-delimited field 5",
    );
    expect(error.path).toBe("resource_spans[0].scope_spans[0].spans[0]");
    expect(error.status).toBe(400);
  });

  it("refuses an unexpected end-group tag and invalid wire types", () => {
    expect(() => decodeTraceRequestProtobuf(Uint8Array.from([0x0c]), ctx)).toThrow(DecodeError);
    expect(() => decodeTraceRequestProtobuf(Uint8Array.from([0x16]), ctx)).toThrow(
      "invalid wire type 6 for field 2",
    );
    expect(() => decodeTraceRequestProtobuf(Uint8Array.from([0x00]), ctx)).toThrow("invalid field number 0");
    expect(() => decodeTraceRequestProtobuf(Uint8Array.from([0x0e]), ctx)).toThrow("field 1 has wire type 6");
  });

  it("throws DecodeError for every truncation of a real payload", () => {
    const body = ProtobufTraceSerializer.serializeRequest(makeSdkSpans())!;
    const sdkCtx = createDecodeContext(FIXTURE_NOW_MS);
    expect(decodeTraceRequestProtobuf(body, sdkCtx).rows).toHaveLength(5);
    for (let length = 1; length < body.length; length++) {
      const error = captureError(() => decodeTraceRequestProtobuf(body.subarray(0, length), sdkCtx));
      expect(error, `prefix of ${length} bytes`).toBeInstanceOf(DecodeError);
    }
  });

  it("never fails with anything but DecodeError on random or corrupted bytes", () => {
    const sdkCtx = createDecodeContext(FIXTURE_NOW_MS);
    const valid = ProtobufTraceSerializer.serializeRequest(makeSdkSpans())!;
    let decodedCleanly = 0;
    for (const body of corruptedInputs(valid, 42, 3000)) {
      try {
        const result = decodeTraceRequestProtobuf(body, sdkCtx);
        decodedCleanly++;
        for (const row of result.rows) {
          expect(row.traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(row.spanId).toMatch(/^[0-9a-f]{16}$/);
          expect(row.endNs >= row.startNs).toBe(true);
        }
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
      }
    }
    expect(decodedCleanly).toBeGreaterThan(0);
  });
});

function captureError(action: () => unknown): DecodeError {
  try {
    action();
  } catch (error) {
    return error as DecodeError;
  }
  throw new Error("expected an error");
}
