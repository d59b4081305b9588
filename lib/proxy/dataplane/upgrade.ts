/**
 * Upgrade (WebSocket) pass-through on HTTP/1.1: the handshake is routed like any request (outbound) or
 * sent to the app (inbound); when the upstream answers 101 the two connections are spliced byte for byte.
 * A route can disable an upgrade type (upgrade_configs enabled: false); Weft allows WebSocket by default
 * because its control plane has no upgrade setting. Refusals are raw HTTP responses with x-weft-reason.
 */
import http, { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { UpgradeHead } from "../h1/server-connection";
import { forwardableHeaders } from "../http/forwardable";
import { propagateTrace } from "../http/traceparent";
import { consumeRouterHeaders, hasRouterHeaders } from "../routing/router-headers";
import type { DataplaneContext, UpstreamCluster } from "./context";
import type { LocalReason } from "./local-reply";
import { splitClusterName, upstreamRequest } from "./outbound";
import { resolveOutbound } from "./outbound-route";

export function handleUpgrade(
  req: UpgradeHead,
  socket: Duplex,
  head: Buffer,
  ctx: DataplaneContext,
  side: "inbound" | "outbound",
) {
  socket.on("error", () => socket.destroy());
  const counters = side === "inbound" ? ctx.inbound : ctx.outbound;
  counters.requests.value += 1;
  const type = String(req.headers.upgrade ?? "").toLowerCase();
  const ex = {
    method: req.method ?? "GET",
    target: req.url ?? "/",
    authority: req.headers.host ?? "",
    scheme: "http",
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
  };
  const remoteAddress = req.socket.remoteAddress ?? "";
  const trace = ctx.telemetry.enabled
    ? propagateTrace(req.headers.traceparent, req.headers.tracestate, ctx.ids, false)
    : undefined;
  let upstream: UpstreamCluster;
  let path: string;
  let authority: string;
  let headers: Record<string, string | string[]>;
  if (side === "outbound") {
    const resolved = resolveOutbound(ex, ctx);
    if (!resolved.ok) return refuse(socket, resolved.status, resolved.reason, resolved.message);
    if (resolved.action.upgrades.get(type) === false)
      return refuse(
        socket,
        403,
        "no_route",
        `upgrade to ${type} is disabled on route ${resolved.route.name}`,
      );
    const [, subset] = splitClusterName(resolved.clusterName, "");
    const outgoing = upstreamRequest(
      { headers: req.headers, remoteAddress },
      ctx,
      resolved,
      trace,
      subset,
      true,
    );
    upstream = resolved.upstream;
    ({ path, authority, headers } = outgoing);
    // The router consumes these on an upgrade too (nothing to retry or time out here).
    if (hasRouterHeaders(req.headers)) consumeRouterHeaders(headers);
  } else {
    upstream = ctx.app;
    path = ex.target;
    authority = ex.authority;
    headers = forwardableHeaders(req.headers, { keepUpgrade: true });
    if (trace) headers.traceparent = trace.traceparent;
  }
  const { runtime } = upstream;
  const host = runtime.pick(undefined);
  if (!host)
    return refuse(socket, 503, "no_healthy_upstream", `no healthy endpoint in cluster ${runtime.name}`);
  const admission = runtime.breaker.tryAcquire("requests");
  if (!admission.ok) return refuse(socket, 503, "circuit_breaker_open", admission.reason);
  counters.upgrades.value += 1;
  runtime.requestStarted(host.key);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    admission.release();
    runtime.requestEnded(host.key);
  };
  const upReq = http.request({
    host: host.endpoint.address,
    port: host.endpoint.port,
    method: ex.method,
    path,
    headers: { ...headers, host: authority },
    setHost: false,
    agent: false,
  });
  upReq.on("upgrade", (res, upSocket, upHead) => {
    socket.write(rawHead(101, res.statusMessage ?? "Switching Protocols", res.rawHeaders));
    if (upHead.length > 0) socket.write(upHead);
    if (head.length > 0) upSocket.write(head);
    upSocket.on("error", () => socket.destroy());
    socket.on("close", () => {
      upSocket.destroy();
      release();
    });
    upSocket.on("close", () => {
      socket.destroy();
      release();
    });
    socket.pipe(upSocket);
    upSocket.pipe(socket);
  });
  upReq.on("response", (res) => {
    // The upstream declined the upgrade: relay its answer and close.
    socket.write(rawHead(res.statusCode ?? 502, res.statusMessage ?? "", res.rawHeaders, true));
    res.pipe(socket);
    res.on("close", release);
  });
  upReq.on("error", (error) => {
    release();
    refuse(socket, 503, "upstream_connect_failure", `upgrade to ${runtime.name} failed: ${error.message}`);
  });
  socket.on("close", () => {
    if (!released) upReq.destroy();
  });
  upReq.end();
}

function rawHead(status: number, text: string, rawHeaders: readonly string[], close = false): string {
  let out = `HTTP/1.1 ${status} ${text || STATUS_CODES[status] || ""}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (close && /^(connection|keep-alive)$/i.test(name)) continue;
    out += `${name}: ${rawHeaders[i + 1]}\r\n`;
  }
  if (close) out += "connection: close\r\n";
  return `${out}\r\n`;
}

function refuse(socket: Duplex, status: number, reason: LocalReason, message: string): void {
  if (!socket.writable) return;
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
      `content-type: text/plain; charset=utf-8\r\nx-weft-reason: ${reason}\r\nconnection: close\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
