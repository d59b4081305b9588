/**
 * Which listener and route configuration serve an outbound request. Weft's control plane names a listener
 * after each service (its HttpConnectionManager names the service's RouteConfiguration), so the service
 * name in the authority picks it: the host without port, else its first DNS label ("reviews.shop"). An
 * Envoy-style address-bound OUTBOUND listener, whose route table holds every virtual host, is the fallback.
 */
import type { ListenerConfig, ProxyConfig } from "../config/model";
import type { RouteConfig } from "../config/route-model";
import { withoutPort } from "./virtual-host";

export type RouteTableResult =
  | { readonly ok: true; readonly listener: ListenerConfig; readonly routeConfig: RouteConfig }
  | {
      readonly ok: false;
      readonly reason: "unknown_service" | "route_config_missing";
      readonly message: string;
    };

export function findRouteTable(config: ProxyConfig, authority: string): RouteTableResult {
  const host = withoutPort(authority.toLowerCase());
  const dot = host.indexOf(".");
  const listener =
    config.listeners.get(host) ??
    (dot > 0 ? config.listeners.get(host.slice(0, dot)) : undefined) ??
    outboundListener(config);
  if (!listener)
    return {
      ok: false,
      reason: "unknown_service",
      message: `no service named '${host}' is known to this proxy`,
    };
  const routeConfig = listener.http.inlineRouteConfig ?? config.routeConfigs.get(listener.http.rdsName ?? "");
  if (!routeConfig)
    return {
      ok: false,
      reason: "route_config_missing",
      message: `route configuration '${listener.http.rdsName}' for listener '${listener.name}' has not been received`,
    };
  return { ok: true, listener, routeConfig };
}

/** The address-bound OUTBOUND listener (Envoy's form), if the control plane sent one. */
export function outboundListener(config: ProxyConfig): ListenerConfig | undefined {
  for (const listener of config.listeners.values()) if (listener.direction === "outbound") return listener;
  return undefined;
}

/** The listener whose filters apply to inbound traffic, if the control plane sent one. */
export function inboundListener(config: ProxyConfig): ListenerConfig | undefined {
  for (const listener of config.listeners.values()) if (listener.direction === "inbound") return listener;
  return undefined;
}

/** The listener whose connection settings apply on the proxy's inbound or outbound port. */
export function portListener(config: ProxyConfig, side: "inbound" | "outbound"): ListenerConfig | undefined {
  return side === "inbound" ? inboundListener(config) : outboundListener(config);
}
