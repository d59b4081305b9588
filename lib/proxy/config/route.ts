/** route.v3.Route and its RouteMatch → Route. */
import type { Diagnostics } from "./diagnostics";
import type { AnyDecoder } from "./envoy-protos";
import { parseFilterScope } from "./filter-scope";
import { noteIgnoredFields } from "./ignored-fields";
import { compileHeaderMatcher, compileQueryMatcher, compileRegexMatcher } from "./matchers";
import { parseRuntimeFraction } from "./percent";
import {
  type InheritedPolicies,
  parseDirectResponse,
  parseForwardAction,
  parseRedirect,
} from "./route-action";
import type { HeaderMatch, PathMatch, QueryMatch, Route, RouteAction, RouteMatch } from "./route-model";
import {
  field,
  isObject,
  listField,
  objectField,
  oneofCase,
  stringField,
  wrappedBool,
  type XdsObject,
} from "./xds-values";

const PATH_KINDS = [
  "prefix",
  "path",
  "safe_regex",
  "connect_matcher",
  "path_separated_prefix",
  "path_match_policy",
] as const;

export function parseRoute(
  o: XdsObject,
  inherited: InheritedPolicies,
  decode: AnyDecoder,
  d: Diagnostics,
): Route | undefined {
  noteIgnoredFields(d, o, [
    "name",
    "match",
    "route",
    "redirect",
    "direct_response",
    "action",
    "typed_per_filter_config",
    "request_headers_to_add",
    "request_headers_to_remove",
    "response_headers_to_add",
    "response_headers_to_remove",
    "decorator",
    "metadata",
    "stat_prefix",
  ]);
  const errorsBefore = d.errorCount;
  const match = parseRouteMatch(objectField(o, "match"), d);
  const action = parseAction(o, inherited, decode, d);
  const scope = parseFilterScope(o, decode, d);
  if (!match || !action || d.errorCount > errorsBefore) return undefined;
  return { name: stringField(o, "name") ?? "", match, action, ...scope };
}

function parseAction(
  o: XdsObject,
  inherited: InheritedPolicies,
  decode: AnyDecoder,
  d: Diagnostics,
): RouteAction | undefined {
  const kind = oneofCase(o, "action", [
    "route",
    "redirect",
    "direct_response",
    "filter_action",
    "non_forwarding_action",
  ] as const);
  switch (kind) {
    case "route":
      return parseForwardAction(objectField(o, "route") ?? {}, inherited, decode, d);
    case "redirect":
      return parseRedirect(objectField(o, "redirect") ?? {}, d.at("redirect"));
    case "direct_response":
      return parseDirectResponse(objectField(o, "direct_response") ?? {}, d);
    case undefined:
      d.error("has no action (route, redirect or direct_response)");
      return undefined;
    default:
      d.error(`action ${kind} is not supported`);
      return undefined;
  }
}

export function parseRouteMatch(o: XdsObject | undefined, d: Diagnostics): RouteMatch | undefined {
  if (!o) {
    d.error("has no match");
    return undefined;
  }
  noteIgnoredFields(d, o, [
    ...PATH_KINDS,
    "path_specifier",
    "case_sensitive",
    "headers",
    "query_parameters",
    "grpc",
    "runtime_fraction",
  ]);
  const errorsBefore = d.errorCount;
  const ignoreCase = wrappedBool(o, "case_sensitive") === false;
  const path = parsePathMatch(o, ignoreCase, d);
  const headers = listField(o, "headers")
    .filter(isObject)
    .map((h) => compileHeaderMatcher(h, d))
    .filter((h): h is HeaderMatch => h !== undefined);
  const query = listField(o, "query_parameters")
    .filter(isObject)
    .map((q) => compileQueryMatcher(q, d))
    .filter((q): q is QueryMatch => q !== undefined);
  const fraction = parseRuntimeFraction(objectField(o, "runtime_fraction"), d);
  if (!path || d.errorCount > errorsBefore) return undefined;
  return { path, headers, query, grpcOnly: field(o, "grpc") !== undefined, ...(fraction && { fraction }) };
}

function parsePathMatch(o: XdsObject, ignoreCase: boolean, d: Diagnostics): PathMatch | undefined {
  const kind = oneofCase(o, "path_specifier", PATH_KINDS);
  const fold = (value: string) => (ignoreCase ? value.toLowerCase() : value);
  switch (kind) {
    case "prefix":
      return { kind: "prefix", value: fold(stringField(o, "prefix") ?? ""), ignoreCase };
    case "path":
      return { kind: "exact", value: fold(stringField(o, "path") ?? ""), ignoreCase };
    case "path_separated_prefix": {
      const value = stringField(o, "path_separated_prefix") ?? "";
      if (!/^[^?#]+[^?#/]$/.test(value)) {
        d.error(`path_separated_prefix '${value}' must not end with '/' or contain '?' or '#'`);
        return undefined;
      }
      return { kind: "separated_prefix", value: fold(value), ignoreCase };
    }
    case "safe_regex": {
      const regexMatcher = objectField(o, "safe_regex");
      const regex = compileRegexMatcher(regexMatcher, d);
      return regex && { kind: "regex", source: stringField(regexMatcher, "regex") ?? "", regex };
    }
    case undefined:
      d.error("match has no path specifier (prefix, path, safe_regex or path_separated_prefix)");
      return undefined;
    default:
      d.error(`match ${kind} is not supported`);
      return undefined;
  }
}
