/** route.v3.RouteAction, RedirectAction and DirectResponseAction → RouteAction. */
import type { Diagnostics } from "./diagnostics";
import { readDurationMs } from "./duration";
import type { AnyDecoder } from "./envoy-protos";
import { parseFilterScope } from "./filter-scope";
import { noteIgnoredFields } from "./ignored-fields";
import { compileRegexRewrite } from "./matchers";
import { parseRetryPolicy } from "./retry-config";
import { parseHashPolicy, parseMirrorPolicies } from "./route-extras";
import type {
  ClusterSpecifier,
  DirectResponseAction,
  ForwardAction,
  HashPolicy,
  HostRewrite,
  MirrorPolicy,
  RedirectAction,
  RetryPolicy,
  WeightedClusterEntry,
} from "./route-model";
import {
  boolField,
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

const DEFAULT_ROUTE_TIMEOUT_MS = 15_000;
const HANDLED = [
  "cluster_specifier",
  "cluster",
  "cluster_header",
  "weighted_clusters",
  "cluster_specifier_plugin",
  "inline_cluster_specifier_plugin",
  "cluster_not_found_response_code",
  "prefix_rewrite",
  "regex_rewrite",
  "host_rewrite_specifier",
  "host_rewrite_literal",
  "auto_host_rewrite",
  "host_rewrite_header",
  "timeout",
  "idle_timeout",
  "retry_policy",
  "request_mirror_policies",
  "hash_policy",
  "upgrade_configs",
  "max_stream_duration",
];
const NOT_FOUND_CODES = ["SERVICE_UNAVAILABLE", "NOT_FOUND", "INTERNAL_SERVER_ERROR"] as const;

/** Scope-level defaults a route inherits from its virtual host when it sets none itself. */
export interface InheritedPolicies {
  readonly retry?: RetryPolicy;
  readonly mirrors: readonly MirrorPolicy[];
}

export function parseForwardAction(
  o: XdsObject,
  inherited: InheritedPolicies,
  decode: AnyDecoder,
  d: Diagnostics,
): ForwardAction | undefined {
  noteIgnoredFields(d, o, HANDLED, {
    priority: "DEFAULT",
    internal_redirect_action: "PASS_THROUGH_INTERNAL_REDIRECT",
  });
  const errorsBefore = d.errorCount;
  const cluster = parseClusterSpecifier(o, decode, d);
  const timeoutMs = readDurationMs(o, "timeout", d) ?? DEFAULT_ROUTE_TIMEOUT_MS;
  const idleTimeoutMs = readDurationMs(o, "idle_timeout", d);
  const retryObject = objectField(o, "retry_policy");
  const retry = retryObject ? parseRetryPolicy(retryObject, d.at("retry_policy")) : inherited.retry;
  const hashPolicies = listField(o, "hash_policy")
    .filter(isObject)
    .map((h, i) => parseHashPolicy(h, d.at(`hash_policy[${i}]`)))
    .filter((h): h is HashPolicy => h !== undefined);
  const ownMirrors = parseMirrorPolicies(o, d);
  const prefixRewrite = nonEmptyString(o, "prefix_rewrite");
  const regexRewriteObject = objectField(o, "regex_rewrite");
  const regexRewrite = regexRewriteObject && compileRegexRewrite(regexRewriteObject, d);
  if (prefixRewrite !== undefined && regexRewrite) d.error("sets both prefix_rewrite and regex_rewrite");
  const hostRewrite = parseHostRewrite(o);
  const notFound = enumField(o, "cluster_not_found_response_code", NOT_FOUND_CODES) ?? "SERVICE_UNAVAILABLE";
  const upgrades = new Map<string, boolean>();
  for (const upgrade of listField(o, "upgrade_configs").filter(isObject)) {
    const type = (stringField(upgrade, "upgrade_type") ?? "").toLowerCase();
    if (type !== "") upgrades.set(type, wrappedBool(upgrade, "enabled") ?? true);
  }
  const streamLimits = parseMaxStreamDuration(
    objectField(o, "max_stream_duration"),
    d.at("max_stream_duration"),
  );
  if (!cluster || d.errorCount > errorsBefore) return undefined;
  return {
    kind: "forward",
    cluster,
    timeoutMs,
    ...(idleTimeoutMs !== undefined && { idleTimeoutMs }),
    ...(retry && { retry }),
    hashPolicies,
    mirrors: ownMirrors.length > 0 ? ownMirrors : inherited.mirrors,
    ...(prefixRewrite !== undefined && { prefixRewrite }),
    ...(regexRewrite && { regexRewrite }),
    ...(hostRewrite && { hostRewrite }),
    clusterNotFoundStatus: notFound === "NOT_FOUND" ? 404 : notFound === "INTERNAL_SERVER_ERROR" ? 500 : 503,
    upgrades,
    ...streamLimits,
  };
}

type StreamLimits = Pick<
  ForwardAction,
  "maxStreamDurationMs" | "grpcTimeoutHeaderMaxMs" | "grpcTimeoutHeaderOffsetMs"
>;

/** RouteAction.MaxStreamDuration; only the fields that are set (an absent one changes nothing). */
function parseMaxStreamDuration(o: XdsObject | undefined, d: Diagnostics): StreamLimits {
  const maxStreamDurationMs = readDurationMs(o, "max_stream_duration", d);
  const grpcTimeoutHeaderMaxMs = readDurationMs(o, "grpc_timeout_header_max", d);
  const grpcTimeoutHeaderOffsetMs = readDurationMs(o, "grpc_timeout_header_offset", d);
  // Envoy applies the offset only to a grpc-timeout it honours.
  if (grpcTimeoutHeaderOffsetMs !== undefined && grpcTimeoutHeaderMaxMs === undefined)
    d.note("grpc_timeout_header_offset has no effect without grpc_timeout_header_max");
  return {
    ...(maxStreamDurationMs !== undefined && { maxStreamDurationMs }),
    ...(grpcTimeoutHeaderMaxMs !== undefined && { grpcTimeoutHeaderMaxMs }),
    ...(grpcTimeoutHeaderOffsetMs !== undefined && { grpcTimeoutHeaderOffsetMs }),
  };
}

function parseClusterSpecifier(
  o: XdsObject,
  decode: AnyDecoder,
  d: Diagnostics,
): ClusterSpecifier | undefined {
  const kind = oneofCase(o, "cluster_specifier", [
    "cluster",
    "cluster_header",
    "weighted_clusters",
    "cluster_specifier_plugin",
    "inline_cluster_specifier_plugin",
  ] as const);
  switch (kind) {
    case "cluster": {
      const name = stringField(o, "cluster") ?? "";
      if (name === "") d.error("cluster must not be empty");
      return name === "" ? undefined : { kind: "cluster", name };
    }
    case "cluster_header": {
      const header = (stringField(o, "cluster_header") ?? "").toLowerCase();
      if (header === "") d.error("cluster_header must not be empty");
      return header === "" ? undefined : { kind: "header", header };
    }
    case "weighted_clusters":
      return parseWeightedClusters(objectField(o, "weighted_clusters"), decode, d.at("weighted_clusters"));
    case undefined:
      d.error("has no cluster, cluster_header or weighted_clusters");
      return undefined;
    default:
      d.error(`${kind} is not supported`);
      return undefined;
  }
}

function parseWeightedClusters(
  o: XdsObject | undefined,
  decode: AnyDecoder,
  d: Diagnostics,
): ClusterSpecifier | undefined {
  noteIgnoredFields(d, o, ["clusters", "total_weight", "header_name", "random_value_specifier"]);
  const entries: WeightedClusterEntry[] = [];
  for (const [i, value] of listField(o, "clusters").entries()) {
    const cd = d.at(`clusters[${i}]`);
    if (!isObject(value)) continue;
    const name = stringField(value, "name") ?? "";
    const weight = wrappedNumber(value, "weight") ?? 0;
    if (name === "") {
      cd.error(nonEmptyString(value, "cluster_header") ? "cluster_header is not supported" : "has no name");
      continue;
    }
    if (!Number.isInteger(weight) || weight < 0) {
      cd.error(`weight ${weight} is not a non-negative integer`);
      continue;
    }
    const scope = parseFilterScope(value, decode, cd);
    const literal = nonEmptyString(value, "host_rewrite_literal");
    entries.push({
      name,
      weight,
      ...scope,
      ...(literal !== undefined && { hostRewrite: { kind: "literal", value: literal } }),
    });
  }
  if (entries.length === 0) {
    d.error("has no clusters");
    return undefined;
  }
  const totalWeight = entries.reduce((sum, e) => sum + e.weight, 0);
  if (totalWeight <= 0) {
    d.error("total weight is 0");
    return undefined;
  }
  const declared = wrappedNumber(o, "total_weight");
  if (declared !== undefined && declared !== totalWeight) {
    d.error(`total_weight ${declared} does not equal the sum of weights ${totalWeight}`);
    return undefined;
  }
  const header = nonEmptyString(o, "header_name")?.toLowerCase();
  return {
    kind: "weighted",
    clusters: entries,
    totalWeight,
    ...(header !== undefined && { randomValueHeader: header }),
  };
}

function parseHostRewrite(o: XdsObject): HostRewrite | undefined {
  const literal = nonEmptyString(o, "host_rewrite_literal");
  if (literal !== undefined) return { kind: "literal", value: literal };
  if (wrappedBool(o, "auto_host_rewrite") === true) return { kind: "auto" };
  const header = nonEmptyString(o, "host_rewrite_header");
  return header === undefined ? undefined : { kind: "header", name: header.toLowerCase() };
}

const REDIRECT_CODES = [
  "MOVED_PERMANENTLY",
  "FOUND",
  "SEE_OTHER",
  "TEMPORARY_REDIRECT",
  "PERMANENT_REDIRECT",
] as const;
const REDIRECT_STATUS = [301, 302, 303, 307, 308] as const;

export function parseRedirect(o: XdsObject, d: Diagnostics): RedirectAction {
  noteIgnoredFields(d, o, [
    "https_redirect",
    "scheme_redirect",
    "host_redirect",
    "port_redirect",
    "path_redirect",
    "prefix_rewrite",
    "response_code",
    "strip_query",
    "scheme_rewrite_specifier",
    "path_rewrite_specifier",
  ]);
  const code = enumField(o, "response_code", REDIRECT_CODES) ?? "MOVED_PERMANENTLY";
  const index = Math.max(0, (REDIRECT_CODES as readonly string[]).indexOf(code));
  const scheme = boolField(o, "https_redirect") ? "https" : nonEmptyString(o, "scheme_redirect");
  const host = nonEmptyString(o, "host_redirect");
  const port = numberField(o, "port_redirect");
  const path = nonEmptyString(o, "path_redirect");
  const prefixRewrite = nonEmptyString(o, "prefix_rewrite");
  return {
    kind: "redirect",
    status: REDIRECT_STATUS[index] ?? 301,
    ...(scheme !== undefined && { scheme }),
    ...(host !== undefined && { host }),
    ...(port !== undefined && port > 0 && { port }),
    ...(path !== undefined && { path }),
    ...(prefixRewrite !== undefined && { prefixRewrite }),
    stripQuery: boolField(o, "strip_query"),
  };
}

export function parseDirectResponse(o: XdsObject, d: Diagnostics): DirectResponseAction | undefined {
  const status = numberField(o, "status") ?? 0;
  if (!Number.isInteger(status) || status < 200 || status >= 600) {
    d.error(`direct_response status ${status} is not in [200, 600)`);
    return undefined;
  }
  const body = objectField(o, "body");
  const inline = stringField(body, "inline_string");
  if (body && inline === undefined) d.note("direct_response body other than inline_string was ignored");
  return { kind: "direct_response", status, ...(inline !== undefined && { body: inline }) };
}
