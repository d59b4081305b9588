import { describe, expect, it } from "vitest";
import { fromXds } from "../config/from-xds";
import { outboundListener, reviewsRoutes } from "../config/testing/xds-fixtures";
import { findRouteTable, inboundListener } from "./route-table";

const HCM =
  "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
const serviceListener = (name: string, rds: string) => ({
  name,
  api_listener: {
    api_listener: {
      "@type": HCM,
      stat_prefix: name,
      rds: { route_config_name: rds, config_source: { ads: {} } },
      http_filters: [{ name: "router", typed_config: { "@type": ROUTER } }],
    },
  },
});

function config(listeners: unknown[], routes: unknown[] = []) {
  const result = fromXds({ listeners, routeConfigurations: routes });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

describe("findRouteTable", () => {
  it("picks the listener named after the service, with or without port or namespace", () => {
    const c = config([serviceListener("reviews", "outbound")], [reviewsRoutes()]);
    for (const authority of ["reviews", "reviews:9080", "Reviews.shop:80"]) {
      const table = findRouteTable(c, authority);
      expect(table.ok && table.listener.name).toBe("reviews");
    }
  });

  it("falls back to an address-bound OUTBOUND listener, else says the service is unknown", () => {
    const withOutbound = config([outboundListener()], [reviewsRoutes()]);
    const table = findRouteTable(withOutbound, "ratings");
    expect(table.ok && table.routeConfig.name).toBe("outbound");
    expect(
      findRouteTable(config([serviceListener("reviews", "outbound")], [reviewsRoutes()]), "ratings"),
    ).toMatchObject({
      ok: false,
      reason: "unknown_service",
    });
  });

  it("reports a route configuration that has not arrived", () => {
    expect(findRouteTable(config([serviceListener("reviews", "later")]), "reviews")).toMatchObject({
      ok: false,
      reason: "route_config_missing",
    });
  });

  it("finds the INBOUND listener only when there is one", () => {
    expect(inboundListener(config([outboundListener()]))).toBeUndefined();
  });
});
