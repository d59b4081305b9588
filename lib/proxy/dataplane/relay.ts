/**
 * Relays an upstream response to the downstream exchange: head (hop-by-hop fields removed, the route's
 * response header mutations applied), body with backpressure, then trailers. A trailers-only upstream
 * response (gRPC errors) stays trailers-only. Reports how it ended: complete, or reset mid-body.
 */
import type { HeaderMutation } from "../config/route-model";
import { forwardableHeaders } from "../http/forwardable";
import { applyHeaderMutations } from "../http/header-mutation";
import type { MutableHeaders } from "../http/headers";
import type { AttemptResult, UpstreamHeaders } from "../upstream/attempt";
import type { Exchange } from "./exchange";

export interface RelayOutcome {
  /** The upstream stream ended before the body did; the downstream stream was reset too. */
  readonly reset: boolean;
  /** grpc-status from the trailers (or the headers of a trailers-only response). */
  readonly grpcStatus?: number;
}

/**
 * Starts relaying; returns the function that stops it (destroys the upstream body). With `serviceTimeMs`
 * the response carries x-envoy-upstream-service-time (before the route's mutations, which may remove it).
 * `onChunk` hears of each body chunk (the router's stream idle timer).
 */
export function relayResponse(
  ex: Exchange,
  result: Extract<AttemptResult, { kind: "response" }>,
  mutations: readonly HeaderMutation[],
  serviceTimeMs: number | undefined,
  done: (outcome: RelayOutcome) => void,
  onChunk?: () => void,
): () => void {
  const headers = responseHeaders(result.headers, mutations, serviceTimeMs);
  const status = result.status;
  const body = result.body;
  if (result.endedWithHeaders) {
    ex.respond(status, headers, { endStream: true });
    done(grpcOf(result.headers));
    return () => body.destroy();
  }
  const grpc = String(result.headers["content-type"] ?? "").startsWith("application/grpc");
  ex.respond(status, headers, { expectTrailers: grpc || result.headers.trailer !== undefined });
  let ended = false;
  body.on("data", (chunk: Buffer) => {
    onChunk?.();
    if (!ex.write(chunk)) {
      body.pause();
      ex.onDrain(() => body.resume());
    }
  });
  body.on("end", () => {
    ended = true;
    const trailers = result.trailers();
    ex.end(trailers && forwardableHeaders(trailers));
    done(grpcOf(trailers ?? result.headers));
  });
  body.on("error", () => {});
  body.on("close", () => {
    if (ended) return;
    ex.abort();
    done({ reset: true });
  });
  return () => body.destroy();
}

function responseHeaders(
  upstream: UpstreamHeaders,
  mutations: readonly HeaderMutation[],
  serviceTimeMs: number | undefined,
): MutableHeaders {
  const headers = forwardableHeaders(upstream);
  if (serviceTimeMs !== undefined) headers["x-envoy-upstream-service-time"] = String(serviceTimeMs);
  return mutations.length > 0 ? applyHeaderMutations(headers, mutations) : headers;
}

export function numberHeader(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d{1,3}$/.test(value)) return undefined;
  return Number(value);
}

function grpcOf(headers: UpstreamHeaders | undefined): RelayOutcome {
  const grpcStatus = numberHeader(headers?.["grpc-status"]);
  return grpcStatus === undefined ? { reset: false } : { reset: false, grpcStatus };
}
