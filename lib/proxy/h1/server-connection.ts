/**
 * One downstream HTTP/1.1 connection on the fast path: llhttp parses the requests, each becomes an
 * H1ServerExchange handed to the router, and responses go out in request order (a pipelined request
 * waits, unread, until the one before it is answered). Parser errors get the same clear 4xx as on
 * node:http; an upgrade or CONNECT leaves the fast path (the socket goes to the upgrade handler).
 */
import type { IncomingHttpHeaders } from "node:http";
import { STATUS_CODES } from "node:http";
import type net from "node:net";
import type { Duplex } from "node:stream";
import type { ConnectionSettings } from "../dataplane/connection-settings";
import type { Exchange } from "../dataplane/exchange";
import { describeParserError, type ParserRejection, rawErrorResponse } from "../http/parser-errors";
import { headersFromRaw } from "./header-fields";
import { isParserError, type Llhttp, type NativeParser, type ParserError } from "./llhttp";
import { type ExchangeConnection, H1ServerExchange } from "./server-exchange";
import { readSocket, type SocketReader } from "./socket-reader";

/** The request head handed to the upgrade handler (the fields of IncomingMessage it reads). */
export interface UpgradeHead {
  readonly method?: string;
  readonly url?: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: string[];
  readonly httpVersion: string;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

export interface ServerConnectionOptions {
  readonly handle: (ex: Exchange) => void;
  readonly upgrade?: (head: UpgradeHead, socket: Duplex, rest: Buffer) => void;
  readonly maxHeaderBytes: number;
  readonly onParserError?: (code: string) => void;
  /** Forgets the connection (closed, or handed to the upgrade handler). */
  readonly release: (connection: H1ServerConnection) => void;
}

interface PendingUpgrade {
  readonly head: UpgradeHead;
  readonly rest: Buffer;
}

export class H1ServerConnection implements ExchangeConnection {
  readonly remoteAddress: string;
  readonly keepAliveLine: string;
  draining = false;
  /** Clock reading (listener's sweep clock) when the current head started; -1 when none is due. */
  headSince = -1;
  /** Clock reading when the connection last became idle. */
  idleSince: number;
  private readonly openedAt: number;
  private requests = 0;
  private readonly parser: NativeParser;
  private readonly reader: SocketReader;
  private active: H1ServerExchange | undefined;
  private readonly queue: H1ServerExchange[] = [];
  private reading: H1ServerExchange | undefined;
  private pairs: string[] = [];
  private url = "";
  private upgrade: PendingUpgrade | undefined;
  private failure: ParserRejection | undefined;
  private detached = false;

  constructor(
    readonly socket: net.Socket,
    private readonly binding: Llhttp,
    private readonly options: ServerConnectionOptions,
    private readonly clock: { now: number },
    private readonly settings: ConnectionSettings,
  ) {
    this.remoteAddress = socket.remoteAddress ?? "";
    this.idleSince = clock.now;
    this.openedAt = clock.now;
    // As node:http words it; an idle timeout of 0 (none) promises nothing.
    const seconds = Math.floor(settings.idleTimeoutMs / 1000);
    this.keepAliveLine =
      settings.idleTimeoutMs > 0
        ? `connection: keep-alive\r\nkeep-alive: timeout=${seconds}\r\n`
        : "connection: keep-alive\r\n";
    const P = binding.Parser;
    const parser = binding.parsers.take(P.REQUEST, options.maxHeaderBytes);
    parser[P.kOnMessageBegin] = () => {
      this.headSince = this.clock.now;
    };
    parser[P.kOnHeaders] = (pairs: string[], url: string) => {
      for (const item of pairs) this.pairs.push(item);
      this.url += url;
    };
    parser[P.kOnHeadersComplete] = (
      major: number,
      minor: number,
      headers: string[] | undefined,
      method: number,
      url: string | undefined,
      _status: unknown,
      _text: unknown,
      upgrade: boolean,
      keepAlive: boolean,
    ) => this.onHead(major, minor, headers, method, url, upgrade, keepAlive);
    parser[P.kOnBody] = (chunk: Buffer) => this.reading?.pushBody(chunk);
    parser[P.kOnMessageComplete] = () => this.onMessageComplete();
    parser[P.kOnExecute] = (result: number | ParserError) =>
      this.afterExecute(result, () => parser.getCurrentBuffer());
    this.parser = parser;
    this.reader = readSocket(socket, parser);
    // Also when the parser reads the socket: a flowing stream is what emits 'end'.
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("close", this.onClose);
  }

  /** Parses bytes already read from the socket (the protocol sniffer's). */
  start(first: Buffer): void {
    if (first.length > 0) this.onData(first);
  }

  get busy(): boolean {
    return this.active !== undefined || this.queue.length > 0 || this.reading !== undefined;
  }

  /**
   * Listener sweep: the head took too long (408), a keep-alive connection idled out, or the connection
   * reached its maximum age (it drains: closes now if idle, else after the current response).
   */
  checkTimeouts(now: number): void {
    if (this.detached) return;
    const { headersTimeoutMs, idleTimeoutMs, maxConnectionDurationMs } = this.settings;
    if (this.headSince >= 0 && now - this.headSince > headersTimeoutMs) {
      this.headSince = -1;
      this.options.onParserError?.("ERR_HTTP_REQUEST_TIMEOUT");
      this.refuse(describeParserError("ERR_HTTP_REQUEST_TIMEOUT", "headers timeout"));
      return;
    }
    if (maxConnectionDurationMs > 0 && now - this.openedAt > maxConnectionDurationMs) {
      this.closeIfIdle();
      return;
    }
    if (idleTimeoutMs > 0 && !this.busy && this.headSince < 0 && now - this.idleSince > idleTimeoutMs)
      this.destroy();
  }

  /** Draining listener: idle connections close now, busy ones after their current response. */
  closeIfIdle(): void {
    this.draining = true;
    if (!this.busy && this.headSince < 0) this.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  responseDone(exchange: H1ServerExchange): void {
    if (exchange !== this.active) return;
    this.active = undefined;
    if (exchange.closeAfter) {
      this.close();
      return;
    }
    if (!exchange.requestComplete) exchange.dumpBody();
    const next = this.queue.shift();
    if (next) {
      this.active = next;
      if (this.queue.length === 0 && !this.upgrade && !this.failure) this.reader.resume();
      // Not synchronously: a long pipeline of local replies would otherwise recurse.
      process.nextTick(() => this.dispatch(next));
      return;
    }
    this.idleSince = this.clock.now;
    if (this.upgrade) this.handOver(this.upgrade);
    else if (this.failure) this.refuse(this.failure);
    else if (this.draining) this.close();
    else this.reader.resume();
  }

  resumeBody(exchange: H1ServerExchange): void {
    if (exchange === this.reading && this.queue.length === 0) this.reader.resume();
  }

  pauseBody(exchange: H1ServerExchange): void {
    if (exchange === this.reading) this.reader.pause();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.detached || this.failure) return;
    const waiting = this.upgrade;
    if (waiting) {
      // Bytes of the upgraded protocol that arrived before the hand-over.
      this.upgrade = { head: waiting.head, rest: Buffer.concat([waiting.rest, chunk]) };
      return;
    }
    this.afterExecute(this.parser.execute(chunk), () => chunk);
  };

  /** After the parser has taken a read: refusals, and the upgraded protocol's first bytes. */
  private afterExecute(result: number | ParserError, current: () => Buffer): void {
    if (this.detached) return;
    if (isParserError(result)) {
      this.options.onParserError?.(result.code);
      this.refuse(describeParserError(result.code, `${result.message}: ${result.reason ?? ""}`));
      return;
    }
    const upgrade = this.upgrade;
    // Only for the read that carried the upgrade's head: reading stops there, so no later read is its.
    if (upgrade && upgrade.rest.length === 0) {
      const chunk = current();
      const ready = result < chunk.length ? { head: upgrade.head, rest: chunk.subarray(result) } : upgrade;
      this.upgrade = ready;
      if (!this.active) this.handOver(ready);
    } else if (this.failure) this.refuse(this.failure);
  }

  /** Like node:http (httpAllowHalfOpen off): a client that ends its side abandons its requests. */
  private readonly onEnd = (): void => {
    if (!this.detached) this.socket.destroy();
  };

  private readonly onClose = (): void => {
    if (this.detached) return;
    this.detached = true;
    const exchanges = [this.active, this.reading, ...this.queue];
    this.active = undefined;
    this.reading = undefined;
    this.queue.length = 0;
    for (const exchange of exchanges) exchange?.socketClosed();
    this.releaseParser();
    this.options.release(this);
  };

  private onHead(
    major: number,
    minor: number,
    headers: string[] | undefined,
    methodIndex: number,
    url: string | undefined,
    upgrade: boolean,
    keepAlive: boolean,
  ): number {
    this.headSince = -1;
    let raw = headers;
    if (raw === undefined) {
      raw = this.pairs;
      this.pairs = [];
    }
    const target = url ?? this.url;
    this.url = "";
    const method = this.binding.methods[methodIndex] ?? "GET";
    const version = `${major}.${minor}`;
    if (upgrade && method !== "CONNECT") {
      // The rest of the bytes belong to the upgraded protocol; onData hands them over.
      this.upgrade = {
        head: {
          method,
          url: target,
          headers: headersFromRaw(raw),
          rawHeaders: raw,
          httpVersion: version,
          socket: { remoteAddress: this.remoteAddress },
        },
        rest: Buffer.alloc(0),
      };
      this.reader.pause();
      return 0;
    }
    if (upgrade) {
      // CONNECT (tunnels) is not supported; whatever follows it is not HTTP. Refused after llhttp returns.
      this.failure = { status: 501, message: "CONNECT is not supported" };
      this.reader.pause();
      return 0;
    }
    const exchange = new H1ServerExchange(this, method, target, raw, version, keepAlive);
    this.requests += 1;
    // The connection's last request: its response says "connection: close" (max_requests_per_connection).
    const limit = this.settings.maxRequestsPerConnection;
    if (limit > 0 && this.requests >= limit) exchange.closeAfter = true;
    this.reading = exchange;
    if (this.active) {
      this.queue.push(exchange);
      this.reader.pause();
    } else {
      this.active = exchange;
      this.dispatch(exchange);
    }
    return 0;
  }

  private onMessageComplete(): void {
    const exchange = this.reading;
    if (!exchange) return;
    this.reading = undefined;
    const trailers = this.pairs.length > 0 ? this.pairs : undefined;
    this.pairs = [];
    exchange.completeBody(trailers);
  }

  private dispatch(exchange: H1ServerExchange): void {
    if (exchange.closed) return;
    if (exchange.httpVersion === "1.1" && exchange.headers.expect === "100-continue")
      this.socket.write("HTTP/1.1 100 Continue\r\n\r\n", "latin1");
    this.options.handle(exchange);
  }

  /** Answers a refusal straight on the socket (after any response in progress) and closes. */
  private refuse(rejection: ParserRejection): void {
    this.failure = rejection;
    this.reader.pause();
    if (this.active) return;
    this.detached = true;
    this.releaseParser();
    this.options.release(this);
    for (const exchange of [this.reading, ...this.queue]) exchange?.socketClosed();
    if (this.socket.writable) {
      this.socket.end(rawErrorResponse(rejection, STATUS_CODES[rejection.status] ?? "Error"));
      this.socket.destroySoon();
    } else this.socket.destroy();
  }

  /** The parser is done with this connection (it keeps no reference to it afterwards). */
  private releaseParser(): void {
    this.reader.release();
    this.binding.parsers.give(this.parser);
  }

  private close(): void {
    this.socket.end();
    this.socket.destroySoon();
  }

  /** The upgrade handler takes the socket from here (after any response in progress). */
  private handOver(pending: PendingUpgrade): void {
    this.upgrade = undefined;
    this.detached = true;
    this.socket.off("data", this.onData);
    this.socket.off("end", this.onEnd);
    this.socket.off("close", this.onClose);
    this.releaseParser();
    this.options.release(this);
    if (!this.options.upgrade) {
      this.socket.destroy();
      return;
    }
    this.options.upgrade(pending.head, this.socket, pending.rest);
    this.reader.resume();
  }
}
