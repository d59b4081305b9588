/**
 * Attributes of the proxy's metrics and spans, as docs/telemetry-metrics.md defines them: OpenTelemetry
 * HTTP semantic conventions plus weft.* (names from lib/telemetry/metric-contract.ts, shared with ingest).
 */
import { PROXY_ATTRIBUTES as A } from "@/lib/telemetry/metric-contract";
import type { Attributes, AttributeValue } from "./otlp-encode";
import type { RequestRecord } from "./record";

/** Low-cardinality attributes for the RED histograms (no retries, no ids, no paths). */
export function metricAttributes(r: RequestRecord): [string, AttributeValue][] {
  const out: [string, AttributeValue][] = [[A.method, r.method]];
  if (r.status > 0) out.push([A.statusCode, r.status]);
  if (r.errorType !== undefined) out.push([A.errorType, r.errorType]);
  if (r.side === "server" && r.httpRoute !== undefined) out.push([A.route, r.httpRoute]);
  if (r.side === "client") {
    if (r.serverAddress !== undefined) out.push([A.serverAddress, r.serverAddress]);
    if (r.serverPort !== undefined) out.push([A.serverPort, r.serverPort]);
  }
  if (r.sourceService !== "") out.push([A.sourceService, r.sourceService]);
  out.push([A.destinationService, r.destinationService]);
  if (r.destinationSubset !== undefined) out.push([A.destinationSubset, r.destinationSubset]);
  if (r.route !== undefined) out.push([A.weftRoute, r.route]);
  if (r.faultInjected) out.push([A.faultInjected, true]);
  return out;
}

export function spanAttributes(r: RequestRecord): Attributes {
  const out = metricAttributes(r);
  out.push([A.retries, r.retries], ["url.path", pathOf(r.path)]);
  if (r.side === "client") out.push(["peer.service", r.destinationService]);
  if (r.peerAddress) out.push(["network.peer.address", r.peerAddress]);
  if (r.grpcStatus !== undefined) out.push(["rpc.grpc.status_code", r.grpcStatus]);
  return out;
}

/** OTLP status: error for 5xx (4xx too on the client side), non-zero gRPC status, or no response. */
export function spanStatus(r: RequestRecord): { code: number; message?: string } {
  const failed =
    r.status === 0 ||
    r.status >= 500 ||
    (r.side === "client" && r.status >= 400) ||
    (r.grpcStatus !== undefined && r.grpcStatus !== 0);
  if (!failed) return { code: 0 };
  return r.errorType !== undefined ? { code: 2, message: r.errorType } : { code: 2 };
}

function pathOf(target: string): string {
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}
