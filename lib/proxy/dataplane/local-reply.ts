/**
 * Responses the proxy writes itself: a short plain-text explanation and `x-weft-reason` with a stable
 * code, so that a caller (and a person with curl) can tell a proxy decision from an application answer.
 * gRPC requests get a trailers-only gRPC error instead, with the HTTP status mapped as gRPC specifies.
 */
import type { OutgoingHttpHeaders } from "node:http";
import { type Exchange, isGrpc } from "./exchange";

export type LocalReason =
  | "bad_request"
  | "no_route"
  | "unknown_service"
  | "route_config_missing"
  | "cluster_not_found"
  | "no_healthy_upstream"
  | "circuit_breaker_open"
  | "rate_limited"
  | "fault_abort"
  | "upstream_timeout"
  | "stream_idle_timeout"
  | "request_timeout"
  | "upstream_connect_failure"
  | "upstream_reset"
  | "upstream_protocol_error"
  | "direct_response"
  | "not_ready";

export const REASON_HEADER = "x-weft-reason";

export interface LocalReplyOptions {
  readonly headers?: OutgoingHttpHeaders;
  /** gRPC status to use instead of the mapped one (fault aborts with a gRPC status). */
  readonly grpcStatus?: number;
  readonly body?: string;
}

export function sendLocalReply(
  ex: Exchange,
  status: number,
  reason: LocalReason,
  message: string,
  options: LocalReplyOptions = {},
): void {
  if (ex.closed) return;
  // An unread request body would stall an HTTP/1.1 keep-alive connection; drop it.
  if (ex.hasBody && ex.body.readableFlowing !== true) ex.body.resume();
  if (ex.headersSent) {
    ex.abort();
    return;
  }
  if (isGrpc(ex.headers) || options.grpcStatus !== undefined) {
    ex.respond(
      200,
      {
        "content-type": "application/grpc",
        "grpc-status": String(options.grpcStatus ?? grpcStatusOf(status)),
        "grpc-message": encodeURIComponent(message),
        [REASON_HEADER]: reason,
        ...options.headers,
      },
      { endStream: true },
    );
    return;
  }
  if (status === 204) {
    // No content, and no Content-Length (RFC 9110 §8.6): Envoy's alternative answer to a route timeout.
    ex.respond(204, { [REASON_HEADER]: reason, ...options.headers }, { endStream: true });
    return;
  }
  const body = Buffer.from(options.body ?? `${message}\n`);
  ex.respond(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": body.length,
    [REASON_HEADER]: reason,
    // After a malformed request the rest of the connection cannot be trusted.
    ...(reason === "bad_request" && { connection: "close" }),
    ...options.headers,
  });
  if (ex.method !== "HEAD") ex.write(body);
  ex.end();
}

/** HTTP status to gRPC status, from gRPC's "HTTP to gRPC Status Code Mapping". */
export function grpcStatusOf(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
      return 14;
    case 504:
      return 4;
    default:
      return 2;
  }
}
