/**
 * The outbound listener's request path (the local app calling another service): validate the head, find
 * the service's route table, match a route, choose the cluster, run the fault and rate limit filters, then
 * forward with retries. Every refusal is a local reply with x-weft-reason.
 */
import type { ClusterConfig } from "../config/cluster-model";
import type { ForwardAction, HeaderMutation } from "../config/route-model";
import { forwardableHeaders } from "../http/forwardable";
import { setForwardedFast } from "../http/forwarded";
import { applyHeaderMutations } from "../http/header-mutation";
import { ensureRequestId } from "../http/request-id";
import { type PropagatedTrace, propagateTrace } from "../http/traceparent";
import { rollFraction } from "../resilience/fractional-percent";
import { effectiveIdleTimeoutMs, requestTimeoutLeftMs } from "../resilience/idle-timeout";
import { requestTimeouts, withConnectionStreamLimit } from "../resilience/stream-timeout";
import { requestHash } from "../routing/hash-key";
import { rewriteAuthority, rewritePath, rewritesPath } from "../routing/rewrite";
import { ROUTE_NAME_HEADER, ROUTE_TEMPLATE_HEADER, routeTemplate } from "../routing/route-template";
import {
  consumeRouterHeaders,
  hasRouterHeaders,
  perTryWithin,
  retries,
  routerAddsEnvoyHeaders,
  routerHeaderOverrides,
} from "../routing/router-headers";
import { withoutPort } from "../routing/virtual-host";
import { epochMs, errorTypeOf } from "../telemetry/record";
import { BodyTee } from "../upstream/body-tee";
import { countStreamTimeouts, type DataplaneContext } from "./context";
import { type Exchange, isGrpc } from "./exchange";
import { planFilters } from "./filters";
import { type ForwardResult, forward } from "./forward";
import { sendLocalReply } from "./local-reply";
import { sendMirror } from "./mirror";
import { type ResolvedRoute, resolveOutbound } from "./outbound-route";

/** Headers that tell the callee's sidecar who called (Envoy sets the first two the same way). */
export const SOURCE_SERVICE_HEADER = "x-envoy-downstream-service-cluster";
export const SOURCE_NODE_HEADER = "x-envoy-downstream-service-node";
export const SUBSET_HEADER = "x-weft-destination-subset";
/** Set by the router when a route rewrites the path: the path the caller asked for. */
export const ORIGINAL_PATH_HEADER = "x-envoy-original-path";

export function handleOutbound(ex: Exchange, ctx: DataplaneContext): void {
  const startMs = ctx.telemetry.enabled ? epochMs() : 0;
  const counters = ctx.outbound;
  counters.requests.value += 1;
  const resolved = resolveOutbound(ex, ctx);
  if (!resolved.ok) {
    const { status, reason, message } = resolved;
    sendLocalReply(ex, status, reason, message, {
      ...(resolved.headers && { headers: resolved.headers }),
      ...(resolved.body !== undefined && { body: resolved.body }),
    });
    return;
  }
  const { request, route, virtualHost, action, entry, upstream, routeConfig } = resolved;
  const http = resolved.listener.http;
  const clusterName = resolved.clusterName;
  const [destination, subset] = splitClusterName(clusterName, virtualHost.name);
  // Without telemetry the proxy records no span, so the caller's trace headers pass through untouched.
  const trace = ctx.telemetry.enabled
    ? propagateTrace(ex.headers.traceparent, ex.headers.tracestate, ctx.ids, sampleNew(ctx))
    : undefined;
  const finish = (status: number, result: Partial<ForwardResult>, faultInjected: boolean) => {
    if (!trace) return;
    const errorType =
      result.errorType && status === 0 ? result.errorType : errorTypeOf("client", status, result.errorType);
    const [host, port] = hostAndPort(request.authority);
    ctx.telemetry.record({
      side: "client",
      method: ex.method,
      status,
      ...(errorType !== undefined && { errorType }),
      sourceService: ctx.service,
      destinationService: destination,
      ...(subset !== undefined && { destinationSubset: subset }),
      route: route.name,
      serverAddress: host,
      serverPort: port,
      faultInjected,
      retries: result.retries ?? 0,
      startMs,
      endMs: epochMs(),
      trace,
      path: request.path,
      ...(result.grpcStatus !== undefined && { grpcStatus: result.grpcStatus }),
      ...(result.host !== undefined && { peerAddress: result.host }),
    });
  };
  const plan = planFilters(
    http.httpFilters,
    [entry?.perFilterConfig, route.perFilterConfig, virtualHost.perFilterConfig, routeConfig.perFilterConfig],
    request,
    {
      random: ctx.random,
      nowMs: ctx.wallClock(),
      cluster: clusterName,
      activeFaults: ctx.faults.active,
      buckets: ctx.buckets,
    },
  );
  if (plan.limited) {
    counters.rateLimited.value += 1;
    sendLocalReply(ex, plan.limited.status, "rate_limited", `local rate limit exceeded for ${clusterName}`);
    finish(plan.limited.status, { errorType: "rate_limited" }, false);
    return;
  }
  const proceed = () => {
    if (ex.closed) return finish(0, { errorType: "downstream_disconnect" }, plan.faultInjected);
    if (plan.abort) {
      counters.faultsAborted.value += 1;
      const status = plan.abort.kind === "http" ? plan.abort.status : 200;
      sendLocalReply(ex, status, "fault_abort", "fault filter abort", {
        ...(plan.abort.kind === "grpc" && { grpcStatus: plan.abort.status }),
      });
      return finish(status, { errorType: "fault_abort" }, true);
    }
    const outgoing = upstreamRequest(ex, ctx, resolved, trace, subset);
    // The application is an internal client: its x-envoy-* router headers apply, and go no further.
    const overrides = hasRouterHeaders(ex.headers)
      ? routerHeaderOverrides(ex.headers, action.retry)
      : undefined;
    if (overrides) consumeRouterHeaders(outgoing.headers);
    // The stream deadline counts from the request's arrival, so a fault delay has used part of it.
    const timeouts = requestTimeouts(
      withConnectionStreamLimit(action, http.downstream.maxStreamDurationMs),
      ex.headers["grpc-timeout"],
      isGrpc(ex.headers),
      plan.delayMs,
      overrides?.timeoutMs,
    );
    if (timeouts.upstreamGrpcTimeout !== undefined)
      outgoing.headers["grpc-timeout"] = timeouts.upstreamGrpcTimeout;
    const retry = overrides ? perTryWithin(overrides.retry, timeouts.routeTimeoutMs) : action.retry;
    // Kept for a replay when the route has a retry policy, or the request asked for retries that can happen.
    const replayable = action.retry !== undefined || retries(retry);
    const body = ex.hasBody
      ? new BodyTee(ex.body, replayable || action.mirrors.length > 0 ? ctx.bufferLimitBytes : 0)
      : undefined;
    const requestTimeoutMs = requestTimeoutLeftMs(http.requestTimeoutMs, plan.delayMs);
    const hash =
      action.hashPolicies.length > 0
        ? requestHash(action.hashPolicies, request, ex.remoteAddress)
        : undefined;
    mirror(ctx, action, ex.method, outgoing, body, hash);
    forward(
      {
        ex,
        cluster: upstream.runtime,
        pool: upstream.pool,
        protocol: upstreamProtocol(upstream.runtime.config, ex),
        method: ex.method,
        path: outgoing.path,
        authority: outgoing.authority,
        headers: outgoing.headers,
        body,
        hash,
        timeoutMs: timeouts.routeTimeoutMs,
        streamDeadlineMs: timeouts.streamDeadlineMs,
        idleTimeoutMs: effectiveIdleTimeoutMs(http.streamIdleTimeoutMs, action.idleTimeoutMs),
        ...(requestTimeoutMs !== undefined && { requestTimeoutMs }),
        retry,
        ...(overrides && { timeoutStatus: overrides.timeoutStatus }),
        envoyHeaders: routerAddsEnvoyHeaders(http.httpFilters),
        includeAttemptCount: virtualHost.includeAttemptCount,
        responseMutations: nonEmpty([
          entry?.responseHeaders,
          route.responseHeaders,
          virtualHost.responseHeaders,
          routeConfig.responseHeaders,
        ]),
      },
      ctx,
      (result) => {
        countStreamTimeouts(counters, result.errorType);
        finish(result.status, result, plan.faultInjected);
      },
    );
  };
  if (plan.delayMs > 0) {
    counters.faultsDelayed.value += 1;
    ctx.faults.active += 1;
    setTimeout(() => {
      ctx.faults.active -= 1;
      proceed();
    }, plan.delayMs);
  } else proceed();
}

/** Headers, path and authority sent upstream: forwardable headers plus the route's mutations and the trace. */
export function upstreamRequest(
  ex: { headers: Exchange["headers"]; remoteAddress: string },
  ctx: DataplaneContext,
  resolved: ResolvedRoute,
  trace: PropagatedTrace | undefined,
  subset: string | undefined,
  keepUpgrade = false,
) {
  const { route, action, virtualHost, routeConfig, entry, request } = resolved;
  let headers = forwardableHeaders(ex.headers, { keepTeTrailers: isGrpc(ex.headers), keepUpgrade });
  setForwardedFast(headers, ex.headers, ex.remoteAddress, "http");
  ensureRequestId(headers);
  const mutations = nonEmpty([
    entry?.requestHeaders,
    route.requestHeaders,
    virtualHost.requestHeaders,
    routeConfig.requestHeaders,
  ]);
  if (mutations.length > 0) headers = applyHeaderMutations(headers, mutations);
  if (trace) {
    headers.traceparent = trace.traceparent;
    if (trace.tracestate !== undefined) headers.tracestate = trace.tracestate;
    else delete headers.tracestate;
  }
  headers[SOURCE_SERVICE_HEADER] = ctx.service;
  headers[SOURCE_NODE_HEADER] = ctx.nodeId;
  if (subset !== undefined) headers[SUBSET_HEADER] = subset;
  else delete headers[SUBSET_HEADER];
  // The callee's sidecar reports http.route and weft.route from these (only the caller matched the rule).
  headers[ROUTE_NAME_HEADER] = route.name;
  const template = routeTemplate(route.match.path);
  if (template !== undefined) headers[ROUTE_TEMPLATE_HEADER] = template;
  else delete headers[ROUTE_TEMPLATE_HEADER];
  const hostAction = entry?.hostRewrite ? { ...action, hostRewrite: entry.hostRewrite } : action;
  const authority = rewriteAuthority(hostAction, request.authority, ex.headers);
  if (rewritesPath(action) && routerAddsEnvoyHeaders(resolved.listener.http.httpFilters))
    headers[ORIGINAL_PATH_HEADER] = request.path;
  return { headers, path: rewritePath(route, action, request.path), authority };
}

function mirror(
  ctx: DataplaneContext,
  action: ForwardAction,
  method: string,
  outgoing: { headers: Record<string, string | string[]>; path: string; authority: string },
  body: BodyTee | undefined,
  hash: number | undefined,
): void {
  for (const policy of action.mirrors) {
    if (!rollFraction(policy.fraction, ctx.random)) continue;
    const target = ctx.cluster(policy.cluster);
    if (!target) continue;
    const send = (copy: Buffer | undefined) =>
      sendMirror({
        target,
        method,
        path: outgoing.path,
        authority: outgoing.authority,
        headers: outgoing.headers,
        body: copy,
        hash,
      });
    if (!body) send(undefined);
    else body.whenComplete((copy) => send(copy));
  }
}

/** gRPC needs HTTP/2 end to end, whatever the cluster says; otherwise the cluster's protocol. */
function upstreamProtocol(cluster: ClusterConfig, ex: Exchange): "h1" | "h2" {
  if (cluster.upstreamProtocol === "http2") return "h2";
  if (cluster.upstreamProtocol === "downstream") return ex.protocol;
  return ex.protocol === "h2" && isGrpc(ex.headers) ? "h2" : "h1";
}

/** "reviews|v2" → ["reviews", "v2"]; a plain name is the whole service. */
export function splitClusterName(cluster: string, fallback: string): [string, string | undefined] {
  const bar = cluster.indexOf("|");
  if (bar < 0) return [cluster || fallback, undefined];
  return [cluster.slice(0, bar), cluster.slice(bar + 1)];
}

function hostAndPort(authority: string): [string, number] {
  const host = withoutPort(authority);
  const port = authority.length > host.length ? Number(authority.slice(host.length + 1)) : 80;
  return [host, Number.isFinite(port) ? port : 80];
}

function nonEmpty(mutations: readonly (HeaderMutation | undefined)[]): HeaderMutation[] {
  return mutations.filter(
    (m): m is HeaderMutation => m !== undefined && (m.add.length > 0 || m.remove.length > 0),
  );
}

function sampleNew(ctx: DataplaneContext): boolean {
  return ctx.traceSampling >= 1 || (ctx.traceSampling > 0 && ctx.random() < ctx.traceSampling);
}
