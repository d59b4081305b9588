/** route.v3.RouteConfiguration and VirtualHost → RouteConfig, with the domain index built once. */
import { type DiagnosticSink, Diagnostics } from "./diagnostics";
import type { AnyDecoder } from "./envoy-protos";
import { parseFilterScope } from "./filter-scope";
import { noteIgnoredFields } from "./ignored-fields";
import { parseRetryPolicy } from "./retry-config";
import { parseRoute } from "./route";
import type { InheritedPolicies } from "./route-action";
import { parseMirrorPolicies } from "./route-extras";
import type { DomainIndex, Route, RouteConfig, VirtualHost } from "./route-model";
import {
  boolField,
  field,
  isObject,
  listField,
  objectField,
  stringField,
  stringList,
  type XdsObject,
} from "./xds-values";

export function parseRouteConfiguration(
  o: XdsObject,
  decode: AnyDecoder,
  sink: DiagnosticSink,
  label = "RouteConfiguration",
): RouteConfig | undefined {
  const name = stringField(o, "name") ?? "";
  const d = new Diagnostics(`${label} ${name || "(unnamed)"}`, sink);
  noteIgnoredFields(d, o, [
    "name",
    "virtual_hosts",
    "internal_only_headers",
    "request_headers_to_add",
    "request_headers_to_remove",
    "response_headers_to_add",
    "response_headers_to_remove",
    "ignore_port_in_host_matching",
    "typed_per_filter_config",
    "request_mirror_policies",
    "validate_clusters",
  ]);
  const errorsBefore = d.errorCount;
  if (field(o, "vhds") !== undefined) d.error("vhds (on-demand virtual hosts) is not supported");
  const mirrors = parseMirrorPolicies(o, d);
  const virtualHosts: VirtualHost[] = [];
  const names = new Set<string>();
  listField(o, "virtual_hosts").forEach((value, i) => {
    if (!isObject(value)) return;
    const vhName = stringField(value, "name") ?? "";
    const vd = d.at(vhName === "" ? `virtual_host[${i}]` : `virtual_host ${vhName}`);
    if (vhName === "") vd.error("has no name");
    else if (names.has(vhName)) vd.error("name is not unique");
    names.add(vhName);
    const virtualHost = parseVirtualHost(value, vhName, mirrors, decode, vd);
    if (virtualHost) virtualHosts.push(virtualHost);
  });
  const domains = buildDomainIndex(virtualHosts, d);
  const scope = parseFilterScope(o, decode, d);
  if (d.errorCount > errorsBefore) return undefined;
  return {
    name,
    virtualHosts,
    domains,
    ...scope,
    ignorePortInHostMatching: boolField(o, "ignore_port_in_host_matching"),
    internalOnlyHeaders: stringList(o, "internal_only_headers").map((h) => h.toLowerCase()),
  };
}

function parseVirtualHost(
  o: XdsObject,
  name: string,
  configMirrors: InheritedPolicies["mirrors"],
  decode: AnyDecoder,
  d: Diagnostics,
): VirtualHost | undefined {
  noteIgnoredFields(
    d,
    o,
    [
      "name",
      "domains",
      "routes",
      "request_headers_to_add",
      "request_headers_to_remove",
      "response_headers_to_add",
      "response_headers_to_remove",
      "typed_per_filter_config",
      "retry_policy",
      "request_mirror_policies",
      "include_request_attempt_count",
    ],
    { require_tls: "NONE" },
  );
  const errorsBefore = d.errorCount;
  const domains = stringList(o, "domains").map((domain) => domain.toLowerCase());
  if (domains.length === 0) d.error("has no domains");
  for (const domain of domains) {
    const problem = domainProblem(domain);
    if (problem) d.error(`domain '${domain}' ${problem}`);
  }
  const retryObject = objectField(o, "retry_policy");
  const retry = retryObject ? parseRetryPolicy(retryObject, d.at("retry_policy")) : undefined;
  const ownMirrors = parseMirrorPolicies(o, d);
  const inherited: InheritedPolicies = {
    ...(retry && { retry }),
    mirrors: ownMirrors.length > 0 ? ownMirrors : configMirrors,
  };
  const routes: Route[] = [];
  listField(o, "routes").forEach((value, i) => {
    if (!isObject(value)) return;
    const route = parseRoute(value, inherited, decode, d.at(`route[${i}]`));
    if (route) routes.push(route);
  });
  const scope = parseFilterScope(o, decode, d);
  if (d.errorCount > errorsBefore) return undefined;
  return {
    name,
    domains,
    routes,
    ...scope,
    includeAttemptCount: boolField(o, "include_request_attempt_count"),
  };
}

function domainProblem(domain: string): string | undefined {
  if (domain === "*") return undefined;
  if (domain === "") return "is empty";
  const stars = domain.split("*").length - 1;
  if (stars > 1 || (stars === 1 && !domain.startsWith("*") && !domain.endsWith("*"))) {
    return "may only use '*' as its first or last character";
  }
  if (/[\s/]/.test(domain)) return "contains whitespace or '/'";
  return undefined;
}

/** Envoy's lookup order: exact, then longest suffix wildcard, then longest prefix wildcard, then "*". */
export function buildDomainIndex(virtualHosts: readonly VirtualHost[], d: Diagnostics): DomainIndex {
  const exact = new Map<string, VirtualHost>();
  const suffixes: { suffix: string; virtualHost: VirtualHost }[] = [];
  const prefixes: { prefix: string; virtualHost: VirtualHost }[] = [];
  let catchAll: VirtualHost | undefined;
  const owner = new Map<string, string>();
  for (const virtualHost of virtualHosts) {
    for (const domain of virtualHost.domains) {
      const previous = owner.get(domain);
      if (previous !== undefined) {
        d.error(`domain '${domain}' is in both virtual_host ${previous} and ${virtualHost.name}`);
        continue;
      }
      owner.set(domain, virtualHost.name);
      if (domain === "*") catchAll = virtualHost;
      else if (domain.startsWith("*")) suffixes.push({ suffix: domain.slice(1), virtualHost });
      else if (domain.endsWith("*")) prefixes.push({ prefix: domain.slice(0, -1), virtualHost });
      else exact.set(domain, virtualHost);
    }
  }
  suffixes.sort((a, b) => b.suffix.length - a.suffix.length);
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  return { exact, suffixes, prefixes, ...(catchAll && { catchAll }) };
}
