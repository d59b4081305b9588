// An OTLP outcome as an OTLP/HTTP response: the Export*ServiceResponse (with partial_success) in the
// request's encoding on success, otherwise a google.rpc.Status body with the status the specification
// names, and Retry-After on 429 / 503.

import {
  encodeExportResponse,
  encodeStatus,
  OTLP_CONTENT_TYPES,
  type OtlpFormat,
  type OtlpSignal,
} from "../otlp";
import type { OtlpFailureKind, OtlpOutcome } from "./outcome";

export interface OtlpHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

const HTTP_STATUS: Readonly<Record<OtlpFailureKind, number>> = {
  invalid: 400,
  too_large: 413,
  unsupported: 415,
  unauthenticated: 401,
  forbidden: 403,
  queue_full: 429,
  unavailable: 503,
  store_failed: 500,
};

/** gRPC status codes, also put into the Status body (clients only show them). */
export const GRPC_CODE: Readonly<Record<OtlpFailureKind, number>> = {
  invalid: 3, // INVALID_ARGUMENT
  too_large: 8, // RESOURCE_EXHAUSTED
  unsupported: 3,
  unauthenticated: 16, // UNAUTHENTICATED
  forbidden: 7, // PERMISSION_DENIED
  queue_full: 8, // RESOURCE_EXHAUSTED
  unavailable: 14, // UNAVAILABLE
  store_failed: 13, // INTERNAL
};

export function otlpHttpResponse(
  signal: OtlpSignal,
  format: OtlpFormat,
  outcome: OtlpOutcome,
): OtlpHttpResponse {
  const headers: Record<string, string> = { "content-type": OTLP_CONTENT_TYPES[format] };
  if (outcome.ok)
    return { status: 200, headers, body: encodeExportResponse(signal, format, outcome.partial) };
  if (outcome.retryAfterSeconds > 0) headers["retry-after"] = String(Math.ceil(outcome.retryAfterSeconds));
  if (outcome.kind === "unauthenticated") headers["www-authenticate"] = 'Bearer realm="weft"';
  return {
    status: HTTP_STATUS[outcome.kind],
    headers,
    body: encodeStatus(format, outcome.message, GRPC_CODE[outcome.kind]),
  };
}
