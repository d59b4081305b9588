/**
 * Upstream connections of one cluster: keep-alive HTTP/1.1 connections (its total capped by the circuit
 * breaker's max_connections) and one multiplexed HTTP/2 session per endpoint, each retired after the
 * cluster's max_requests_per_connection, closed after its idle_timeout without requests, and closed when
 * its endpoint leaves the cluster. HTTP/1.1 goes over
 * the fast path's own pool (lib/proxy/h1); the node:http agent is the fallback when the parser binding is
 * missing.
 */
import http, { type ClientRequestArgs } from "node:http";
import http2 from "node:http2";
import type net from "node:net";
import type { Duplex } from "node:stream";
import type { ClusterConfig } from "../config/cluster-model";
import { H1ClientPool } from "../h1/client-pool";
import { llhttp } from "../h1/llhttp";
import { timerLimitMs } from "../resilience/stream-timeout";
import { endpointKey, httpOrigin } from "./endpoint-key";
import { SessionIdleTimers } from "./session-idle";

export interface PoolLimits {
  /** HTTP/1.1 connections in total (the circuit breaker's max_connections). */
  readonly maxConnections: number;
  /** Requests a connection or HTTP/2 session carries before it is retired; 0 for no limit. */
  readonly maxRequestsPerConnection: number;
  /** A connection or session without requests for this long is closed; 0 for never. */
  readonly idleTimeoutMs: number;
}

/** Envoy's default idle_timeout for upstream connections: one hour. */
export const DEFAULT_UPSTREAM_IDLE_TIMEOUT_MS = 3_600_000;

export function poolLimits(config: ClusterConfig): PoolLimits {
  return {
    maxConnections: config.circuitBreakers.maxConnections,
    maxRequestsPerConnection: config.maxRequestsPerConnection ?? 0,
    idleTimeoutMs: config.idleTimeoutMs ?? DEFAULT_UPSTREAM_IDLE_TIMEOUT_MS,
  };
}

/**
 * node:http's agent, keeping a socket for reuse only while it has carried fewer requests than the limit and
 * its endpoint is still in the cluster.
 */
class LimitedAgent extends http.Agent {
  maxRequestsPerSocket = 0;
  /** A free socket closes after this long unused; 0: kept until the server closes it. */
  idleTimeoutMs = 0;
  /** Endpoint keys still in the cluster; undefined until the first retainOnly (all are). */
  private endpoints: ReadonlySet<string> | undefined;
  private readonly served = new WeakMap<Duplex, number>();
  private readonly endpointOf = new WeakMap<Duplex, string>();

  override createConnection(
    options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket) this.endpointOf.set(socket, endpointKey(options.host ?? "", Number(options.port)));
    return socket;
  }

  override keepSocketAlive(socket: Duplex): boolean {
    const served = (this.served.get(socket) ?? 0) + 1;
    this.served.set(socket, served);
    if (this.maxRequestsPerSocket > 0 && served >= this.maxRequestsPerSocket) return false;
    if (!this.retained(socket)) return false;
    // Node's own clears the socket's timeout (this agent sets no `timeout` option) and returns true (its
    // typings say void); the idle timeout set after it makes the agent destroy the socket if it is still
    // free when the timeout fires (a socket carrying a request is left alone).
    const keep = (super.keepSocketAlive(socket) as unknown) !== false;
    if (keep && this.idleTimeoutMs > 0) (socket as net.Socket).setTimeout(this.idleTimeoutMs);
    return keep;
  }

  /** Idle sockets to other endpoints close now; busy ones are not kept once their request is done. */
  retainOnly(endpoints: ReadonlySet<string>): void {
    this.endpoints = endpoints;
    for (const list of Object.values(this.freeSockets))
      for (const socket of [...(list ?? [])]) if (!this.retained(socket)) socket.destroy();
  }

  private retained(socket: Duplex): boolean {
    const key = this.endpointOf.get(socket);
    return this.endpoints === undefined || key === undefined || this.endpoints.has(key);
  }
}

export class UpstreamPool {
  /** The fast path's HTTP/1.1 connections; undefined when node:http's agent is used instead. */
  readonly fastH1: H1ClientPool | undefined;
  private agentInstance: LimitedAgent | undefined;
  private maxConnections: number;
  private maxRequests: number;
  private idleTimeoutMs: number;
  private readonly sessions = new Map<string, http2.ClientHttp2Session>();
  /** Streams opened on each HTTP/2 session. */
  private readonly streamsOpened = new WeakMap<http2.ClientHttp2Session, number>();
  private readonly idleSessions = new SessionIdleTimers(() => this.idleTimeoutMs);
  private closed = false;

  constructor(limits: PoolLimits) {
    this.maxConnections = Math.max(1, limits.maxConnections);
    this.maxRequests = Math.max(0, limits.maxRequestsPerConnection);
    this.idleTimeoutMs = timerLimitMs(limits.idleTimeoutMs);
    this.fastH1 = llhttp ? new H1ClientPool(llhttp, this.maxConnections, http.maxHeaderSize) : undefined;
    this.fastH1?.setMaxRequestsPerConnection(this.maxRequests);
    this.fastH1?.setIdleTimeout(this.idleTimeoutMs);
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
      this.agentInstance.idleTimeoutMs = this.idleTimeoutMs;
    }
    return this.agentInstance;
  }

  setLimits(limits: PoolLimits): void {
    this.maxConnections = Math.max(1, limits.maxConnections);
    this.maxRequests = Math.max(0, limits.maxRequestsPerConnection);
    const idleTimeoutMs = timerLimitMs(limits.idleTimeoutMs);
    const idleChanged = this.idleTimeoutMs !== idleTimeoutMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.fastH1?.setMaxConnections(this.maxConnections);
    this.fastH1?.setMaxRequestsPerConnection(this.maxRequests);
    if (idleChanged) {
      this.fastH1?.setIdleTimeout(this.idleTimeoutMs);
      this.idleSessions.rearm();
    }
    if (this.agentInstance) {
      this.agentInstance.maxTotalSockets = this.maxConnections;
      this.agentInstance.maxRequestsPerSocket = this.maxRequests;
      this.agentInstance.idleTimeoutMs = this.idleTimeoutMs;
    }
  }

  /**
   * Only these endpoints remain in the cluster: connections and sessions to the others close, idle ones now
   * and busy ones once their requests finish.
   */
  retainEndpoints(endpoints: readonly { readonly address: string; readonly port: number }[]): void {
    const keys = new Set(endpoints.map((e) => endpointKey(e.address, e.port)));
    this.fastH1?.retainOnly(keys);
    for (const [key, session] of [...this.sessions]) {
      if (keys.has(key)) continue;
      this.sessions.delete(key);
      session.close();
    }
    this.agentInstance?.retainOnly(keys);
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
    const key = endpointKey(address, port);
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

  /** A stream the caller opened on a session from session(): the session is not idle until it closes. */
  streamOpened(session: http2.ClientHttp2Session, stream: http2.ClientHttp2Stream): void {
    this.idleSessions.busy(session, stream);
  }

  private open(
    key: string,
    address: string,
    port: number,
    connectTimeoutMs: number,
  ): http2.ClientHttp2Session {
    const session = http2.connect(httpOrigin(address, port), { peerMaxConcurrentStreams: 1000 });
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
      this.idleSessions.forget(session);
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    };
    session.on("error", forget);
    session.on("close", forget);
    session.on("goaway", forget);
    // An idle multiplexed session should not keep the process alive.
    session.unref();
    this.sessions.set(key, session);
    this.idleSessions.watch(session, () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
      session.close();
    });
    if (this.closed) session.close();
    return session;
  }

  close(): void {
    this.closed = true;
    this.fastH1?.close();
    this.agentInstance?.destroy();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.idleSessions.clear();
  }
}
