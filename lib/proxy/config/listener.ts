/** listener.v3.Listener and its HttpConnectionManager → ListenerConfig. */
import { unpackAny } from "./any";
import { type DiagnosticSink, Diagnostics } from "./diagnostics";
import { parseDownstreamOptions } from "./downstream-options";
import { readDurationMs } from "./duration";
import type { AnyDecoder } from "./envoy-protos";
import { FAULT_TYPE, parseFault } from "./fault-config";
import { noteIgnoredFields } from "./ignored-fields";
import type { HttpConnectionManagerConfig, HttpFilter, ListenerConfig, TrafficDirection } from "./model";
import { LOCAL_RATE_LIMIT_TYPE, parseLocalRateLimit } from "./rate-limit-config";
import { parseRouteConfiguration } from "./route-config";
import {
  boolField,
  enumField,
  field,
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

export const HCM_TYPE = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
export const ROUTER_TYPE = "envoy.extensions.filters.http.router.v3.Router";
/** Envoy's default stream_idle_timeout (5 minutes) when a connection manager does not set one. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

export function parseListener(
  o: XdsObject,
  decode: AnyDecoder,
  sink: DiagnosticSink,
): ListenerConfig | undefined {
  const name = stringField(o, "name") ?? "";
  const d = new Diagnostics(`Listener ${name || "(unnamed)"}`, sink);
  if (name === "") d.error("has no name");
  noteIgnoredFields(
    d,
    o,
    [
      "name",
      "address",
      "filter_chains",
      "default_filter_chain",
      "api_listener",
      "traffic_direction",
      "stat_prefix",
    ],
    { drain_type: "DEFAULT" },
  );
  const errorsBefore = d.errorCount;
  const hcmAny = findHcm(o, d);
  const hcm = hcmAny === undefined ? undefined : unpackAny(hcmAny.value, decode, d.at(hcmAny.where));
  let http: HttpConnectionManagerConfig | undefined;
  if (hcm && hcm.typeName !== HCM_TYPE)
    d.error(`${hcmAny?.where} has type ${hcm.typeName}, not HttpConnectionManager`);
  else if (hcm?.message === undefined) {
    if (hcm) d.error(`${hcmAny?.where} cannot be decoded`);
  } else http = parseHcm(hcm.message, name, decode, sink, d.at(hcmAny?.where ?? ""));
  const address = parseAddress(objectField(o, "address"), d);
  const direction =
    enumField(o, "traffic_direction", ["UNSPECIFIED", "INBOUND", "OUTBOUND"]) ?? "UNSPECIFIED";
  if (!http || d.errorCount > errorsBefore) return undefined;
  return {
    name,
    ...(address && { address }),
    direction: (["inbound", "outbound"].includes(direction.toLowerCase())
      ? direction.toLowerCase()
      : "unspecified") as TrafficDirection,
    http,
  };
}

/** The HCM's Any: from api_listener, else the first filter chain (or default chain) that has one. */
function findHcm(o: XdsObject, d: Diagnostics): { value: unknown; where: string } | undefined {
  const api = objectField(objectField(o, "api_listener"), "api_listener");
  if (api) return { value: api, where: "api_listener" };
  const chains = [...listField(o, "filter_chains")];
  const fallback = objectField(o, "default_filter_chain");
  if (fallback) chains.push(fallback);
  if (chains.length > 1)
    d.note("has several filter chains; the first with an http_connection_manager is used");
  for (const [c, chain] of chains.entries()) {
    if (!isObject(chain)) continue;
    for (const [f, filter] of listField(chain, "filters").entries()) {
      if (!isObject(filter)) continue;
      const typed = field(filter, "typed_config");
      const typeUrl = isObject(typed)
        ? (stringField(typed, "@type") ?? stringField(typed, "type_url") ?? "")
        : "";
      if (
        typeUrl.endsWith(HCM_TYPE) ||
        stringField(filter, "name") === "envoy.filters.network.http_connection_manager"
      ) {
        return { value: typed, where: `filter_chains[${c}].filters[${f}]` };
      }
      d.error(
        `filter_chains[${c}].filters[${f}] '${stringField(filter, "name") ?? ""}' is not supported (only http_connection_manager)`,
      );
    }
  }
  d.error("has no http_connection_manager filter");
  return undefined;
}

function parseAddress(o: XdsObject | undefined, d: Diagnostics): ListenerConfig["address"] {
  const socket = objectField(o, "socket_address");
  if (!socket) return undefined;
  const host = stringField(socket, "address") ?? "";
  const port = numberField(socket, "port_value") ?? 0;
  if (host === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
    d.error(`address '${host}:${port}' is not a valid socket address`);
    return undefined;
  }
  return { host, port };
}

const HCM_HANDLED = [
  "stat_prefix",
  "rds",
  "route_config",
  "route_specifier",
  "http_filters",
  "use_remote_address",
  "xff_num_trusted_hops",
  "skip_xff_append",
  "via",
  "max_request_headers_kb",
  "request_headers_timeout",
  "stream_idle_timeout",
  "request_timeout",
  "strip_any_host_port",
  "strip_port_mode",
  "normalize_path",
  "merge_slashes",
  "upgrade_configs",
  "codec_type",
  "common_http_protocol_options",
];

function parseHcm(
  o: XdsObject,
  listenerName: string,
  decode: AnyDecoder,
  sink: DiagnosticSink,
  d: Diagnostics,
): HttpConnectionManagerConfig | undefined {
  noteIgnoredFields(d, o, HCM_HANDLED, { codec_type: "AUTO" });
  const errorsBefore = d.errorCount;
  const specifier = oneofCase(o, "route_specifier", ["rds", "route_config", "scoped_routes"] as const);
  const rdsName =
    specifier === "rds" ? nonEmptyString(objectField(o, "rds"), "route_config_name") : undefined;
  const inline = objectField(o, "route_config");
  const inlineRouteConfig =
    specifier === "route_config" && inline
      ? parseRouteConfiguration(inline, decode, sink, `Listener ${listenerName} route_config`)
      : undefined;
  if (specifier === "rds" && rdsName === undefined) d.error("rds has no route_config_name");
  if (specifier === "scoped_routes") d.error("scoped_routes is not supported");
  if (specifier === undefined) d.error("has neither rds nor route_config");
  if (specifier === "route_config" && !inlineRouteConfig) d.error("route_config is invalid");
  const httpFilters = parseHttpFilters(o, decode, d);
  const maxRequestHeadersKb = wrappedNumber(o, "max_request_headers_kb") ?? 60;
  if (maxRequestHeadersKb < 1 || maxRequestHeadersKb > 8192)
    d.error(`max_request_headers_kb ${maxRequestHeadersKb} is outside [1, 8192]`);
  const upgradeTypes = listField(o, "upgrade_configs")
    .filter(isObject)
    .filter((u) => wrappedBool(u, "enabled") !== false)
    .map((u) => (stringField(u, "upgrade_type") ?? "").toLowerCase())
    .filter((t) => t !== "");
  const via = nonEmptyString(o, "via");
  const config: HttpConnectionManagerConfig = {
    statPrefix: stringField(o, "stat_prefix") ?? "",
    ...(rdsName !== undefined && { rdsName }),
    ...(inlineRouteConfig && { inlineRouteConfig }),
    httpFilters,
    useRemoteAddress: wrappedBool(o, "use_remote_address") ?? false,
    xffNumTrustedHops: numberField(o, "xff_num_trusted_hops") ?? 0,
    skipXffAppend: boolField(o, "skip_xff_append"),
    ...(via !== undefined && { via }),
    maxRequestHeadersKb,
    requestHeadersTimeoutMs: readDurationMs(o, "request_headers_timeout", d) ?? 0,
    streamIdleTimeoutMs: readDurationMs(o, "stream_idle_timeout", d) ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    requestTimeoutMs: readDurationMs(o, "request_timeout", d) ?? 0,
    stripAnyHostPort: boolField(o, "strip_any_host_port"),
    normalizePath: wrappedBool(o, "normalize_path") ?? false,
    mergeSlashes: boolField(o, "merge_slashes"),
    upgradeTypes,
    downstream: parseDownstreamOptions(
      objectField(o, "common_http_protocol_options"),
      d.at("common_http_protocol_options"),
    ),
  };
  return d.errorCount > errorsBefore ? undefined : config;
}

function parseHttpFilters(o: XdsObject, decode: AnyDecoder, d: Diagnostics): HttpFilter[] {
  const filters: HttpFilter[] = [];
  const list = listField(o, "http_filters");
  list.forEach((value, i) => {
    if (!isObject(value)) return;
    const name = stringField(value, "name") ?? "";
    const fd = d.at(`http_filters[${i}] '${name}'`);
    const optional = boolField(value, "is_optional");
    const disabled = boolField(value, "disabled");
    if (name === "") fd.error("has no name");
    const typed = field(value, "typed_config");
    if (!isObject(typed)) {
      if (optional) fd.note("has no typed_config and was ignored");
      else
        fd.error(
          field(value, "config_discovery") !== undefined
            ? "config_discovery is not supported"
            : "has no typed_config",
        );
      return;
    }
    const any = unpackAny(typed, decode, fd);
    if (!any) return;
    const isLast = i === list.length - 1;
    if (any.typeName === ROUTER_TYPE) {
      if (!isLast) fd.error("router must be the last http filter");
      filters.push({
        name,
        kind: "router",
        suppressEnvoyHeaders: any.message ? boolField(any.message, "suppress_envoy_headers") === true : false,
      });
    } else if (isLast) {
      fd.error("the last http filter must be the router");
    } else if (any.typeName === FAULT_TYPE && any.message) {
      filters.push({ name, kind: "fault", fault: parseFault(any.message, fd), disabled });
    } else if (any.typeName === LOCAL_RATE_LIMIT_TYPE && any.message) {
      filters.push({
        name,
        kind: "local_rate_limit",
        rateLimit: parseLocalRateLimit(any.message, fd),
        disabled,
      });
    } else if (optional) {
      fd.note(`type ${any.typeName} is not supported; optional filter ignored`);
      filters.push({ name, kind: "unsupported", typeUrl: any.typeUrl });
    } else {
      fd.error(`type ${any.typeName} is not supported (mark it is_optional to skip it)`);
    }
  });
  if (list.length === 0) d.error("has no http_filters (the router is required)");
  return filters;
}
