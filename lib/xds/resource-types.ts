// The four xDS resource types Weft serves, and the rules that differ between them.

export const RESOURCE_KINDS = ["listeners", "routes", "clusters", "endpoints"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

const TYPE_URL_PREFIX = "type.googleapis.com/";

export const MESSAGE_NAMES: Readonly<Record<ResourceKind, string>> = {
  listeners: "envoy.config.listener.v3.Listener",
  routes: "envoy.config.route.v3.RouteConfiguration",
  clusters: "envoy.config.cluster.v3.Cluster",
  endpoints: "envoy.config.endpoint.v3.ClusterLoadAssignment",
};

export const TYPE_URLS: Readonly<Record<ResourceKind, string>> = {
  listeners: TYPE_URL_PREFIX + MESSAGE_NAMES.listeners,
  routes: TYPE_URL_PREFIX + MESSAGE_NAMES.routes,
  clusters: TYPE_URL_PREFIX + MESSAGE_NAMES.clusters,
  endpoints: TYPE_URL_PREFIX + MESSAGE_NAMES.endpoints,
};

const KIND_BY_TYPE_URL = new Map<string, ResourceKind>(RESOURCE_KINDS.map((kind) => [TYPE_URLS[kind], kind]));

export function kindOfTypeUrl(typeUrl: string): ResourceKind | undefined {
  return KIND_BY_TYPE_URL.get(typeUrl);
}

/** The field that names a resource: ClusterLoadAssignment is the odd one out. */
export function nameFieldOf(kind: ResourceKind): "name" | "cluster_name" {
  return kind === "endpoints" ? "cluster_name" : "name";
}

/**
 * LDS and CDS may be requested as a wildcard (no names, or "*"); RDS and EDS are always requested by name.
 * This follows the xDS protocol's "wildcard" rules for the state-of-the-world and incremental variants.
 */
export function allowsWildcard(kind: ResourceKind): boolean {
  return kind === "listeners" || kind === "clusters";
}

export const WILDCARD_NAME = "*";
