/**
 * One HTTP/1.1 upstream attempt on the fast path: the request head written as one string on a pooled
 * connection, the body streamed after it (as is with a Content-Length, else chunked), the response head
 * reported with its body still to read. Same results and stale-connection retry as the node:http attempt.
 */

import type { Attempt, AttemptCallback, AttemptResult, AttemptSpec } from "../upstream/attempt";
import type { BodySink } from "../upstream/body-tee";
import { endpointKey } from "../upstream/endpoint-key";
import type { ConnectionFailure, H1ClientConnection, ResponseHandler } from "./client-connection";
import type { H1ClientPool } from "./client-pool";
import { headerLines, headersFromRaw, InvalidHeaderError } from "./header-fields";
import { type BodyControl, H1ResponseBody } from "./response-body";

/** RFC 9110 §9.2.2: methods a repeat cannot harm, the only ones retried on a stale connection. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);
/** Methods node:http sends without "content-length: 0" when they have no body. */
const NO_BODY_BY_DEFAULT = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]);

const ABORTED: AttemptResult = { kind: "reset", message: "attempt aborted by the proxy" };
const LAST_CHUNK = "0\r\n\r\n";

/** Host is written first from the authority; framing fields are the attempt's own. */
const skipOwnFields = (name: string) =>
  name === "host" || name === "transfer-encoding" || name === "connection";

export function requestHead(spec: AttemptSpec, chunked: boolean): string {
  const lines = headerLines(spec.headers, skipOwnFields);
  let head = `${spec.method} ${spec.path} HTTP/1.1\r\nhost: ${spec.authority}\r\n${lines}`;
  if (chunked) head += "transfer-encoding: chunked\r\n";
  else if (
    spec.body === undefined &&
    spec.headers["content-length"] === undefined &&
    !NO_BODY_BY_DEFAULT.has(spec.method)
  )
    head += "content-length: 0\r\n";
  return `${head}\r\n`;
}

export function startFastH1(
  spec: AttemptSpec,
  pool: H1ClientPool,
  settle: AttemptCallback,
  mayRetryStale: boolean,
): Attempt {
  const attempt = new FastH1Attempt(spec, pool, settle, mayRetryStale);
  attempt.start();
  return attempt;
}

class FastH1Attempt implements ResponseHandler, Attempt, BodySink, BodyControl {
  private connection: H1ClientConnection | undefined;
  private cancelWait: (() => void) | undefined;
  private body: H1ResponseBody | undefined;
  private rawTrailers: string[] | undefined;
  private inner: Attempt | undefined;
  private aborted = false;
  private readonly chunked: boolean;

  constructor(
    private readonly spec: AttemptSpec,
    private readonly pool: H1ClientPool,
    private readonly settle: AttemptCallback,
    private readonly mayRetryStale: boolean,
  ) {
    this.chunked = spec.body !== undefined && spec.headers["content-length"] === undefined;
  }

  start(): void {
    let head: string;
    try {
      head = requestHead(this.spec, this.chunked);
    } catch (error) {
      if (!(error instanceof InvalidHeaderError)) throw error;
      this.settle({ kind: "protocol_error", message: error.message });
      return;
    }
    const spec = this.spec;
    this.cancelWait = this.pool.acquire(
      {
        key: endpointKey(spec.address, spec.port),
        address: spec.address,
        port: spec.port,
        connectTimeoutMs: spec.connectTimeoutMs,
      },
      (connection) => {
        this.cancelWait = undefined;
        if (!connection) {
          this.settle({ kind: "connect_failure", message: "connection pool closed" });
          return;
        }
        if (this.aborted) {
          connection.destroy();
          return;
        }
        this.connection = connection;
        connection.begin(this, head, spec.method === "HEAD", spec.body !== undefined);
        if (spec.body) spec.body.attach(this);
        else connection.requestEnded = true;
      },
    );
  }

  /** A property, not a method: callers keep `attempt.abort` on its own. */
  readonly abort = (): void => {
    this.aborted = true;
    this.settle(ABORTED);
    this.inner?.abort();
    this.cancelWait?.();
    this.body?.destroy();
    const connection = this.connection;
    if (connection && connection.handler === this) connection.destroy();
  };

  // The request body sink (BodyTee writes here).
  write(chunk: Buffer): boolean {
    const connection = this.current();
    if (!connection) return true;
    if (!this.chunked) return connection.write(chunk);
    return chunk.length === 0 ? true : connection.writeChunk(chunk);
  }

  end(): void {
    const connection = this.current();
    if (!connection) return;
    if (this.chunked) connection.write(LAST_CHUNK);
    connection.requestEnded = true;
  }

  once(_event: "drain", listener: () => void): unknown {
    const connection = this.current();
    if (connection) connection.onceDrain(listener);
    else listener();
    return this;
  }

  // From the connection.
  onHead(status: number, rawHeaders: string[]): void {
    const body = new H1ResponseBody(this);
    this.body = body;
    this.settle({
      kind: "response",
      status,
      headers: headersFromRaw(rawHeaders),
      body,
      endedWithHeaders: false,
      trailers: () => (this.rawTrailers ? headersFromRaw(this.rawTrailers) : undefined),
    });
  }

  onBody(chunk: Buffer): void {
    this.body?.push(chunk);
  }

  onComplete(rawTrailers: string[] | undefined): void {
    this.rawTrailers = rawTrailers;
    this.body?.finish();
  }

  onFailure(kind: ConnectionFailure, message: string): void {
    const connection = this.connection;
    if (this.body) {
      this.body.reset();
      return;
    }
    if (this.aborted) return;
    // A pooled connection the upstream closed while idle: one more try on a fresh one, before any byte
    // of the response and only for idempotent methods (the request may have reached the app after all).
    if (
      kind === "reset" &&
      this.mayRetryStale &&
      connection !== undefined &&
      connection.requests > 1 &&
      connection.responseBytes === 0 &&
      IDEMPOTENT.has(this.spec.method)
    ) {
      const body = this.spec.body;
      if (body && !body.attachable) {
        this.settle({ kind, message });
        return;
      }
      body?.detach();
      this.inner = startFastH1(this.spec, this.pool, this.settle, false);
      return;
    }
    this.settle({ kind, message });
  }

  // The response body's controls.
  pause(): void {
    this.current()?.pause();
  }

  resume(): void {
    this.current()?.resume();
  }

  cancel(): void {
    this.current()?.destroy();
  }

  /** The connection while this attempt still holds it. */
  private current(): H1ClientConnection | undefined {
    const connection = this.connection;
    return connection && connection.handler === this ? connection : undefined;
  }
}
