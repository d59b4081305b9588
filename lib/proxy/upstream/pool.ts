/**
 * Upstream connections of one cluster: keep-alive HTTP/1.1 connections (its total capped by the circuit
 * breaker's max_connections) and one multiplexed HTTP/2 session per endpoint, each retired after the
 * cluster's max_requests_per_connection. HTTP/1.1 goes over the fast path's own pool (lib/proxy/h1); the
 * node:http agent is the fallback when the parser binding is missing.
 */
import http from "node:http";
import http2 from "node:http2";
import type { Socket } from "node:net";
import type { ClusterConfig } from "../config/cluster-model";
import { H1ClientPool } from "../h1/client-pool";
import { llhttp } from "../h1/llhttp";

export interface PoolLimits {
  /** HTTP/1.1 connections in total (the circuit breaker's max_connections). */
  readonly maxConnections: number;
  /** Requests a connection or HTTP/2 session carries before it is retired; 0 for no limit. */
  readonly maxRequestsPerConnection: number;
}

export function poolLimits(config: ClusterConfig): PoolLimits {
  return {
    maxConnections: config.circuitBreakers.maxConnections,
    maxRequestsPerConnection: config.maxRequestsPerConnection ?? 0,
  };
}

/** node:http's agent, which keeps a socket for reuse only while it has carried fewer than the limit. */
class LimitedAgent extends http.Agent {
  maxRequestsPerSocket = 0;
  private readonly served = new WeakMap<Socket, number>();

  override keepSocketAlive(socket: Socket): boolean {
    const served = (this.served.get(socket) ?? 0) + 1;
    this.served.set(socket, served);
    if (this.maxRequestsPerSocket > 0 && served >= this.maxRequestsPerSocket) return false;
    // Node's own returns true after setting TCP keep-alive (its typings say void).
    return (super.keepSocketAlive(socket) as unknown) !== false;
  }
}

export class UpstreamPool {
  /** The fast path's HTTP/1.1 connections; undefined when node:http's agent is used instead. */
  readonly fastH1: H1ClientPool | undefined;
  private agentInstance: LimitedAgent | undefined;
  private maxConnections: number;
  private maxRequests: number;
  private readonly sessions = new Map<string, http2.ClientHttp2Session>();
  /** Streams opened on each HTTP/2 session. */
  private readonly streamsOpened = new WeakMap<http2.ClientHttp2Session, number>();
  private closed = false;

  constructor(limits: PoolLimits) {
    this.maxConnections = Math.max(1, limits.maxConnections);
    this.maxRequests = Math.max(0, limits.maxRequestsPerConnection);
    this.fastH1 = llhttp ? new H1ClientPool(llhttp, this.maxConnections, http.maxHeaderSize) : undefined;
    this.fastH1?.setMaxRequestsPerConnection(this.maxRequests);
  }

  /** node:http's keep-alive agent (fallback path), created on first use. */
  get agent(): http.Agent {
    if (!this.agentInstance) {
      this.agentInstance = new LimitedAgent({
        keepAlive: true,
        keepAliveMsecs: 1_000,
        maxTotalSockets: this.maxConnections,
        maxFreeSockets: 256,
        scheduling: "lifo",
      });
      this.agentInstance.maxRequestsPerSocket = this.maxRequests;
    }
    return this.agentInstance;
  }

  setLimits(limits: PoolLimits): void {
    this.maxConnections = Math.max(1, limits.maxConnections);
    this.maxRequests = Math.max(0, limits.maxRequestsPerConnection);
    this.fastH1?.setMaxConnections(this.maxConnections);
    this.fastH1?.setMaxRequestsPerConnection(this.maxRequests);
    if (this.agentInstance) {
      this.agentInstance.maxTotalSockets = this.maxConnections;
      this.agentInstance.maxRequestsPerSocket = this.maxRequests;
    }
  }

  /** Sockets in use or idle, for stats. */
  connectionCount(): number {
    let n = this.sessions.size + (this.fastH1?.size ?? 0);
    if (!this.agentInstance) return n;
    for (const list of Object.values(this.agent.sockets)) n += list?.length ?? 0;
    for (const list of Object.values(this.agent.freeSockets)) n += list?.length ?? 0;
    return n;
  }

  /**
   * The HTTP/2 session for one more stream to an endpoint: opened on first use, replaced once it closes or
   * goes away, and retired once it has carried the cluster's limit of streams (closed gracefully after the
   * caller's stream is open, so that stream and the ones before it finish).
   */
  session(address: string, port: number, connectTimeoutMs: number): http2.ClientHttp2Session {
    const key = `${address}:${port}`;
    const existing = this.sessions.get(key);
    const session =
      existing && !existing.closed && !existing.destroyed
        ? existing
        : this.open(key, address, port, connectTimeoutMs);
    const opened = (this.streamsOpened.get(session) ?? 0) + 1;
    this.streamsOpened.set(session, opened);
    if (this.maxRequests > 0 && opened >= this.maxRequests) {
      this.sessions.delete(key);
      // After the caller's stream is submitted (a close in the same tick would have it refused).
      setImmediate(() => session.close());
    }
    return session;
  }

  private open(
    key: string,
    address: string,
    port: number,
    connectTimeoutMs: number,
  ): http2.ClientHttp2Session {
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
