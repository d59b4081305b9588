/**
 * HttpConnectionManager.common_http_protocol_options (config.core.v3.HttpProtocolOptions) → the limits
 * the proxy puts on downstream connections and requests, as Envoy reads them for a connection manager.
 */
import type { Diagnostics } from "./diagnostics";
import { readDurationMs } from "./duration";
import { noteIgnoredFields } from "./ignored-fields";
import { enumField, wrappedNumber, type XdsObject } from "./xds-values";

/** What to do with a request header whose name has an underscore (Envoy: headers_with_underscores_action). */
export type UnderscoreHeaderAction = "allow" | "reject" | "drop";

export interface DownstreamOptions {
  /** Close a connection with no request in flight after this long; 0 means never; unset: the proxy's default. */
  readonly idleTimeoutMs?: number;
  /** Drain a connection (close after its current response) once it is this old; unset or 0: never. */
  readonly maxConnectionDurationMs?: number;
  /** A stream's limit where its route sets no max_stream_duration (the route's own overrides it). */
  readonly maxStreamDurationMs?: number;
  /** Requests (HTTP/1.1) or streams (HTTP/2) a connection serves before the proxy closes it; unset: no limit. */
  readonly maxRequestsPerConnection?: number;
  /** Envoy's default is 100. */
  readonly maxHeadersCount: number;
  readonly headersWithUnderscores: UnderscoreHeaderAction;
}

export const DEFAULT_DOWNSTREAM_OPTIONS: DownstreamOptions = {
  maxHeadersCount: 100,
  headersWithUnderscores: "allow",
};

const HANDLED = [
  "idle_timeout",
  "max_connection_duration",
  "max_stream_duration",
  "max_requests_per_connection",
  "max_headers_count",
  "headers_with_underscores_action",
];
const UNDERSCORE_ACTIONS = ["ALLOW", "REJECT_REQUEST", "DROP_HEADER"];

export function parseDownstreamOptions(o: XdsObject | undefined, d: Diagnostics): DownstreamOptions {
  if (!o) return DEFAULT_DOWNSTREAM_OPTIONS;
  noteIgnoredFields(d, o, HANDLED, { headers_with_underscores_action: "ALLOW" });
  const idleTimeoutMs = readDurationMs(o, "idle_timeout", d);
  const maxConnectionDurationMs = readDurationMs(o, "max_connection_duration", d);
  const maxStreamDurationMs = readDurationMs(o, "max_stream_duration", d);
  const maxRequests = wrappedNumber(o, "max_requests_per_connection");
  if (maxRequests !== undefined && (!Number.isInteger(maxRequests) || maxRequests < 0))
    d.error(`max_requests_per_connection ${maxRequests} is not a non-negative integer`);
  const maxHeadersCount = wrappedNumber(o, "max_headers_count") ?? 100;
  // Envoy's validation: at least 1 (the proto says gte 1).
  if (!Number.isInteger(maxHeadersCount) || maxHeadersCount < 1)
    d.error(`max_headers_count ${maxHeadersCount} must be an integer of at least 1`);
  const action = enumField(o, "headers_with_underscores_action", UNDERSCORE_ACTIONS) ?? "ALLOW";
  if (!UNDERSCORE_ACTIONS.includes(action))
    d.error(`headers_with_underscores_action '${action}' is not one of ${UNDERSCORE_ACTIONS.join(", ")}`);
  return {
    ...(idleTimeoutMs !== undefined && { idleTimeoutMs }),
    ...(maxConnectionDurationMs !== undefined && maxConnectionDurationMs > 0 && { maxConnectionDurationMs }),
    ...(maxStreamDurationMs !== undefined && maxStreamDurationMs > 0 && { maxStreamDurationMs }),
    // 0 means no limit, as in Envoy.
    ...(maxRequests !== undefined && maxRequests > 0 && { maxRequestsPerConnection: maxRequests }),
    maxHeadersCount,
    headersWithUnderscores:
      action === "REJECT_REQUEST" ? "reject" : action === "DROP_HEADER" ? "drop" : "allow",
  };
}
