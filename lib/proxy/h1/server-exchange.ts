/**
 * Exchange over one HTTP/1.1 request on the fast path: the head as the parser delivered it, the body as a
 * Readable (only when there is one), and the response written straight to the socket: head and first
 * bytes in one write, Content-Length as given, else chunked (HTTP/1.1) or close-delimited (HTTP/1.0).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { STATUS_CODES } from "node:http";
import { Readable } from "node:stream";
import type { Exchange } from "../dataplane/exchange";
import { headerLines, headersFromRaw, httpDate, saysClose } from "./header-fields";

/** What the exchange needs from its connection. */
export interface ExchangeConnection {
  readonly socket: {
    cork(): void;
    uncork(): void;
    write(chunk: string | Buffer, encoding?: BufferEncoding): boolean;
    once(event: "drain", listener: () => void): unknown;
    readonly destroyed: boolean;
  };
  readonly remoteAddress: string;
  /** "keep-alive: timeout=N" line for responses that keep the connection. */
  readonly keepAliveLine: string;
  /** The listener is draining: answer this request, then close. */
  readonly draining: boolean;
  responseDone(exchange: H1ServerExchange): void;
  /** The request body is being read again (after backpressure). */
  resumeBody(exchange: H1ServerExchange): void;
  /** The body reader is full: stop reading the socket. */
  pauseBody(exchange: H1ServerExchange): void;
  destroy(): void;
}

/** Fields the response head gets from the exchange itself. */
const skipOwnFields = (name: string) =>
  name === "connection" || name === "transfer-encoding" || name === "keep-alive";

const EMPTY_TRAILER = "0\r\n\r\n";

export class H1ServerExchange implements Exchange {
  readonly protocol = "h1";
  readonly scheme = "http";
  readonly headers: IncomingHttpHeaders;
  readonly authority: string;
  readonly hasBody: boolean;
  headersSent = false;
  /** The whole request (head and body) has been received. */
  requestComplete = false;
  /** The connection closes after this response (the client asked, HTTP/1.0, or a refusal). */
  closeAfter: boolean;
  private finished = false;
  private bodyStream: Readable | undefined;
  private rawTrailers: string[] | undefined;
  private pendingHead: string | undefined;
  private chunked = false;
  private noBody = false;
  private abortListener: (() => void) | undefined;

  constructor(
    private readonly connection: ExchangeConnection,
    readonly method: string,
    readonly target: string,
    readonly rawHeaders: readonly string[],
    readonly httpVersion: string,
    keepAlive: boolean,
  ) {
    const headers = headersFromRaw(rawHeaders);
    this.headers = headers;
    this.authority = headers.host ?? "";
    const length = headers["content-length"];
    this.hasBody = headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
    this.closeAfter = !keepAlive;
    if (this.hasBody) {
      this.bodyStream = new Readable({ read: () => connection.resumeBody(this) });
    }
  }

  get remoteAddress(): string {
    return this.connection.remoteAddress;
  }

  get body(): Readable {
    if (!this.bodyStream) {
      this.bodyStream = new Readable({ read: () => {} });
      this.bodyStream.push(null);
    }
    return this.bodyStream;
  }

  trailers(): IncomingHttpHeaders | undefined {
    return this.rawTrailers && this.rawTrailers.length > 0 ? headersFromRaw(this.rawTrailers) : undefined;
  }

  get closed(): boolean {
    return this.finished || this.connection.socket.destroyed;
  }

  respond(status: number, out: OutgoingHttpHeaders, options?: { endStream?: boolean }): void {
    if (this.headersSent || this.closed) return;
    this.headersSent = true;
    let close = this.closeAfter || this.connection.draining || saysClose(out.connection);
    this.noBody =
      this.method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200);
    let framing = "";
    if (options?.endStream) {
      if (!this.noBody && out["content-length"] === undefined) framing = "content-length: 0\r\n";
    } else if (!this.noBody && out["content-length"] === undefined) {
      if (this.httpVersion === "1.1") {
        this.chunked = true;
        framing = "transfer-encoding: chunked\r\n";
      } else close = true; // HTTP/1.0: the end of the connection ends the body
    }
    this.closeAfter = close;
    let lines: string;
    try {
      lines = headerLines(out, skipOwnFields);
    } catch {
      // A configured header value with CR/LF: nothing sane can be sent on this connection.
      this.connection.destroy();
      return;
    }
    const date = out.date === undefined ? `date: ${httpDate()}\r\n` : "";
    const connection = close ? "connection: close\r\n" : this.connection.keepAliveLine;
    this.pendingHead = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Unknown"}\r\n${lines}${framing}${date}${connection}\r\n`;
    if (options?.endStream) this.end();
  }

  write(chunk: Buffer): boolean {
    if (this.finished) return true;
    const socket = this.connection.socket;
    if (socket.destroyed) return true;
    const head = this.pendingHead;
    if (this.noBody || chunk.length === 0) {
      if (head === undefined) return true;
      this.pendingHead = undefined;
      return socket.write(head, "latin1");
    }
    this.pendingHead = undefined;
    const prefix = this.chunked ? `${head ?? ""}${chunk.length.toString(16)}\r\n` : head;
    if (prefix === undefined) return socket.write(chunk);
    const suffix = this.chunked ? "\r\n" : "";
    if (chunk.length <= COALESCE_BYTES) return socket.write(framed(prefix, chunk, suffix));
    socket.cork();
    socket.write(prefix, "latin1");
    let ok = socket.write(chunk);
    if (suffix !== "") ok = socket.write(suffix, "latin1");
    socket.uncork();
    return ok;
  }

  end(trailers?: OutgoingHttpHeaders): void {
    if (this.finished) return;
    const socket = this.connection.socket;
    if (!socket.destroyed) {
      let tail = this.pendingHead ?? "";
      this.pendingHead = undefined;
      if (this.chunked) {
        if (trailers && Object.keys(trailers).length > 0) {
          try {
            tail += `0\r\n${headerLines(trailers, () => false)}\r\n`;
          } catch {
            tail += EMPTY_TRAILER;
          }
        } else tail += EMPTY_TRAILER;
      }
      if (tail !== "") socket.write(tail, "latin1");
    }
    this.finished = true;
    this.connection.responseDone(this);
  }

  onDrain(listener: () => void): void {
    this.connection.socket.once("drain", listener);
  }

  abort(): void {
    this.connection.destroy();
  }

  onAbort(listener: () => void): void {
    this.abortListener = listener;
  }

  // From the connection.

  pushBody(chunk: Buffer): void {
    const stream = this.bodyStream;
    if (stream && !stream.push(chunk)) this.connection.pauseBody(this);
  }

  completeBody(rawTrailers: string[] | undefined): void {
    this.requestComplete = true;
    this.rawTrailers = rawTrailers;
    this.bodyStream?.push(null);
  }

  /** The response is done but the body is still coming: read and drop the rest. */
  dumpBody(): void {
    const stream = this.bodyStream;
    if (stream && stream.readableFlowing !== true) stream.resume();
  }

  /** The connection closed. */
  socketClosed(): void {
    if (!this.requestComplete) this.bodyStream?.destroy();
    if (this.finished) return;
    this.finished = true;
    this.abortListener?.();
  }
}

/**
 * Up to this size a body chunk is copied behind its head (and chunk framing) into one buffer: one write,
 * without the corked Writable's per-chunk bookkeeping and writev (~1.5 KB of garbage per response).
 */
const COALESCE_BYTES = 16 * 1024;

function framed(prefix: string, chunk: Buffer, suffix: string): Buffer {
  const out = Buffer.allocUnsafe(prefix.length + chunk.length + suffix.length);
  out.write(prefix, 0, "latin1");
  chunk.copy(out, prefix.length);
  if (suffix !== "") out.write(suffix, prefix.length + chunk.length, "latin1");
  return out;
}
