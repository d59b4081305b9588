/**
 * Upstream connections of one cluster: keep-alive HTTP/1.1 connections (its total capped by the circuit
 * breaker's max_connections) and one multiplexed HTTP/2 session per endpoint. HTTP/1.1 goes over the
 * fast path's own pool (lib/proxy/h1); the node:http agent is the fallback when the parser binding is
 * missing.
 */
import http from "node:http";
import http2 from "node:http2";
import { H1ClientPool } from "../h1/client-pool";
import { llhttp } from "../h1/llhttp";

export class UpstreamPool {
  /** The fast path's HTTP/1.1 connections; undefined when node:http's agent is used instead. */
  readonly fastH1: H1ClientPool | undefined;
  private agentInstance: http.Agent | undefined;
  private maxConnections: number;
  private readonly sessions = new Map<string, http2.ClientHttp2Session>();
  private closed = false;

  constructor(maxConnections: number) {
    this.maxConnections = Math.max(1, maxConnections);
    this.fastH1 = llhttp ? new H1ClientPool(llhttp, this.maxConnections, http.maxHeaderSize) : undefined;
  }

  /** node:http's keep-alive agent (fallback path), created on first use. */
  get agent(): http.Agent {
    this.agentInstance ??= new http.Agent({
      keepAlive: true,
      keepAliveMsecs: 1_000,
      maxTotalSockets: this.maxConnections,
      maxFreeSockets: 256,
      scheduling: "lifo",
    });
    return this.agentInstance;
  }

  setMaxConnections(maxConnections: number): void {
    this.maxConnections = Math.max(1, maxConnections);
    this.fastH1?.setMaxConnections(this.maxConnections);
    if (this.agentInstance) this.agentInstance.maxTotalSockets = this.maxConnections;
  }

  /** Sockets in use or idle, for stats. */
  connectionCount(): number {
    let n = this.sessions.size + (this.fastH1?.size ?? 0);
    if (!this.agentInstance) return n;
    for (const list of Object.values(this.agent.sockets)) n += list?.length ?? 0;
    for (const list of Object.values(this.agent.freeSockets)) n += list?.length ?? 0;
    return n;
  }

  /** The HTTP/2 session to an endpoint, opened on first use and replaced once it closes or goes away. */
  session(address: string, port: number, connectTimeoutMs: number): http2.ClientHttp2Session {
    const key = `${address}:${port}`;
    const existing = this.sessions.get(key);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const host = address.includes(":") ? `[${address}]` : address;
    const session = http2.connect(`http://${host}:${port}`, { peerMaxConcurrentStreams: 1000 });
    const timer = setTimeout(() => {
      if (session.connecting) {
        const error = Object.assign(new Error(`connect timeout after ${connectTimeoutMs} ms`), {
          code: "ECONNECTTIMEOUT",
        });
        session.destroy(error);
      }
    }, connectTimeoutMs);
    timer.unref();
    session.once("connect", () => clearTimeout(timer));
    const forget = () => {
      clearTimeout(timer);
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    };
    session.on("error", forget);
    session.on("close", forget);
    session.on("goaway", forget);
    // An idle multiplexed session should not keep the process alive.
    session.unref();
    this.sessions.set(key, session);
    if (this.closed) session.close();
    return session;
  }

  close(): void {
    this.closed = true;
    this.fastH1?.close();
    this.agentInstance?.destroy();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }
}
