import {
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { ProtoReader } from "./proto/wire";
import { encodeExportResponse, encodeStatus, partialSuccessOf } from "./response";

/** Decodes the response by hand: field 1 holding { 1: int64, 2: string }. */
function readPartialSuccess(bytes: Uint8Array): { rejected: number | string; message: string } | null {
  const reader = new ProtoReader(bytes);
  let found: { rejected: number | string; message: string } | null = null;
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    expect(tag).toBe((1 << 3) | 2);
    const end = reader.delimited(1, reader.end);
    found = { rejected: 0, message: "" };
    while (reader.pos < end) {
      const inner = reader.tag();
      if (inner === 0x08)
        found.rejected = reader.int64Value(); // field 1, varint
      else if (inner === 0x12)
        found.message = reader.string(2, end, 1 << 20); // field 2, length-delimited
      else throw new Error(`unexpected tag ${inner}`);
    }
  }
  return found;
}

describe("export responses", () => {
  it("is empty when everything was accepted", () => {
    expect(encodeExportResponse("traces", "protobuf")).toHaveLength(0);
    expect(Buffer.from(encodeExportResponse("metrics", "json")).toString()).toBe("{}");
    expect(partialSuccessOf({ rejected: 0, errors: [] })).toBeNull();
  });

  it("carries partial_success in protobuf, readable by hand and by the OpenTelemetry JS client", () => {
    const partial = partialSuccessOf({
      rejected: 3_000_000_000,
      errors: ["spans[1]: bad", "spans[4]: worse"],
    })!;
    expect(partial.errorMessage).toBe(
      "rejected 3000000000: spans[1]: bad; spans[4]: worse (and 2999999998 more)",
    );
    const bytes = encodeExportResponse("traces", "protobuf", partial);
    expect(readPartialSuccess(bytes)).toEqual({ rejected: 3_000_000_000, message: partial.errorMessage });
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toMatchObject({
      partialSuccess: { errorMessage: partial.errorMessage },
    });
    const metrics = encodeExportResponse("metrics", "protobuf", { rejected: 2, errorMessage: "x" });
    const fromClient = ProtobufMetricsSerializer.deserializeResponse(metrics);
    expect(fromClient.partialSuccess?.errorMessage).toBe("x");
    expect(Number(fromClient.partialSuccess?.rejectedDataPoints)).toBe(2);
  });

  it("carries partial_success in JSON with the signal's field name and int64 as a string", () => {
    const traces = encodeExportResponse("traces", "json", { rejected: 2, errorMessage: "two bad spans" });
    expect(JSON.parse(Buffer.from(traces).toString())).toEqual({
      partialSuccess: { rejectedSpans: "2", errorMessage: "two bad spans" },
    });
    expect(JsonTraceSerializer.deserializeResponse(traces).partialSuccess?.errorMessage).toBe(
      "two bad spans",
    );
    const metrics = encodeExportResponse("metrics", "json", { rejected: 1, errorMessage: "one bad point" });
    expect(JsonMetricsSerializer.deserializeResponse(metrics)).toEqual({
      partialSuccess: { rejectedDataPoints: "1", errorMessage: "one bad point" },
    });
  });

  it("encodes google.rpc.Status for error bodies", () => {
    const bytes = encodeStatus("protobuf", "truncated body", 3);
    const reader = new ProtoReader(bytes);
    expect(reader.tag()).toBe(1 << 3);
    expect(reader.int32()).toBe(3);
    expect(reader.tag()).toBe((2 << 3) | 2);
    expect(reader.string(2, reader.end, 100)).toBe("truncated body");
    expect(reader.pos).toBe(reader.end);
    expect(JSON.parse(Buffer.from(encodeStatus("json", "too large")).toString())).toEqual({
      message: "too large",
    });
  });
});
