/**
 * The limits a listener port puts on each downstream connection, fixed when the connection is accepted
 * (as Envoy applies a listener's settings to the connections it accepts), and the head limits a connection
 * manager puts on each request. Each comes from the control plane's connection manager where it sets one,
 * else from the proxy's own flags and defaults.
 */
import type { HttpConnectionManagerConfig } from "../config/model";
import type { HeadLimits } from "../http/request-head";

/**
 * Idle timeout of a downstream connection when the control plane sets none. Envoy's default is an hour;
 * the proxy keeps the minute it has always advertised (keep-alive: timeout=60), as node:http's servers do
 * by default too, so a local app's idle pool does not hold connections for long.
 */
export const DOWNSTREAM_IDLE_TIMEOUT_MS = 60_000;

export interface ConnectionSettings {
  /** The whole request head must arrive within this long (408 otherwise). */
  readonly headersTimeoutMs: number;
  /** A connection with no request in flight closes after this long; 0 means never. */
  readonly idleTimeoutMs: number;
  /** 0 means no limit. */
  readonly maxRequestsPerConnection: number;
  /** 0 means no limit. */
  readonly maxConnectionDurationMs: number;
}

export interface ConnectionDefaults {
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

export function connectionSettings(
  http: HttpConnectionManagerConfig | undefined,
  defaults: ConnectionDefaults,
): ConnectionSettings {
  const downstream = http?.downstream;
  return {
    // Envoy's request_headers_timeout of 0 means none; the proxy keeps its own then, against slow clients.
    headersTimeoutMs:
      http && http.requestHeadersTimeoutMs > 0 ? http.requestHeadersTimeoutMs : defaults.headersTimeoutMs,
    idleTimeoutMs: downstream?.idleTimeoutMs ?? defaults.idleTimeoutMs,
    maxRequestsPerConnection: downstream?.maxRequestsPerConnection ?? 0,
    maxConnectionDurationMs: downstream?.maxConnectionDurationMs ?? 0,
  };
}

/**
 * The connection manager's max_request_headers_kb and max_headers_count where they are stricter than the
 * proxy's own limits, else undefined (the common case: nothing more to check). The proxy's parser limit
 * stays the ceiling: a connection manager cannot raise it.
 */
export function stricterHeadLimits(
  base: HeadLimits,
  http: HttpConnectionManagerConfig | undefined,
): HeadLimits | undefined {
  if (!http) return undefined;
  const bytes = http.maxRequestHeadersKb * 1024;
  const count = http.downstream.maxHeadersCount;
  if (bytes >= base.maxHeaderBytes && count >= base.maxHeaderCount) return undefined;
  return {
    maxHeaderBytes: Math.min(bytes, base.maxHeaderBytes),
    maxHeaderCount: Math.min(count, base.maxHeaderCount),
  };
}
