// OTLP export responses, in the request's encoding:
// - Export{Trace,Metrics}ServiceResponse { partial_success = 1 } with
//   Export{Trace,Metrics}PartialSuccess { rejected_spans | rejected_data_points = 1 (int64); error_message = 2 }.
//   A fully accepted export gets an empty message; partial_success is set only when something was rejected.
// - google.rpc.Status { code = 1; message = 2 } as the body of 4xx / 5xx responses, as OTLP/HTTP requires.

import type { DecodeResult } from "../rows";
import type { OtlpFormat } from "./format";
import { ProtoWriter } from "./proto/writer";

export type OtlpSignal = "traces" | "metrics";

export interface PartialSuccess {
  rejected: number;
  errorMessage: string;
}

const REJECTED_JSON_KEY: Readonly<Record<OtlpSignal, string>> = {
  traces: "rejectedSpans",
  metrics: "rejectedDataPoints",
};

/** The partial_success for a decode result, or null when nothing was rejected. */
export function partialSuccessOf(
  result: Pick<DecodeResult<unknown>, "rejected" | "errors">,
): PartialSuccess | null {
  if (result.rejected === 0) return null;
  const more = result.rejected - result.errors.length;
  const suffix = more > 0 ? ` (and ${more} more)` : "";
  return {
    rejected: result.rejected,
    errorMessage: `rejected ${result.rejected}: ${result.errors.join("; ")}${suffix}`,
  };
}

/** Encodes Export{Trace,Metrics}ServiceResponse; JSON is returned as UTF-8 bytes too. */
export function encodeExportResponse(
  signal: OtlpSignal,
  format: OtlpFormat,
  partial: PartialSuccess | null = null,
): Uint8Array {
  if (format === "json") {
    if (partial === null) return Buffer.from("{}");
    // int64 is a decimal string in the proto3 JSON mapping.
    const body = {
      partialSuccess: {
        [REJECTED_JSON_KEY[signal]]: String(partial.rejected),
        errorMessage: partial.errorMessage,
      },
    };
    return Buffer.from(JSON.stringify(body));
  }
  if (partial === null) return new Uint8Array(0);
  const inner = new ProtoWriter();
  if (partial.rejected !== 0) inner.varintField(1, partial.rejected);
  if (partial.errorMessage !== "") inner.stringField(2, partial.errorMessage);
  const outer = new ProtoWriter();
  outer.bytesField(1, inner.finish());
  return outer.finish();
}

/** Encodes google.rpc.Status for an error response body (code: a gRPC status code; OTLP clients ignore it). */
export function encodeStatus(format: OtlpFormat, message: string, code = 0): Uint8Array {
  if (format === "json") return Buffer.from(JSON.stringify(code === 0 ? { message } : { code, message }));
  const writer = new ProtoWriter();
  if (code !== 0) writer.varintField(1, code);
  if (message !== "") writer.stringField(2, message);
  return writer.finish();
}
