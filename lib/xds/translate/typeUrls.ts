const PREFIX = "type.googleapis.com/";

/** Type URLs of the resources and filter configs the translator produces. */
export const TYPE_URLS = {
  listener: `${PREFIX}envoy.config.listener.v3.Listener`,
  routeConfiguration: `${PREFIX}envoy.config.route.v3.RouteConfiguration`,
  cluster: `${PREFIX}envoy.config.cluster.v3.Cluster`,
  clusterLoadAssignment: `${PREFIX}envoy.config.endpoint.v3.ClusterLoadAssignment`,
  httpConnectionManager: `${PREFIX}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
  httpFault: `${PREFIX}envoy.extensions.filters.http.fault.v3.HTTPFault`,
  localRateLimit: `${PREFIX}envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit`,
  router: `${PREFIX}envoy.extensions.filters.http.router.v3.Router`,
  previousHostsPredicate: `${PREFIX}envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate`,
} as const;

/** Fully qualified proto message names, for loaders (`root.lookupType(...)`). */
export function messageName(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
}
