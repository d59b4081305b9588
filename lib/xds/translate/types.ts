import type { Cluster, ClusterLoadAssignment, Listener, RouteConfiguration } from "./envoyTypes";

/** An xDS client implementation; decides which features a node can be sent (see capabilities.ts). */
export type ClientKind = "envoy" | "grpc-js-xds" | "weft-proxy" | "unknown";

/** The proxy or proxyless client asking for configuration. */
export interface NodeInfo {
  id: string;
  /** The service this node runs as, when it registered one. Not used by translation yet. */
  service?: string;
  capabilities: { client: ClientKind };
}

/**
 * A known instance of a service: registered by a sidecar on its xDS stream, or by an admin. `healthy`
 * undefined means "not known" (sent as UNKNOWN, which clients treat as usable).
 */
export interface RegistryEndpoint {
  service: string;
  address: string;
  port: number;
  labels: Record<string, string>;
  zone?: string;
  weight?: number;
  healthy?: boolean;
}

/**
 * A feature a node's client cannot use, and what it gets instead: an equivalent it supports (`to` names
 * it) or an omission (`to` is "omitted"). The API shows these per proxy.
 */
export interface Downgrade {
  /** `<Type>/<name>`, e.g. "Cluster/cart" or "RouteConfiguration/reviews". */
  resource: string;
  /** Where in the resource, e.g. "lb_policy" or "virtual_hosts[reviews].routes[split].request_mirror_policies". */
  field: string;
  from: string;
  to: string;
  reason: string;
}

export interface XdsResources {
  listeners: Listener[];
  routes: RouteConfiguration[];
  clusters: Cluster[];
  endpoints: ClusterLoadAssignment[];
}

export interface TranslationResult extends XdsResources {
  downgrades: Downgrade[];
}
