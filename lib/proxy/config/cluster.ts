/** cluster.v3.Cluster → ClusterConfig. */
import { unpackAny } from "./any";
import { parseLbPolicy } from "./cluster-lb";
import type { ClusterConfig, UpstreamProtocol } from "./cluster-model";
import { parseCircuitBreakers, parseOutlierDetection } from "./cluster-protection";
import { type DiagnosticSink, Diagnostics } from "./diagnostics";
import { readDurationMs } from "./duration";
import { parseClusterLoadAssignment } from "./endpoints";
import type { AnyDecoder } from "./envoy-protos";
import type { LocalRateLimitConfig } from "./filter-model";
import { parseHealthCheck } from "./health-check-config";
import { noteIgnoredFields } from "./ignored-fields";
import { parsePercent } from "./percent";
import { LOCAL_RATE_LIMIT_TYPE, parseLocalRateLimit } from "./rate-limit-config";
import {
  boolField,
  enumField,
  field,
  isObject,
  listField,
  nonEmptyString,
  objectField,
  stringField,
  wrappedNumber,
  type XdsObject,
} from "./xds-values";

const DISCOVERY = ["STATIC", "STRICT_DNS", "LOGICAL_DNS", "EDS", "ORIGINAL_DST"];
const HTTP_OPTIONS_TYPE = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
const UPSTREAM_CODEC_TYPE = "envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec";

export function parseCluster(
  o: XdsObject,
  decode: AnyDecoder,
  sink: DiagnosticSink,
): ClusterConfig | undefined {
  const name = stringField(o, "name") ?? "";
  const d = new Diagnostics(`Cluster ${name || "(unnamed)"}`, sink);
  noteIgnoredFields(
    d,
    o,
    [
      "name",
      "type",
      "cluster_discovery_type",
      "eds_cluster_config",
      "connect_timeout",
      "lb_policy",
      "load_assignment",
      "health_checks",
      "circuit_breakers",
      "outlier_detection",
      "ring_hash_lb_config",
      "maglev_lb_config",
      "least_request_lb_config",
      "lb_config",
      "common_lb_config",
      "load_balancing_policy",
      "typed_extension_protocol_options",
      "http2_protocol_options",
      "alt_stat_name",
    ],
    { dns_lookup_family: "AUTO", protocol_selection: "USE_CONFIGURED_PROTOCOL" },
  );
  const errorsBefore = d.errorCount;
  if (name === "") d.error("has no name");
  const discovery = parseDiscovery(o, d);
  const lb = parseLbPolicy(o, decode, d);
  const common = objectField(o, "common_lb_config");
  const panicThresholdPercent = parsePercent(
    objectField(common, "healthy_panic_threshold"),
    d.at("common_lb_config"),
    50,
  );
  const outlierObject = objectField(o, "outlier_detection");
  const outlierDetection = outlierObject && parseOutlierDetection(outlierObject, d.at("outlier_detection"));
  const healthChecks = listField(o, "health_checks")
    .filter(isObject)
    .map((h, i) => parseHealthCheck(h, d.at(`health_checks[${i}]`)))
    .filter((h) => h !== undefined);
  const protocol = parseProtocolOptions(o, decode, d);
  const assignment = objectField(o, "load_assignment");
  const staticEndpoints =
    discovery !== "eds" && assignment
      ? parseClusterLoadAssignment(
          { cluster_name: name, ...assignment },
          d.sink,
          `Cluster ${name} load_assignment`,
        )
      : undefined;
  if (discovery !== "eds" && discovery !== undefined && !staticEndpoints)
    d.error("needs a valid load_assignment");
  const config = {
    name,
    discovery: discovery ?? "eds",
    edsServiceName: nonEmptyString(objectField(o, "eds_cluster_config"), "service_name") ?? name,
    connectTimeoutMs: readDurationMs(o, "connect_timeout", d, { positive: true }) ?? 5000,
    lb: lb ?? { kind: "round_robin" },
    panicThresholdPercent,
    localityWeighted: field(common, "locality_weighted_lb_config") !== undefined,
    circuitBreakers: parseCircuitBreakers(objectField(o, "circuit_breakers"), d.at("circuit_breakers")),
    ...(outlierDetection && { outlierDetection }),
    healthChecks,
    ...(protocol.rateLimit && { rateLimit: protocol.rateLimit }),
    upstreamProtocol: protocol.upstreamProtocol,
    ...(protocol.maxRequestsPerConnection !== undefined && {
      maxRequestsPerConnection: protocol.maxRequestsPerConnection,
    }),
    ...(protocol.idleTimeoutMs !== undefined && { idleTimeoutMs: protocol.idleTimeoutMs }),
    ...(staticEndpoints && { staticEndpoints }),
  } satisfies ClusterConfig;
  return d.errorCount > errorsBefore || !lb || !discovery ? undefined : config;
}

function parseDiscovery(o: XdsObject, d: Diagnostics): ClusterConfig["discovery"] | undefined {
  if (field(o, "cluster_type") !== undefined) {
    d.error("custom cluster_type (e.g. aggregate clusters) is not supported");
    return undefined;
  }
  const type = enumField(o, "type", DISCOVERY) ?? "STATIC";
  if (type === "EDS") return "eds";
  if (type === "STATIC") return "static";
  if (type === "STRICT_DNS" || type === "LOGICAL_DNS") return "dns";
  d.error(`discovery type ${type} is not supported`);
  return undefined;
}

interface ProtocolOptions {
  upstreamProtocol: UpstreamProtocol;
  rateLimit?: LocalRateLimitConfig;
  maxRequestsPerConnection?: number;
  idleTimeoutMs?: number;
}

/** typed_extension_protocol_options' HttpProtocolOptions: upstream protocol and upstream http filters. */
function parseProtocolOptions(o: XdsObject, decode: AnyDecoder, d: Diagnostics): ProtocolOptions {
  const legacyHttp2 = field(o, "http2_protocol_options") !== undefined;
  const result: ProtocolOptions = { upstreamProtocol: legacyHttp2 ? "http2" : "http1" };
  const map = objectField(o, "typed_extension_protocol_options");
  for (const [key, value] of Object.entries(map ?? {})) {
    const pd = d.at(`typed_extension_protocol_options '${key}'`);
    const any = unpackAny(value, decode, pd);
    if (!any) continue;
    if (any.typeName !== HTTP_OPTIONS_TYPE || !any.message) {
      pd.note(`type ${any.typeName} is not supported and was ignored`);
      continue;
    }
    const options = any.message;
    const explicit = objectField(options, "explicit_http_config");
    if (explicit)
      result.upstreamProtocol = field(explicit, "http2_protocol_options") !== undefined ? "http2" : "http1";
    else if (field(options, "use_downstream_protocol_config") !== undefined)
      result.upstreamProtocol = "downstream";
    else if (field(options, "auto_config") !== undefined) result.upstreamProtocol = "auto";
    const common = objectField(options, "common_http_protocol_options");
    const maxRequests = wrappedNumber(common, "max_requests_per_connection");
    if (maxRequests !== undefined) result.maxRequestsPerConnection = maxRequests;
    const idleTimeoutMs = readDurationMs(common, "idle_timeout", pd.at("common_http_protocol_options"));
    if (idleTimeoutMs !== undefined) result.idleTimeoutMs = idleTimeoutMs;
    for (const [i, filter] of listField(options, "http_filters").entries()) {
      if (!isObject(filter)) continue;
      const fd = pd.at(`http_filters[${i}]`);
      const typed = unpackAny(field(filter, "typed_config"), decode, fd);
      if (!typed) continue;
      if (typed.typeName === LOCAL_RATE_LIMIT_TYPE && typed.message) {
        result.rateLimit = parseLocalRateLimit(typed.message, fd);
      } else if (typed.typeName !== UPSTREAM_CODEC_TYPE) {
        if (boolField(filter, "is_optional"))
          fd.note(`type ${typed.typeName} is not supported; optional filter ignored`);
        else fd.error(`type ${typed.typeName} is not supported as an upstream filter`);
      }
    }
  }
  return result;
}
