import type { Service } from "@/lib/mesh/schema";
import { ADS_CONFIG_SOURCE } from "./cluster";
import type { TranslationContext } from "./context";
import type { Listener } from "./envoyTypes";
import { httpFilters } from "./filters";
import { TYPE_URLS } from "./typeUrls";

/**
 * The client-side (proxyless gRPC) form: an api_listener wrapping an HttpConnectionManager whose routes
 * come over ADS as the RouteConfiguration named after the service. Envoy sidecars will need address-bound
 * listeners with filter chains instead; that form is not produced yet.
 */
export function buildListener(service: Service, ctx: TranslationContext): Listener {
  return {
    name: service.name,
    api_listener: {
      api_listener: {
        "@type": TYPE_URLS.httpConnectionManager,
        stat_prefix: service.name,
        rds: { config_source: ADS_CONFIG_SOURCE, route_config_name: service.name },
        http_filters: httpFilters(ctx),
      },
    },
  };
}
