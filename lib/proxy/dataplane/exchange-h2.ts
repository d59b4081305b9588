/** Exchange over an HTTP/2 server stream (prior-knowledge h2c), using the core stream API for trailers. */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import http2, { type ServerHttp2Stream } from "node:http2";
import type { Exchange } from "./exchange";

// Connection-specific fields may not appear in HTTP/2 (RFC 9113 §8.2.2); Node throws if they do.
const FORBIDDEN = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"];

export function h2Exchange(
  stream: ServerHttp2Stream,
  incoming: http2.IncomingHttpHeaders,
  rawHeaders: readonly string[],
): Exchange {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) if (name[0] !== ":") headers[name] = value;
  let requestTrailers: IncomingHttpHeaders | undefined;
  stream.on("trailers", (t: IncomingHttpHeaders) => {
    requestTrailers = t;
  });
  let responseTrailers: OutgoingHttpHeaders = {};
  let finished = false;
  let abortListener: (() => void) | undefined;
  stream.on("close", () => {
    if (!finished) abortListener?.();
  });
  stream.on("error", () => {}); // a reset by the client surfaces as close
  const authority = incoming[":authority"] ?? incoming.host;
  return {
    protocol: "h2",
    method: String(incoming[":method"] ?? "GET"),
    target: String(incoming[":path"] ?? "/"),
    authority: typeof authority === "string" ? authority : "",
    scheme: String(incoming[":scheme"] ?? "http"),
    headers,
    rawHeaders,
    httpVersion: "2.0",
    remoteAddress: stream.session?.socket?.remoteAddress ?? "",
    body: stream,
    hasBody: !stream.endAfterHeaders,
    trailers: () => requestTrailers,
    get headersSent() {
      return stream.headersSent;
    },
    get closed() {
      return finished || stream.closed || stream.destroyed;
    },
    respond(status, out, options) {
      const h: http2.OutgoingHttpHeaders = { ":status": status };
      for (const [name, value] of Object.entries(out)) if (!FORBIDDEN.includes(name)) h[name] = value;
      if (options?.endStream) finished = true;
      stream.respond(h, {
        endStream: options?.endStream ?? false,
        waitForTrailers: options?.expectTrailers ?? false,
      });
      if (options?.expectTrailers) stream.once("wantTrailers", () => stream.sendTrailers(responseTrailers));
    },
    write: (chunk) => stream.write(chunk),
    end(trailers) {
      finished = true;
      if (trailers) responseTrailers = trailers;
      stream.end();
    },
    onDrain: (listener) => stream.once("drain", listener),
    abort: () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR),
    onAbort: (listener) => {
      abortListener = listener;
    },
  };
}
