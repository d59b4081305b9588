/**
 * One port that speaks HTTP/1.1 and cleartext HTTP/2 with prior knowledge: the first bytes of each
 * connection decide (the HTTP/2 connection preface starts "PRI * HTTP/2.0"), then the connection goes to
 * the HTTP/1.1 fast path (lib/proxy/h1: llhttp without node:http's objects) or, when that is unavailable,
 * to a node:http server; HTTP/2 to a node:http2 server. HTTP/1.1 parser errors (smuggling attempts,
 * oversized heads, slow headers) are answered with a clear 4xx and only that connection is closed.
 */
import http, { STATUS_CODES } from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { Duplex } from "node:stream";
import { llhttp } from "../h1/llhttp";
import { H1ServerConnection, type UpgradeHead } from "../h1/server-connection";
import { describeParserError, rawErrorResponse } from "../http/parser-errors";
import type { ConnectionSettings } from "./connection-settings";
import type { Exchange } from "./exchange";
import { H1Exchange } from "./exchange-h1";
import { h2Exchange } from "./exchange-h2";

export interface HttpListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly handle: (ex: Exchange) => void;
  readonly upgrade?: (req: UpgradeHead, socket: Duplex, head: Buffer) => void;
  /** The defaults; node:http (the fallback when the fast path is unavailable) only knows these. */
  readonly headersTimeoutMs: number;
  readonly maxHeaderBytes: number;
  readonly keepAliveTimeoutMs: number;
  /** Settings for each new connection, read when it is accepted (e.g. from the control plane's listener). */
  readonly connectionSettings?: () => ConnectionSettings;
  readonly onParserError?: (code: string) => void;
}

export interface HttpListener {
  readonly host: string;
  readonly port: number;
  /**
   * Stops accepting connections, closes idle ones (HTTP/2 sessions get GOAWAY) and waits up to
   * `drainMs` for requests in flight before cutting what is left.
   */
  close(drainMs?: number): Promise<void>;
}

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

export async function listenHttp(options: HttpListenerOptions): Promise<HttpListener> {
  const h1 = http.createServer(
    {
      maxHeaderSize: options.maxHeaderBytes,
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: 0,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(options.headersTimeoutMs / 4))),
      noDelay: true,
      // The proxy checks Host itself, so the answer carries x-weft-reason like every other refusal.
      requireHostHeader: false,
    },
    (req, res) => options.handle(new H1Exchange(req, res)),
  );
  h1.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    options.onParserError?.(error.code ?? "unknown");
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const rejection = describeParserError(error.code, error.message);
    socket.end(rawErrorResponse(rejection, STATUS_CODES[rejection.status] ?? "Error"));
  });
  if (options.upgrade) h1.on("upgrade", options.upgrade);
  // Connections reach this server through the sniffing socket below, so it never listens itself; Node
  // starts its headers-timeout checks on "listening", hence the event.
  h1.emit("listening");
  const h2 = http2.createServer({
    maxSessionMemory: 64,
    settings: { maxHeaderListSize: options.maxHeaderBytes, maxConcurrentStreams: 1_000 },
  });
  h2.on(
    "stream",
    (
      stream: http2.ServerHttp2Stream,
      headers: http2.IncomingHttpHeaders,
      _flags: number,
      rawHeaders: string[],
    ) => {
      options.handle(h2Exchange(stream, headers, rawHeaders ?? []));
    },
  );
  h2.on("sessionError", () => {});
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on("session", (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on("error", () => {});
    const stopLimits = limitSession(session, settingsFor());
    session.once("close", () => {
      sessions.delete(session);
      stopLimits();
    });
  });
  h2.setTimeout(0);

  const defaults: ConnectionSettings = {
    headersTimeoutMs: options.headersTimeoutMs,
    idleTimeoutMs: options.keepAliveTimeoutMs,
    maxRequestsPerConnection: 0,
    maxConnectionDurationMs: 0,
  };
  const settingsFor = () => options.connectionSettings?.() ?? defaults;
  const fast = startFastPath(options, defaults);
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const settings = settingsFor();
    sniff(socket, settings.headersTimeoutMs, (seen, isH2) => {
      if (isH2) return handOver(socket, seen, h2);
      if (fast) return fast.accept(socket, seen, settings);
      handOver(socket, seen, h1);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    host: address.address,
    port: address.port,
    close: async (drainMs = 0) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.close();
      const deadline = Date.now() + drainMs;
      while (sockets.size > 0 && Date.now() < deadline) {
        h1.closeIdleConnections();
        fast?.closeIdle();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      fast?.stop();
      h1.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Waits for enough bytes to tell the HTTP/2 preface from an HTTP/1.1 request line. */
function sniff(socket: net.Socket, timeoutMs: number, decided: (seen: Buffer, isH2: boolean) => void): void {
  let seen: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  const onData = (chunk: Buffer) => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, PREFACE.length);
    const prefaceSoFar = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
    if (prefaceSoFar && n < PREFACE.length) return; // could still be HTTP/2: wait for more
    clearTimeout(timer);
    socket.off("data", onData);
    decided(seen, prefaceSoFar);
  };
  socket.on("data", onData);
}

/** Gives the connection, with the bytes already read, to a node:http or node:http2 server. */
function handOver(socket: net.Socket, seen: Buffer, server: http.Server | http2.Http2Server): void {
  socket.pause();
  socket.unshift(seen);
  server.emit("connection", socket);
  process.nextTick(() => socket.resume());
}

/**
 * An HTTP/2 session's share of the connection settings: GOAWAY (a graceful close: streams in flight
 * finish) once idle, once old, or after its last allowed stream. Returns what stops the timers.
 */
function limitSession(session: http2.ServerHttp2Session, settings: ConnectionSettings): () => void {
  if (settings.idleTimeoutMs > 0) session.setTimeout(settings.idleTimeoutMs, () => session.close());
  const age =
    settings.maxConnectionDurationMs > 0
      ? setTimeout(() => session.close(), settings.maxConnectionDurationMs).unref()
      : undefined;
  if (settings.maxRequestsPerConnection > 0) {
    let streams = 0;
    session.on("stream", () => {
      streams += 1;
      if (streams >= settings.maxRequestsPerConnection && !session.closed) session.close();
    });
  }
  return () => clearTimeout(age);
}

interface FastPath {
  accept(socket: net.Socket, seen: Buffer, settings: ConnectionSettings): void;
  closeIdle(): void;
  stop(): void;
}

/**
 * HTTP/1.1 connections on the fast path, with one sweep for all of them that enforces the headers timeout
 * (408) and closes keep-alive connections idle for too long, as node:http's connection checks do.
 */
function startFastPath(options: HttpListenerOptions, defaults: ConnectionSettings): FastPath | undefined {
  const binding = llhttp;
  if (!binding) return undefined;
  const connections = new Set<H1ServerConnection>();
  const clock = { now: performance.now() };
  const startSweep = (ms: number) => {
    const timer = setInterval(() => {
      clock.now = performance.now();
      for (const connection of connections) connection.checkTimeouts(clock.now);
    }, ms);
    timer.unref();
    return timer;
  };
  // A quarter of the shortest limit a connection has had, within [100 ms, 1 s].
  const intervalFor = (settings: ConnectionSettings) => {
    const limits = [settings.headersTimeoutMs, settings.idleTimeoutMs, settings.maxConnectionDurationMs];
    const shortest = Math.min(...limits.filter((ms) => ms > 0));
    return Math.max(100, Math.min(1_000, Math.floor(shortest / 4)));
  };
  let interval = intervalFor(defaults);
  let sweep = startSweep(interval);
  const connectionOptions = {
    handle: options.handle,
    ...(options.upgrade && { upgrade: options.upgrade }),
    maxHeaderBytes: options.maxHeaderBytes,
    ...(options.onParserError && { onParserError: options.onParserError }),
    release: (connection: H1ServerConnection) => connections.delete(connection),
  };
  return {
    accept(socket, seen, settings) {
      const wanted = intervalFor(settings);
      if (wanted < interval) {
        clearInterval(sweep);
        interval = wanted;
        sweep = startSweep(interval);
      }
      const connection = new H1ServerConnection(socket, binding, connectionOptions, clock, settings);
      connections.add(connection);
      connection.start(seen);
    },
    closeIdle() {
      for (const connection of connections) connection.closeIfIdle();
    },
    stop() {
      clearInterval(sweep);
    },
  };
}
