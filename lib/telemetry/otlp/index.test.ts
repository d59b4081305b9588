// The pieces a receiver chains, end to end: transport, decoding, response.

import { gzipSync } from "node:zlib";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { createDecodeContext } from "../limits";
import {
  DecodeError,
  decodeTraceRequest,
  encodeExportResponse,
  partialSuccessOf,
  readOtlpBody,
} from "./index";
import { FIXTURE_NOW_MS, makeSdkSpans } from "./testing/sdk-payloads";
import { encodeTraceRequest, jsonSpan, NOW_MS, traceRequest } from "./testing/trace-payloads";

const limits = { maxBytes: 1 << 20, maxInflatedBytes: 4 << 20 };

describe("receiver path", () => {
  it("decodes a gzipped JSON export and a protobuf export of the same spans to the same rows", async () => {
    const spans = makeSdkSpans();
    const ctx = createDecodeContext(FIXTURE_NOW_MS);
    const json = await readOtlpBody({
      contentType: "application/json",
      contentEncoding: "gzip",
      body: gzipSync(JsonTraceSerializer.serializeRequest(spans)!),
      ...limits,
    });
    const protobuf = await readOtlpBody({
      contentType: "application/x-protobuf",
      body: ProtobufTraceSerializer.serializeRequest(spans)!,
      ...limits,
    });
    if (!json.ok || !protobuf.ok) throw new Error("body refused");
    const fromJson = decodeTraceRequest(json.format, json.bytes, ctx);
    expect(fromJson.rows).toHaveLength(5);
    expect(decodeTraceRequest(protobuf.format, protobuf.bytes, ctx)).toEqual(fromJson);
    expect(encodeExportResponse("traces", protobuf.format, partialSuccessOf(fromJson))).toHaveLength(0);
  });

  it("answers a partly invalid export with partial_success", async () => {
    const body = encodeTraceRequest(traceRequest([jsonSpan(), jsonSpan({ spanId: "0".repeat(16) })]));
    const read = await readOtlpBody({ contentType: "application/x-protobuf", body, ...limits });
    if (!read.ok) throw new Error("body refused");
    const result = decodeTraceRequest(read.format, read.bytes, createDecodeContext(NOW_MS));
    expect(result.rows).toHaveLength(1);
    const response = ProtobufTraceSerializer.deserializeResponse(
      encodeExportResponse("traces", read.format, partialSuccessOf(result)),
    );
    expect(response.partialSuccess?.errorMessage).toBe(
      "rejected 1: resource_spans[0].scope_spans[0].spans[1]: span_id must not be all zero",
    );
  });

  it("throws DecodeError for a JSON body that is not OTLP", () => {
    expect(() => decodeTraceRequest("json", Buffer.from("[1,2]"), createDecodeContext(NOW_MS))).toThrow(
      DecodeError,
    );
  });
});
