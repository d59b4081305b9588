import type { ResourceObjects } from "../snapshot/snapshot";

// Hand-built resources for one service split over weighted clusters, in the shape the translator hands
// over and grpc-js-xds accepts: an api_listener with an HttpConnectionManager (RDS over ADS, router filter
// last), a RouteConfiguration with weighted_clusters, EDS clusters and ClusterLoadAssignments with locality
// weights. For tests and benchmarks only; the real resources come from lib/xds/translate.

const ANY = "type.googleapis.com/";
const HCM = `${ANY}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`;
const ROUTER = `${ANY}envoy.extensions.filters.http.router.v3.Router`;

export interface TestEndpoint {
  host: string;
  port: number;
  zone?: string;
}

export interface TestCluster {
  name: string;
  weight: number;
  endpoints: readonly TestEndpoint[];
  lbPolicy?: string;
}

export function routeConfigName(service: string): string {
  return `${service}-routes`;
}

export function weightedServiceResources(service: string, clusters: readonly TestCluster[]): ResourceObjects {
  const ads = { ads: {}, resource_api_version: "V3" };
  const listener = {
    name: service,
    api_listener: {
      api_listener: {
        "@type": HCM,
        stat_prefix: service,
        rds: { route_config_name: routeConfigName(service), config_source: ads },
        http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": ROUTER } }],
      },
    },
  };
  const route = {
    name: routeConfigName(service),
    virtual_hosts: [
      {
        name: service,
        domains: [service, "*"],
        routes: [
          {
            match: { prefix: "" },
            route: {
              weighted_clusters: {
                clusters: clusters.map((cluster) => ({
                  name: cluster.name,
                  weight: { value: cluster.weight },
                })),
              },
            },
          },
        ],
      },
    ],
  };
  return {
    listeners: [listener],
    routes: [route],
    clusters: clusters.map((cluster) => ({
      name: cluster.name,
      type: "EDS",
      eds_cluster_config: { eds_config: ads, service_name: cluster.name },
      connect_timeout: { seconds: 1, nanos: 0 },
      lb_policy: cluster.lbPolicy ?? "ROUND_ROBIN",
    })),
    endpoints: clusters.map((cluster) => ({
      cluster_name: cluster.name,
      endpoints: localities(cluster.endpoints),
    })),
  };
}

function localities(endpoints: readonly TestEndpoint[]) {
  const byZone = new Map<string, TestEndpoint[]>();
  for (const endpoint of endpoints) {
    const zone = endpoint.zone ?? "zone-a";
    byZone.set(zone, [...(byZone.get(zone) ?? []), endpoint]);
  }
  return [...byZone].map(([zone, members]) => ({
    locality: { region: "local", zone },
    load_balancing_weight: { value: members.length },
    lb_endpoints: members.map((member) => ({
      endpoint: { address: { socket_address: { address: member.host, port_value: member.port } } },
      load_balancing_weight: { value: 1 },
    })),
  }));
}
