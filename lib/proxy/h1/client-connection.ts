/**
 * One upstream HTTP/1.1 connection: a raw socket and a response parser, carrying one request at a time
 * for whichever attempt holds it. It reports the response head, body chunks, the end (with trailers) or
 * why it failed, and tells its pool when it can carry the next request.
 */
import net from "node:net";
import { keepAliveTimeoutMs } from "./header-fields";
import { isParserError, type Llhttp, type NativeParser, type ParserError } from "./llhttp";
import { readSocket, type SocketReader } from "./socket-reader";

export type ConnectionFailure = "connect_failure" | "reset" | "protocol_error";

/** The attempt currently using the connection. */
export interface ResponseHandler {
  onHead(status: number, rawHeaders: string[]): void;
  onBody(chunk: Buffer): void;
  onComplete(rawTrailers: string[] | undefined): void;
  onFailure(kind: ConnectionFailure, message: string): void;
}

export interface ConnectionOwner {
  /** The response is complete and the connection can carry another request. */
  reusable(connection: H1ClientConnection): void;
  /** The connection is closed (or closing) and no longer counts. */
  gone(connection: H1ClientConnection): void;
}

export interface ConnectTarget {
  readonly key: string;
  readonly address: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
}

/** Node's informational statuses other than 101 come before the real response. */
const isInformational = (status: number) => status >= 100 && status < 200 && status !== 101;

export class H1ClientConnection {
  readonly key: string;
  handler: ResponseHandler | undefined;
  /** Requests sent on this connection so far (a reused one may have been closed by the peer). */
  requests = 0;
  /** Response bytes seen for the current request. */
  responseBytes = 0;
  /** The current request's body is fully written. */
  requestEnded = false;
  /** The current request is HEAD: its response has no body. */
  skipBody = false;
  /** performance.now() after which an idle connection is not reused (the server's keep-alive hint). */
  idleDeadline = Number.POSITIVE_INFINITY;
  /** performance.now() when the connection last went back to its pool's idle list. */
  idleSince = 0;
  connected = false;
  private finished = false;
  private keepAlive = true;
  private informational = false;
  /** Reading was paused for the current body's backpressure; the next request needs it back. */
  private paused = false;
  private pairs: string[] = [];
  private lastError: NodeJS.ErrnoException | undefined;
  private readonly socket: net.Socket;
  private readonly parser: NativeParser;
  private readonly reader: SocketReader;
  private readonly connectTimer: NodeJS.Timeout;

  constructor(
    target: ConnectTarget,
    private readonly owner: ConnectionOwner,
    private readonly binding: Llhttp,
    maxHeaderSize: number,
  ) {
    this.key = target.key;
    const parser = binding.parsers.take(binding.Parser.RESPONSE, maxHeaderSize);
    const P = binding.Parser;
    parser[P.kOnMessageBegin] = () => {
      // Bytes nobody asked for on an idle connection: it cannot be trusted any more.
      if (!this.handler) this.destroy();
    };
    parser[P.kOnHeaders] = (pairs: string[]) => {
      for (const item of pairs) this.pairs.push(item);
    };
    parser[P.kOnHeadersComplete] = (
      _major: number,
      _minor: number,
      headers: string[] | undefined,
      _method: unknown,
      _url: unknown,
      status: number,
      _text: unknown,
      _upgrade: boolean,
      keepAlive: boolean,
    ) => this.onHeadersComplete(headers, status, keepAlive);
    parser[P.kOnBody] = (chunk: Buffer) => this.handler?.onBody(chunk);
    parser[P.kOnMessageComplete] = () => this.onMessageComplete();
    parser[P.kOnExecute] = (result: number | ParserError) => this.afterExecute(result);
    this.parser = parser;
    const socket = net.connect({ host: target.address, port: target.port, noDelay: true });
    this.socket = socket;
    this.reader = readSocket(socket, parser);
    this.connectTimer = setTimeout(() => {
      this.lastError = Object.assign(new Error(`connect timeout after ${target.connectTimeoutMs} ms`), {
        code: "ECONNECTTIMEOUT",
      });
      socket.destroy();
    }, target.connectTimeoutMs);
    socket.once("connect", () => {
      this.connected = true;
      clearTimeout(this.connectTimer);
      socket.setKeepAlive(true, 1_000);
    });
    // Also when the parser reads the socket: a flowing stream is what emits 'end'.
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("end", () => this.onEnd());
    socket.on("error", (error: NodeJS.ErrnoException) => {
      this.lastError ??= error;
    });
    socket.on("close", () => this.onClose());
  }

  /**
   * Starts a request. With `bodyFollows`, the head and the body bytes written in this tick leave in one
   * write.
   */
  begin(handler: ResponseHandler, head: string, skipBody: boolean, bodyFollows: boolean): void {
    this.handler = handler;
    this.requests += 1;
    this.responseBytes = 0;
    this.requestEnded = false;
    this.skipBody = skipBody;
    this.lastError = undefined;
    const socket = this.socket;
    if (bodyFollows) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    socket.write(head, "latin1");
  }

  write(chunk: Buffer | string): boolean {
    return this.finished ? true : this.socket.write(chunk);
  }

  /** One chunk of a chunked body, its size line and CRLF in one write. */
  writeChunk(chunk: Buffer): boolean {
    if (this.finished) return true;
    const socket = this.socket;
    socket.cork();
    socket.write(`${chunk.length.toString(16)}\r\n`, "latin1");
    socket.write(chunk);
    const ok = socket.write("\r\n", "latin1");
    socket.uncork();
    return ok;
  }

  onceDrain(listener: () => void): void {
    this.socket.once("drain", listener);
  }

  pause(): void {
    this.paused = true;
    this.reader.pause();
  }

  resume(): void {
    this.paused = false;
    this.reader.resume();
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Closes the connection; the current handler (if any) is not told. */
  destroy(): void {
    this.handler = undefined;
    this.markGone();
    this.socket.destroy();
  }

  /** Reads that reach the stream (when the parser cannot read the socket itself). */
  private onData(chunk: Buffer): void {
    this.afterExecute(this.parser.execute(chunk));
  }

  /** After the parser has taken a read (from onData, or from the socket itself when it consumes it). */
  private afterExecute(result: number | ParserError): void {
    if (!isParserError(result)) {
      this.responseBytes += result;
      return;
    }
    this.responseBytes += result.bytesParsed ?? 0;
    if (!this.finished) this.fail("protocol_error", `${result.code}: ${result.reason ?? result.message}`);
  }

  private onHeadersComplete(headers: string[] | undefined, status: number, keepAlive: boolean): number {
    let raw = headers;
    if (raw === undefined) {
      raw = this.pairs;
      this.pairs = [];
    }
    if (isInformational(status)) {
      this.informational = true;
      return 0;
    }
    if (status === 101) {
      this.fail("protocol_error", "unexpected 101 Switching Protocols");
      return 1;
    }
    this.keepAlive = keepAlive;
    const hint = keepAliveTimeoutMs(headersFromRawKeepAlive(raw));
    if (hint !== undefined) this.idleDeadline = performance.now() + Math.max(0, hint - 1_000);
    this.handler?.onHead(status, raw);
    return this.skipBody ? 1 : 0;
  }

  private onMessageComplete(): void {
    if (this.finished) return;
    if (this.informational) {
      this.informational = false;
      return;
    }
    const trailers = this.pairs.length > 0 ? this.pairs : undefined;
    this.pairs = [];
    const handler = this.handler;
    this.handler = undefined;
    handler?.onComplete(trailers);
    if (this.paused) this.resume();
    if (this.keepAlive && this.requestEnded && !this.finished) this.owner.reusable(this);
    else this.destroy();
  }

  private onEnd(): void {
    if (this.handler) {
      // A close-delimited body ends here; anything else cut short is a reset.
      const result = this.parser.finish();
      if (isParserError(result) || this.handler) this.fail("reset", "upstream closed the connection");
    }
    this.destroy();
  }

  private onClose(): void {
    clearTimeout(this.connectTimer);
    const handler = this.handler;
    this.handler = undefined;
    this.markGone();
    if (handler) {
      const error = this.lastError;
      const message = error ? describe(error) : "socket hang up";
      handler.onFailure(this.connected ? "reset" : "connect_failure", message);
    }
    this.reader.release();
    this.binding.parsers.give(this.parser);
  }

  /** Closes the connection and tells the current handler (if any) why. */
  fail(kind: ConnectionFailure, message: string): void {
    const handler = this.handler;
    this.destroy();
    handler?.onFailure(kind, message);
  }

  private markGone(): void {
    if (this.finished) return;
    this.finished = true;
    this.owner.gone(this);
  }
}

function describe(error: NodeJS.ErrnoException): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

/** The Keep-Alive field of a raw header list, without building the whole object. */
function headersFromRawKeepAlive(raw: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 10 && name.toLowerCase() === "keep-alive") return raw[i + 1];
  }
  return undefined;
}
