// Pieces of Cluster resources that tests add to what the translator emits.
import { protoDuration } from "@/lib/xds/translate/protoValues";

/** typed_extension_protocol_options asking for HTTP/2 (prior knowledge) upstream. */
export const HTTP2_UPSTREAM_OPTIONS = {
  "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
    "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
    explicit_http_config: { http2_protocol_options: {} },
  },
};

/** A health check's timing: every `interval`, one result flips the state, a second to answer. */
export function quickHealthChecks(interval: string) {
  return {
    timeout: protoDuration("1s"),
    interval: protoDuration(interval),
    healthy_threshold: { value: 1 },
    unhealthy_threshold: { value: 1 },
  };
}

/** A resource in its JSON form, as tests edit it. */
export interface JsonResource {
  [key: string]: unknown;
}

/** Calls `edit` with every route (and its virtual host) of the given RouteConfigurations. */
export function forEachRoute(
  routeConfigs: readonly JsonResource[],
  edit: (route: JsonResource, host: JsonResource) => void,
): void {
  for (const config of routeConfigs)
    for (const host of config.virtual_hosts as JsonResource[])
      for (const route of host.routes as JsonResource[]) edit(route, host);
}
