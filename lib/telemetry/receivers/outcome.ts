// What an OTLP export came to, independent of the transport; http-response.ts and grpc-service.ts turn it
// into an HTTP status or a gRPC code as the OTLP specification asks.

import type { PartialSuccess } from "../otlp";

export type OtlpFailureKind =
  | "invalid" // undecodable body: HTTP 400 / INVALID_ARGUMENT
  | "too_large" // HTTP 413 (gRPC enforces its own message limit)
  | "unsupported" // content type or encoding: HTTP 415
  | "unauthenticated" // HTTP 401 / UNAUTHENTICATED
  | "forbidden" // HTTP 403 / PERMISSION_DENIED
  | "queue_full" // HTTP 429 / RESOURCE_EXHAUSTED, with a retry delay
  | "unavailable" // HTTP 503 / UNAVAILABLE, with a retry delay
  | "store_failed"; // HTTP 500 / INTERNAL

export type OtlpOutcome =
  | { ok: true; partial: PartialSuccess | null }
  | { ok: false; kind: OtlpFailureKind; message: string; retryAfterSeconds: number };

export function failure(kind: OtlpFailureKind, message: string, retryAfterSeconds = 0): OtlpOutcome {
  return { ok: false, kind, message, retryAfterSeconds };
}
