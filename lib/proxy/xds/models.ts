/** Which compiled model each xDS resource kind becomes. */
import type { ClusterConfig, ClusterLoadAssignment } from "../config/cluster-model";
import type { ResourceKind } from "../config/from-xds";
import type { ListenerConfig } from "../config/model";
import type { RouteConfig } from "../config/route-model";

export interface ModelOf {
  Listener: ListenerConfig;
  RouteConfiguration: RouteConfig;
  Cluster: ClusterConfig;
  ClusterLoadAssignment: ClusterLoadAssignment;
}

/** The order in which a client subscribes: clusters before listeners, as Envoy does. */
export const SUBSCRIBE_ORDER: readonly ResourceKind[] = [
  "Cluster",
  "Listener",
  "ClusterLoadAssignment",
  "RouteConfiguration",
];

/** Short names used in stats and /config_dump. */
export const SHORT_NAMES: Readonly<Record<ResourceKind, string>> = {
  Listener: "lds",
  RouteConfiguration: "rds",
  Cluster: "cds",
  ClusterLoadAssignment: "eds",
};
