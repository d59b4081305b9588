/**
 * Keep-alive HTTP/1.1 connections of one cluster, per endpoint, most recently used first. The total is
 * capped (the circuit breaker's max_connections, as the node:http agent's maxTotalSockets was); requests
 * beyond it wait in arrival order for a connection to come free.
 */
import { type ConnectionOwner, type ConnectTarget, H1ClientConnection } from "./client-connection";
import type { Llhttp } from "./llhttp";

/** Called with a connection to use, or undefined when the pool closed first. */
export type ConnectionCallback = (connection: H1ClientConnection | undefined) => void;

interface Waiter {
  readonly target: ConnectTarget;
  readonly callback: ConnectionCallback;
  cancelled: boolean;
}

const NOTHING_TO_CANCEL = () => {};

export class H1ClientPool implements ConnectionOwner {
  private readonly idle = new Map<string, H1ClientConnection[]>();
  private readonly all = new Set<H1ClientConnection>();
  private waiters: Waiter[] = [];
  private closed = false;
  /** Requests a connection carries before it is closed; 0 for no limit (max_requests_per_connection). */
  private maxRequests = 0;
  /** Endpoint keys still in the cluster; undefined until the first retainOnly (all are). */
  private endpoints: ReadonlySet<string> | undefined;
  /** An idle connection closes after this long without a request (the cluster's idle_timeout); 0: never. */
  private idleTimeoutMs = 0;
  private idleSweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly binding: Llhttp,
    private maxConnections: number,
    private readonly maxHeaderSize: number,
  ) {}

  get size(): number {
    return this.all.size;
  }

  setMaxConnections(maxConnections: number): void {
    this.maxConnections = Math.max(1, maxConnections);
    this.serveWaiters();
  }

  setMaxRequestsPerConnection(maxRequests: number): void {
    this.maxRequests = Math.max(0, maxRequests);
  }

  setIdleTimeout(idleTimeoutMs: number): void {
    this.idleTimeoutMs = Math.max(0, idleTimeoutMs);
    clearTimeout(this.idleSweep);
    this.idleSweep = undefined;
    this.sweepIdle();
  }

  /**
   * Hands over an idle connection to the endpoint, a new one, or (at the cap) the next one to come free.
   * The callback may run before this returns. Returns a function that gives up waiting.
   */
  acquire(target: ConnectTarget, callback: ConnectionCallback): () => void {
    if (this.closed) {
      callback(undefined);
      return NOTHING_TO_CANCEL;
    }
    const reused = this.takeIdle(target.key);
    if (reused) {
      callback(reused);
      return NOTHING_TO_CANCEL;
    }
    if (this.all.size >= this.maxConnections) this.evictOneIdle();
    if (this.all.size < this.maxConnections) {
      callback(this.connect(target));
      return NOTHING_TO_CANCEL;
    }
    const waiter: Waiter = { target, callback, cancelled: false };
    this.waiters.push(waiter);
    return () => {
      waiter.cancelled = true;
    };
  }

  /**
   * Endpoints removed from the cluster: their idle connections close now, busy ones after their response
   * (Envoy drains a removed host's connection pools the same way).
   */
  retainOnly(endpoints: ReadonlySet<string>): void {
    this.endpoints = endpoints;
    for (const [key, stack] of [...this.idle]) {
      if (endpoints.has(key)) continue;
      this.idle.delete(key);
      for (const connection of stack) connection.destroy();
    }
  }

  reusable(connection: H1ClientConnection): void {
    // Closing one frees its place for a waiter (gone() serves them).
    if (
      this.closed ||
      (this.maxRequests > 0 && connection.requests >= this.maxRequests) ||
      (this.endpoints !== undefined && !this.endpoints.has(connection.key))
    ) {
      connection.destroy();
      return;
    }
    const waiter = this.nextWaiter();
    if (waiter) {
      if (waiter.target.key === connection.key) {
        waiter.callback(connection);
        return;
      }
      // Another endpoint's turn: this connection makes room for one to it.
      this.waiters.unshift(waiter);
      connection.destroy();
      return;
    }
    let stack = this.idle.get(connection.key);
    if (!stack) {
      stack = [];
      this.idle.set(connection.key, stack);
    }
    connection.idleSince = performance.now();
    stack.push(connection);
    if (this.idleTimeoutMs > 0 && !this.idleSweep) this.scheduleSweep(this.idleTimeoutMs);
  }

  gone(connection: H1ClientConnection): void {
    this.all.delete(connection);
    const stack = this.idle.get(connection.key);
    if (stack) {
      const at = stack.indexOf(connection);
      if (at >= 0) stack.splice(at, 1);
    }
    this.serveWaiters();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleSweep);
    const waiters = this.waiters;
    this.waiters = [];
    for (const connection of [...this.all]) connection.fail("reset", "connection pool closed");
    this.idle.clear();
    for (const waiter of waiters) if (!waiter.cancelled) waiter.callback(undefined);
  }

  private takeIdle(key: string): H1ClientConnection | undefined {
    const stack = this.idle.get(key);
    if (!stack) return undefined;
    let now = -1;
    while (stack.length > 0) {
      const connection = stack.pop()!;
      if (connection.isFinished) continue;
      if (connection.idleDeadline !== Number.POSITIVE_INFINITY || this.idleTimeoutMs > 0) {
        if (now < 0) now = performance.now();
        if (now >= connection.idleDeadline || this.idleTooLong(connection, now)) {
          connection.destroy();
          continue;
        }
      }
      return connection;
    }
    return undefined;
  }

  private idleTooLong(connection: H1ClientConnection, now: number): boolean {
    return this.idleTimeoutMs > 0 && now - connection.idleSince >= this.idleTimeoutMs;
  }

  /**
   * Closes connections idle for idle_timeout, then comes back when the oldest of the rest would be (one
   * timer per pool, armed only while connections are idle).
   */
  private sweepIdle(): void {
    this.idleSweep = undefined;
    if (this.closed || this.idleTimeoutMs === 0) return;
    const now = performance.now();
    let oldest = Number.POSITIVE_INFINITY;
    for (const stack of this.idle.values()) {
      // Least recently used first: stop at the first one still within its time.
      while (stack.length > 0 && this.idleTooLong(stack[0]!, now)) stack.shift()!.destroy();
      if (stack.length > 0) oldest = Math.min(oldest, stack[0]!.idleSince);
    }
    if (oldest !== Number.POSITIVE_INFINITY) this.scheduleSweep(oldest + this.idleTimeoutMs - now);
  }

  private scheduleSweep(delayMs: number): void {
    this.idleSweep = setTimeout(() => this.sweepIdle(), Math.max(1, Math.ceil(delayMs)));
    this.idleSweep.unref();
  }

  /** At the cap, an idle connection to another endpoint makes room for a new one. */
  private evictOneIdle(): void {
    for (const stack of this.idle.values()) {
      const victim = stack.shift();
      if (victim) {
        victim.destroy();
        return;
      }
    }
  }

  private connect(target: ConnectTarget): H1ClientConnection {
    const connection = new H1ClientConnection(target, this, this.binding, this.maxHeaderSize);
    this.all.add(connection);
    return connection;
  }

  private nextWaiter(): Waiter | undefined {
    while (this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      if (!waiter.cancelled) return waiter;
    }
    return undefined;
  }

  private serveWaiters(): void {
    while (!this.closed && this.waiters.length > 0 && this.all.size < this.maxConnections) {
      const waiter = this.nextWaiter();
      if (!waiter) return;
      waiter.callback(this.takeIdle(waiter.target.key) ?? this.connect(waiter.target));
    }
  }
}
