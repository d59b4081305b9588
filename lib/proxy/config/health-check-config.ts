/** core.v3.HealthCheck → HealthCheckConfig (HTTP, TCP and gRPC checkers). */
import type { HealthCheckConfig, HealthCheckKind, StatusRange } from "./cluster-model";
import type { Diagnostics } from "./diagnostics";
import { readDurationMs } from "./duration";
import { parseHeaderMutation } from "./header-options";
import { MAX_PAYLOAD_BYTES, parsePayload } from "./health-payload";
import { noteIgnoredFields } from "./ignored-fields";
import {
  enumField,
  isObject,
  listField,
  nonEmptyString,
  numberField,
  objectField,
  oneofCase,
  stringField,
  wrappedBool,
  wrappedNumber,
  type XdsObject,
} from "./xds-values";

const METHODS = [
  "METHOD_UNSPECIFIED",
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
];

export function parseHealthCheck(o: XdsObject, d: Diagnostics): HealthCheckConfig | undefined {
  noteIgnoredFields(d, o, [
    "timeout",
    "interval",
    "initial_jitter",
    "interval_jitter",
    "interval_jitter_percent",
    "unhealthy_threshold",
    "healthy_threshold",
    "alt_port",
    "http_health_check",
    "tcp_health_check",
    "grpc_health_check",
    "health_checker",
    "no_traffic_interval",
    "unhealthy_interval",
    "unhealthy_edge_interval",
    "healthy_edge_interval",
    "reuse_connection",
  ]);
  const errorsBefore = d.errorCount;
  const timeoutMs = readDurationMs(o, "timeout", d, { positive: true });
  const intervalMs = readDurationMs(o, "interval", d, { positive: true });
  if (timeoutMs === undefined) d.error("timeout is required");
  if (intervalMs === undefined) d.error("interval is required");
  const unhealthyThreshold = wrappedNumber(o, "unhealthy_threshold");
  const healthyThreshold = wrappedNumber(o, "healthy_threshold");
  if (unhealthyThreshold === undefined || unhealthyThreshold < 1)
    d.error("unhealthy_threshold must be at least 1");
  if (healthyThreshold === undefined || healthyThreshold < 1) d.error("healthy_threshold must be at least 1");
  const check = parseChecker(o, d);
  const unhealthyIntervalMs = readDurationMs(o, "unhealthy_interval", d, { positive: true });
  const unhealthyEdgeIntervalMs = readDurationMs(o, "unhealthy_edge_interval", d, { positive: true });
  const healthyEdgeIntervalMs = readDurationMs(o, "healthy_edge_interval", d, { positive: true });
  const altPort = wrappedNumber(o, "alt_port");
  if (
    d.errorCount > errorsBefore ||
    !check ||
    timeoutMs === undefined ||
    intervalMs === undefined ||
    unhealthyThreshold === undefined ||
    healthyThreshold === undefined
  ) {
    return undefined;
  }
  const unhealthy = unhealthyIntervalMs ?? intervalMs;
  return {
    timeoutMs,
    intervalMs,
    initialJitterMs: readDurationMs(o, "initial_jitter", d) ?? 0,
    intervalJitterMs: readDurationMs(o, "interval_jitter", d) ?? 0,
    intervalJitterPercent: numberField(o, "interval_jitter_percent") ?? 0,
    unhealthyThreshold,
    healthyThreshold,
    unhealthyIntervalMs: unhealthy,
    unhealthyEdgeIntervalMs: unhealthyEdgeIntervalMs ?? unhealthy,
    healthyEdgeIntervalMs: healthyEdgeIntervalMs ?? intervalMs,
    noTrafficIntervalMs: readDurationMs(o, "no_traffic_interval", d, { positive: true }) ?? 60_000,
    ...(altPort !== undefined && altPort > 0 && { altPort }),
    reuseConnection: wrappedBool(o, "reuse_connection") ?? true,
    check,
  };
}

function parseChecker(o: XdsObject, d: Diagnostics): HealthCheckKind | undefined {
  const kind = oneofCase(o, "health_checker", [
    "http_health_check",
    "tcp_health_check",
    "grpc_health_check",
    "custom_health_check",
  ] as const);
  switch (kind) {
    case "http_health_check": {
      const http = objectField(o, kind) ?? {};
      const hd = d.at("http_health_check");
      noteIgnoredFields(
        hd,
        http,
        [
          "host",
          "path",
          "request_headers_to_add",
          "request_headers_to_remove",
          "expected_statuses",
          "retriable_statuses",
          "codec_client_type",
          "method",
        ],
        { codec_client_type: "HTTP1", method: "METHOD_UNSPECIFIED" },
      );
      const path = stringField(http, "path") ?? "";
      if (!path.startsWith("/")) hd.error(`path '${path}' must start with '/'`);
      const method = enumField(http, "method", METHODS) ?? "METHOD_UNSPECIFIED";
      const host = nonEmptyString(http, "host");
      return {
        kind: "http",
        ...(host !== undefined && { host }),
        path,
        method: method === "METHOD_UNSPECIFIED" ? "GET" : method,
        expectedStatuses: parseRanges(http, "expected_statuses", hd, [{ start: 200, end: 201 }]),
        retriableStatuses: parseRanges(http, "retriable_statuses", hd, []),
        requestHeaders: parseHeaderMutation(http, "request", hd),
        http2: enumField(http, "codec_client_type", ["HTTP1", "HTTP2", "HTTP3"]) === "HTTP2",
      };
    }
    case "tcp_health_check":
      return parseTcpCheck(objectField(o, kind), d.at("tcp_health_check"));
    case "grpc_health_check": {
      const grpc = objectField(o, kind);
      const authority = nonEmptyString(grpc, "authority");
      return {
        kind: "grpc",
        serviceName: stringField(grpc, "service_name") ?? "",
        ...(authority !== undefined && { authority }),
      };
    }
    case undefined:
      d.error("has no health checker (http, tcp or grpc)");
      return undefined;
    default:
      d.error(`${kind} is not supported`);
      return undefined;
  }
}

function parseTcpCheck(tcp: XdsObject | undefined, d: Diagnostics): HealthCheckKind | undefined {
  noteIgnoredFields(d, tcp, ["send", "receive"]);
  const errorsBefore = d.errorCount;
  const sendObject = objectField(tcp, "send");
  const send = sendObject ? parsePayload(sendObject, d.at("send")) : undefined;
  const receive: Uint8Array[] = [];
  listField(tcp, "receive").forEach((payload, i) => {
    const bytes = parsePayload(isObject(payload) ? payload : undefined, d.at(`receive[${i}]`));
    if (bytes) receive.push(bytes);
  });
  const expected = receive.reduce((sum, block) => sum + block.length, 0);
  if (expected > MAX_PAYLOAD_BYTES)
    d.error(`receive expects ${expected} bytes in all, more than the ${MAX_PAYLOAD_BYTES} allowed`);
  if (d.errorCount > errorsBefore) return undefined;
  return { kind: "tcp", ...(send && { send }), receive };
}

function parseRanges(o: XdsObject, key: string, d: Diagnostics, fallback: StatusRange[]): StatusRange[] {
  const ranges = listField(o, key)
    .filter(isObject)
    .map((r) => ({ start: numberField(r, "start") ?? 0, end: numberField(r, "end") ?? 0 }));
  for (const r of ranges) {
    if (r.start < 100 || r.end > 600 || r.end <= r.start)
      d.error(`${key} [${r.start}, ${r.end}) is not a status range within [100, 600)`);
  }
  return ranges.length > 0 ? ranges : fallback;
}
