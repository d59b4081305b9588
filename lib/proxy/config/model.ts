/** The whole compiled proxy configuration, and listeners (which hold the HTTP connection manager). */
import type { ClusterConfig, ClusterLoadAssignment } from "./cluster-model";
import type { DownstreamOptions } from "./downstream-options";
import type { FaultConfig, LocalRateLimitConfig } from "./filter-model";
import type { RouteConfig } from "./route-model";

export type HttpFilter =
  | { readonly name: string; readonly kind: "fault"; readonly fault: FaultConfig; readonly disabled: boolean }
  | {
      readonly name: string;
      readonly kind: "local_rate_limit";
      readonly rateLimit: LocalRateLimitConfig;
      readonly disabled: boolean;
    }
  | {
      readonly name: string;
      readonly kind: "router";
      /** Router.suppress_envoy_headers: no x-envoy-expected-rq-timeout-ms or x-envoy-upstream-service-time. */
      readonly suppressEnvoyHeaders: boolean;
    }
  /** Only optional filters can be unsupported; a required unsupported filter is a NACK. */
  | { readonly name: string; readonly kind: "unsupported"; readonly typeUrl: string };

export interface HttpConnectionManagerConfig {
  readonly statPrefix: string;
  /** Exactly one of the two is set. */
  readonly rdsName?: string;
  readonly inlineRouteConfig?: RouteConfig;
  /** In order; the router is always last. */
  readonly httpFilters: readonly HttpFilter[];
  readonly useRemoteAddress: boolean;
  readonly xffNumTrustedHops: number;
  readonly skipXffAppend: boolean;
  readonly via?: string;
  readonly maxRequestHeadersKb: number;
  readonly requestHeadersTimeoutMs: number;
  readonly streamIdleTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly stripAnyHostPort: boolean;
  readonly normalizePath: boolean;
  readonly mergeSlashes: boolean;
  /** Upgrade types (lower case) allowed on this connection manager, e.g. "websocket". */
  readonly upgradeTypes: readonly string[];
  /** common_http_protocol_options: downstream connection and header limits. */
  readonly downstream: DownstreamOptions;
}

export type TrafficDirection = "unspecified" | "inbound" | "outbound";

export interface ListenerConfig {
  readonly name: string;
  /** Absent for api_listener resources (proxyless clients). */
  readonly address?: { readonly host: string; readonly port: number };
  readonly direction: TrafficDirection;
  readonly http: HttpConnectionManagerConfig;
}

export interface ProxyConfig {
  readonly listeners: ReadonlyMap<string, ListenerConfig>;
  readonly routeConfigs: ReadonlyMap<string, RouteConfig>;
  readonly clusters: ReadonlyMap<string, ClusterConfig>;
  /** Keyed by ClusterLoadAssignment.cluster_name (the EDS service name). */
  readonly loadAssignments: ReadonlyMap<string, ClusterLoadAssignment>;
}
