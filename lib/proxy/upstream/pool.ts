/**
 * Upstream connections of one cluster: a keep-alive HTTP/1.1 agent (its total sockets capped by the
 * circuit breaker's max_connections) and one multiplexed HTTP/2 session per endpoint.
 */
import http from "node:http";
import http2 from "node:http2";

export class UpstreamPool {
  readonly agent: http.Agent;
  private readonly sessions = new Map<string, http2.ClientHttp2Session>();
  private closed = false;

  constructor(maxConnections: number) {
    this.agent = new http.Agent({
      keepAlive: true,
      keepAliveMsecs: 1_000,
      maxTotalSockets: Math.max(1, maxConnections),
      maxFreeSockets: 256,
      scheduling: "lifo",
    });
  }

  setMaxConnections(maxConnections: number): void {
    this.agent.maxTotalSockets = Math.max(1, maxConnections);
  }

  /** Sockets in use or idle, for stats. */
  connectionCount(): number {
    let n = this.sessions.size;
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
    this.agent.destroy();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }
}
