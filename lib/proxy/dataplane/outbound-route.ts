/**
 * Resolving an outbound request to its route and upstream cluster, or to the local reply that refuses it.
 * Shared by ordinary requests and upgrade (WebSocket) handshakes.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ListenerConfig } from "../config/model";
import type {
  ForwardAction,
  Route,
  RouteConfig,
  VirtualHost,
  WeightedClusterEntry,
} from "../config/route-model";
import { validateRequestHead } from "../http/request-head";
import { matchRoute } from "../routing/match-route";
import type { RouteRequest } from "../routing/request";
import { findRouteTable } from "../routing/route-table";
import { splitTarget } from "../routing/target";
import { chooseCluster } from "../routing/weighted";
import type { DataplaneContext, UpstreamCluster } from "./context";
import { applyListenerHeadRules } from "./listener-head-rules";
import type { LocalReason } from "./local-reply";

export interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly authority: string;
  readonly scheme: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
  readonly httpVersion: string;
}

export interface ResolvedRoute {
  readonly ok: true;
  readonly request: RouteRequest;
  readonly listener: ListenerConfig;
  readonly routeConfig: RouteConfig;
  readonly virtualHost: VirtualHost;
  readonly route: Route;
  readonly action: ForwardAction;
  readonly clusterName: string;
  readonly entry: WeightedClusterEntry | undefined;
  readonly upstream: UpstreamCluster;
}

export interface Refusal {
  readonly ok: false;
  readonly status: number;
  readonly reason: LocalReason;
  readonly message: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export function resolveOutbound(head: RequestHead, ctx: DataplaneContext): ResolvedRoute | Refusal {
  const counters = ctx.outbound;
  const valid = validateRequestHead(head.httpVersion, head.rawHeaders, ctx.headLimits);
  if (!valid.ok) {
    counters.badRequests.value += 1;
    return refuse(valid.status, "bad_request", valid.reason);
  }
  if (!ctx.ready())
    return refuse(
      503,
      "not_ready",
      "the proxy has not received its initial configuration from the control plane",
    );
  const target = splitTarget(head.target, head.authority);
  if (!target.ok) {
    counters.badRequests.value += 1;
    return refuse(target.status, "bad_request", target.message);
  }
  const table = findRouteTable(ctx.config(), target.authority);
  if (!table.ok) {
    counters.noRoute.value += 1;
    return refuse(table.reason === "unknown_service" ? 404 : 503, table.reason, table.message);
  }
  const refusal = applyListenerHeadRules(head, ctx.headLimits, table.listener.http);
  if (refusal) {
    counters.badRequests.value += 1;
    return refuse(refusal.status, "bad_request", refusal.reason);
  }
  const request: RouteRequest = {
    authority: target.authority,
    path: target.path,
    method: head.method,
    headers: head.headers,
    scheme: head.scheme,
  };
  const http = table.listener.http;
  const match = matchRoute(table.routeConfig, request, {
    random: ctx.random,
    stripPort: http.stripAnyHostPort,
  });
  if (match.kind !== "matched") {
    counters.noRoute.value += 1;
    const message =
      match.kind === "no_virtual_host"
        ? `no virtual host for authority '${target.authority}'`
        : `no route of '${match.virtualHost.name}' matches ${head.method} ${target.path}`;
    return refuse(404, "no_route", message);
  }
  const { route, virtualHost } = match;
  const action = route.action;
  if (action.kind === "direct_response") {
    const body = action.body ?? "";
    return { ok: false, status: action.status, reason: "direct_response", message: body, body };
  }
  if (action.kind === "redirect") {
    const location = `${action.scheme ?? "http"}://${action.host ?? target.authority}${action.path ?? target.path}`;
    return { ...refuse(action.status, "direct_response", `redirect to ${location}`), headers: { location } };
  }
  const choice = chooseCluster(action.cluster, ctx.random, head.headers);
  if (choice.kind === "missing_header")
    return refuse(
      action.clusterNotFoundStatus,
      "cluster_not_found",
      `header ${choice.header} names no cluster`,
    );
  const upstream = ctx.cluster(choice.name);
  if (!upstream)
    return refuse(action.clusterNotFoundStatus, "cluster_not_found", `cluster '${choice.name}' not found`);
  return {
    ok: true,
    request,
    listener: table.listener,
    routeConfig: table.routeConfig,
    virtualHost,
    route,
    action,
    clusterName: choice.name,
    entry: choice.entry,
    upstream,
  };
}

function refuse(status: number, reason: LocalReason, message: string): Refusal {
  return { ok: false, status, reason, message };
}
