/**
 * The inbound listener's request path (another sidecar calling the local app): validate the head, apply
 * the inbound listener's filters when the control plane sent one (local rate limit, faults), continue the
 * trace with a server span, and forward to the app on one pooled connection set.
 */

import { DEFAULT_STREAM_IDLE_TIMEOUT_MS } from "../config/listener";
import { forwardableHeaders } from "../http/forwardable";
import { setForwardedFast } from "../http/forwarded";
import { validateRequestHead } from "../http/request-head";
import { ensureRequestId } from "../http/request-id";
import { propagateTrace } from "../http/traceparent";
import { effectiveIdleTimeoutMs, requestTimeoutLeftMs } from "../resilience/idle-timeout";
import {
  INBOUND_TIMEOUT_POLICY,
  requestTimeouts,
  withConnectionStreamLimit,
} from "../resilience/stream-timeout";
import { joinHeader, type RouteRequest } from "../routing/request";
import { inboundListener } from "../routing/route-table";
import {
  acceptedRouteName,
  acceptedTemplate,
  ROUTE_NAME_HEADER,
  ROUTE_TEMPLATE_HEADER,
} from "../routing/route-template";
import { routerAddsEnvoyHeaders } from "../routing/router-headers";
import { epochMs, errorTypeOf } from "../telemetry/record";
import { BodyTee } from "../upstream/body-tee";
import { countStreamTimeouts, type DataplaneContext } from "./context";
import { type Exchange, isGrpc } from "./exchange";
import { planFilters } from "./filters";
import { type ForwardResult, forward } from "./forward";
import { applyListenerHeadRules } from "./listener-head-rules";
import { sendLocalReply } from "./local-reply";
import { SOURCE_SERVICE_HEADER, SUBSET_HEADER } from "./outbound";

export function handleInbound(ex: Exchange, ctx: DataplaneContext): void {
  const startMs = ctx.telemetry.enabled ? epochMs() : 0;
  const counters = ctx.inbound;
  counters.requests.value += 1;
  const head = validateRequestHead(ex.httpVersion, ex.rawHeaders, ctx.headLimits);
  if (!head.ok) {
    counters.badRequests.value += 1;
    sendLocalReply(ex, head.status, "bad_request", head.reason);
    return;
  }
  const listener = inboundListener(ctx.config());
  const refusal = applyListenerHeadRules(ex, ctx.headLimits, listener?.http);
  if (refusal) {
    counters.badRequests.value += 1;
    sendLocalReply(ex, refusal.status, "bad_request", refusal.reason);
    return;
  }
  const trace = ctx.telemetry.enabled
    ? propagateTrace(ex.headers.traceparent, ex.headers.tracestate, ctx.ids, ctx.traceSampling >= 1)
    : undefined;
  const source = joinHeader(ex.headers[SOURCE_SERVICE_HEADER]);
  const subset = joinHeader(ex.headers[SUBSET_HEADER]) ?? ctx.labels.version;
  const routeName = acceptedRouteName(joinHeader(ex.headers[ROUTE_NAME_HEADER]));
  const httpRoute = acceptedTemplate(joinHeader(ex.headers[ROUTE_TEMPLATE_HEADER]));
  const finish = (status: number, result: Partial<ForwardResult>, faultInjected: boolean) => {
    if (!trace) return;
    const errorType = status === 0 ? result.errorType : errorTypeOf("server", status, result.errorType);
    ctx.telemetry.record({
      side: "server",
      method: ex.method,
      status,
      ...(errorType !== undefined && { errorType }),
      sourceService: source ?? "",
      destinationService: ctx.service,
      ...(subset !== undefined && { destinationSubset: subset }),
      ...(routeName !== undefined && { route: routeName }),
      ...(httpRoute !== undefined && { httpRoute }),
      faultInjected,
      retries: 0,
      startMs,
      endMs: epochMs(),
      trace,
      path: ex.target,
      peerAddress: ex.remoteAddress,
      ...(result.grpcStatus !== undefined && { grpcStatus: result.grpcStatus }),
    });
  };
  const request: RouteRequest = {
    authority: ex.authority,
    path: ex.target,
    method: ex.method,
    headers: ex.headers,
  };
  const plan = listener
    ? planFilters(listener.http.httpFilters, [], request, {
        random: ctx.random,
        nowMs: ctx.wallClock(),
        activeFaults: ctx.faults.active,
        buckets: ctx.buckets,
      })
    : undefined;
  if (plan?.limited) {
    counters.rateLimited.value += 1;
    sendLocalReply(ex, plan.limited.status, "rate_limited", `local rate limit exceeded for ${ctx.service}`);
    finish(plan.limited.status, { errorType: "rate_limited" }, false);
    return;
  }
  const proceed = () => {
    if (plan?.abort) {
      counters.faultsAborted.value += 1;
      const status = plan.abort.kind === "http" ? plan.abort.status : 200;
      sendLocalReply(ex, status, "fault_abort", "fault filter abort", {
        ...(plan.abort.kind === "grpc" && { grpcStatus: plan.abort.status }),
      });
      return finish(status, { errorType: "fault_abort" }, true);
    }
    const headers = forwardableHeaders(ex.headers, { keepTeTrailers: isGrpc(ex.headers) });
    setForwardedFast(headers, ex.headers, ex.remoteAddress, "http");
    ensureRequestId(headers);
    const grpcTimeout = ex.headers["grpc-timeout"];
    const delayMs = plan?.delayMs ?? 0;
    const policy = withConnectionStreamLimit(
      INBOUND_TIMEOUT_POLICY,
      listener?.http.downstream.maxStreamDurationMs,
    );
    const timeouts = requestTimeouts(policy, grpcTimeout, isGrpc(ex.headers), delayMs);
    if (timeouts.upstreamGrpcTimeout !== undefined) headers["grpc-timeout"] = timeouts.upstreamGrpcTimeout;
    if (trace) {
      headers.traceparent = trace.traceparent;
      if (trace.tracestate !== undefined) headers.tracestate = trace.tracestate;
    }
    // Without an INBOUND listener from the control plane, Envoy's defaults: 5 minutes idle, no request limit.
    const http = listener?.http;
    const requestTimeoutMs = requestTimeoutLeftMs(http?.requestTimeoutMs ?? 0, delayMs);
    forward(
      {
        ex,
        cluster: ctx.app.runtime,
        pool: ctx.app.pool,
        protocol: ex.protocol,
        method: ex.method,
        path: ex.target,
        authority: ex.authority,
        headers,
        body: ex.hasBody ? new BodyTee(ex.body, 0) : undefined,
        hash: undefined,
        timeoutMs: timeouts.routeTimeoutMs,
        streamDeadlineMs: timeouts.streamDeadlineMs,
        idleTimeoutMs: effectiveIdleTimeoutMs(
          http?.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
          undefined,
        ),
        ...(requestTimeoutMs !== undefined && { requestTimeoutMs }),
        retry: undefined,
        envoyHeaders: routerAddsEnvoyHeaders(http?.httpFilters),
        includeAttemptCount: false,
        responseMutations: [],
      },
      ctx,
      (result) => {
        countStreamTimeouts(counters, result.errorType);
        finish(result.status, result, plan?.faultInjected ?? false);
      },
    );
  };
  if (plan && plan.delayMs > 0) {
    counters.faultsDelayed.value += 1;
    setTimeout(proceed, plan.delayMs);
  } else proceed();
}
