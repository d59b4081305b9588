// The OTLP decoding surface that receivers (OTLP/HTTP on 4318 and the console port, OTLP/gRPC on 4317) use.

import type { DecodeContext } from "../limits";
import type { DecodeResult, MetricPointRow, SpanRow } from "../rows";
import type { OtlpFormat } from "./format";
import { decodeMetricsRequestJson } from "./json/metrics";
import { decodeTraceRequestJson } from "./json/traces";
import { decodeMetricsRequestProtobuf } from "./proto/metrics";
import { decodeTraceRequestProtobuf } from "./proto/traces";

export { type OtlpBody, type OtlpBodyInput, readOtlpBody } from "./body";
export { DecodeError } from "./decode-error";
export { formatOfContentType, OTLP_CONTENT_TYPES, type OtlpFormat } from "./format";
export {
  encodeExportResponse,
  encodeStatus,
  type OtlpSignal,
  type PartialSuccess,
  partialSuccessOf,
} from "./response";
export {
  decodeMetricsRequestJson,
  decodeMetricsRequestProtobuf,
  decodeTraceRequestJson,
  decodeTraceRequestProtobuf,
};

/** Decodes an ExportTraceServiceRequest body in either format; throws DecodeError when it is undecodable. */
export function decodeTraceRequest(
  format: OtlpFormat,
  bytes: Uint8Array,
  ctx: DecodeContext,
): DecodeResult<SpanRow> {
  return format === "protobuf" ? decodeTraceRequestProtobuf(bytes, ctx) : decodeTraceRequestJson(bytes, ctx);
}

/** Decodes an ExportMetricsServiceRequest body in either format; throws DecodeError when it is undecodable. */
export function decodeMetricsRequest(
  format: OtlpFormat,
  bytes: Uint8Array,
  ctx: DecodeContext,
): DecodeResult<MetricPointRow> {
  return format === "protobuf"
    ? decodeMetricsRequestProtobuf(bytes, ctx)
    : decodeMetricsRequestJson(bytes, ctx);
}
