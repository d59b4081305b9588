/**
 * One downstream request and its response, the same for HTTP/1.1 and HTTP/2 so that the router does not
 * care which protocol the client spoke. Header names are lower case; pseudo-headers are exposed as fields.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";

export interface Exchange {
  readonly protocol: "h1" | "h2";
  readonly method: string;
  /** Request target as received: origin-form path, or absolute-form URI (HTTP/1.1 proxy requests). */
  readonly target: string;
  /** Host header or :authority ("" when missing). */
  readonly authority: string;
  readonly scheme: string;
  /** Regular headers only (no pseudo-headers). */
  readonly headers: IncomingHttpHeaders;
  /** Names and values as received, duplicates kept (for request-head validation). */
  readonly rawHeaders: readonly string[];
  readonly httpVersion: string;
  readonly remoteAddress: string;
  readonly body: Readable;
  /** False when the request certainly has no body (no framing, or END_STREAM on the headers). */
  readonly hasBody: boolean;
  /** Request trailers, once the body has ended (HTTP/2 or chunked HTTP/1.1). */
  trailers(): IncomingHttpHeaders | undefined;

  readonly headersSent: boolean;
  /** True once the client is gone or the response is complete. */
  readonly closed: boolean;
  /**
   * Sends the response head. `endStream` ends the response with it (no body, e.g. gRPC trailers-only);
   * `expectTrailers` keeps an HTTP/2 stream open for trailers after the body.
   */
  respond(
    status: number,
    headers: OutgoingHttpHeaders,
    options?: { endStream?: boolean; expectTrailers?: boolean },
  ): void;
  write(chunk: Buffer): boolean;
  /** Ends the response, with trailers when there are any. */
  end(trailers?: OutgoingHttpHeaders): void;
  onDrain(listener: () => void): void;
  /** Resets the stream (HTTP/2 RST_STREAM) or closes the connection (HTTP/1.1) mid-response. */
  abort(): void;
  /** Called once when the client goes away before the response completed. */
  onAbort(listener: () => void): void;
}

export function isGrpc(headers: IncomingHttpHeaders): boolean {
  const type = headers["content-type"];
  return typeof type === "string" && type.startsWith("application/grpc");
}
