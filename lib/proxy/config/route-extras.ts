/** Hash policies and request mirroring, shared by routes and virtual hosts. */
import type { Diagnostics } from "./diagnostics";
import { noteIgnoredFields } from "./ignored-fields";
import { compileRegexRewrite } from "./matchers";
import { HUNDRED_PERCENT, parseFractionalPercent } from "./percent";
import type { HashPolicy, MirrorPolicy } from "./route-model";
import {
  boolField,
  field,
  isObject,
  listField,
  nonEmptyString,
  objectField,
  oneofCase,
  type XdsObject,
} from "./xds-values";

export function parseHashPolicy(o: XdsObject, d: Diagnostics): HashPolicy | undefined {
  const terminal = boolField(o, "terminal");
  const kind = oneofCase(o, "policy_specifier", [
    "header",
    "cookie",
    "connection_properties",
    "query_parameter",
    "filter_state",
  ] as const);
  switch (kind) {
    case "header": {
      const header = objectField(o, "header");
      const name = nonEmptyString(header, "header_name")?.toLowerCase();
      if (name === undefined) {
        d.error("header.header_name must not be empty");
        return undefined;
      }
      const rewriteObject = objectField(header, "regex_rewrite");
      const rewrite = rewriteObject && compileRegexRewrite(rewriteObject, d);
      return { kind: "header", name, ...(rewrite && { rewrite }), terminal };
    }
    case "cookie": {
      const cookie = objectField(o, "cookie");
      const name = nonEmptyString(cookie, "name");
      if (name === undefined) {
        d.error("cookie.name must not be empty");
        return undefined;
      }
      if (field(cookie, "ttl") !== undefined) {
        d.note("cookie.ttl is ignored: the proxy hashes existing cookies but does not generate them");
      }
      return { kind: "cookie", name, terminal };
    }
    case "connection_properties":
      if (!boolField(objectField(o, "connection_properties"), "source_ip")) return undefined;
      return { kind: "source_ip", terminal };
    case "query_parameter": {
      const name = nonEmptyString(objectField(o, "query_parameter"), "name");
      if (name === undefined) {
        d.error("query_parameter.name must not be empty");
        return undefined;
      }
      return { kind: "query_parameter", name, terminal };
    }
    case "filter_state":
      d.note("filter_state hash policy is not supported and was ignored");
      return undefined;
    default:
      d.error("has no policy_specifier");
      return undefined;
  }
}

/** request_mirror_policies of a route, virtual host or route configuration. */
export function parseMirrorPolicies(o: XdsObject | undefined, d: Diagnostics): MirrorPolicy[] {
  const result: MirrorPolicy[] = [];
  listField(o, "request_mirror_policies").forEach((value, i) => {
    if (!isObject(value)) return;
    const md = d.at(`request_mirror_policies[${i}]`);
    noteIgnoredFields(md, value, ["cluster", "runtime_fraction", "cluster_header"]);
    const cluster = nonEmptyString(value, "cluster");
    if (cluster === undefined) {
      md.error(
        nonEmptyString(value, "cluster_header") ? "cluster_header is not supported" : "has no cluster",
      );
      return;
    }
    const fraction = parseFractionalPercent(
      field(objectField(value, "runtime_fraction"), "default_value"),
      md,
      HUNDRED_PERCENT,
    );
    result.push({ cluster, fraction });
  });
  return result;
}
