import type { Route, RouteConfig, VirtualHost } from "../config/route-model";
import { rollFraction } from "../resilience/fractional-percent";
import type { Random } from "../util/random";
import { matchHeader, matchPath, matchQuery } from "./matchers";
import { headerValue, type RouteRequest } from "./request";
import { selectVirtualHost } from "./virtual-host";

export type RouteMatchResult =
  | {
      readonly kind: "matched";
      readonly virtualHost: VirtualHost;
      readonly route: Route;
      readonly routeIndex: number;
    }
  | { readonly kind: "no_virtual_host"; readonly authority: string }
  | { readonly kind: "no_route"; readonly virtualHost: VirtualHost };

export interface MatchOptions {
  /** Rolls routes with a runtime_fraction; without it, such a route matches when its fraction is above 0. */
  readonly random?: Random;
  /** The connection manager's strip_any_host_port. */
  readonly stripPort?: boolean;
}

/** The virtual host for the authority and its first route that matches, in configuration order. */
export function matchRoute(
  config: RouteConfig,
  request: RouteRequest,
  options: MatchOptions = {},
): RouteMatchResult {
  const virtualHost = selectVirtualHost(config, request.authority, options);
  if (!virtualHost) return { kind: "no_virtual_host", authority: request.authority };
  const routes = virtualHost.routes;
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i]!;
    if (routeMatches(route, request, options.random))
      return { kind: "matched", virtualHost, route, routeIndex: i };
  }
  return { kind: "no_route", virtualHost };
}

export function routeMatches(route: Route, request: RouteRequest, random?: Random): boolean {
  const { match } = route;
  if (!matchPath(match.path, request.path)) return false;
  if (match.grpcOnly && !(headerValue(request, "content-type") ?? "").startsWith("application/grpc"))
    return false;
  for (const header of match.headers) if (!matchHeader(header, request)) return false;
  for (const query of match.query) if (!matchQuery(query, request)) return false;
  if (match.fraction) return random ? rollFraction(match.fraction, random) : match.fraction.numerator > 0;
  return true;
}
