/**
 * Health-check exchanges over cleartext HTTP/2 (prior knowledge) with one endpoint: gRPC health checks, and
 * HTTP checks whose codec_client_type is HTTP2. The connection is kept for the next check (Envoy's
 * reuse_connection) unless told otherwise; one that failed a check (error, reset, timeout) is closed, so
 * the next check starts on a fresh one.
 */
import http2 from "node:http2";
import { httpOrigin } from "../upstream/endpoint-key";

export interface H2ProbeRequest {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly statusOnly?: boolean;
}

export interface H2ProbeResponse {
  readonly status: number;
  readonly grpcStatus: number | undefined;
  readonly body: Buffer;
}

const MAX_BODY_BYTES = 64 * 1024;

export class H2ProbeChannel {
  private session: http2.ClientHttp2Session | undefined;

  constructor(
    readonly address: string,
    readonly port: number,
  ) {}

  /**
   * Resolves with the status, grpc-status and body (at most 64 KiB: a larger one fails the check), or, with
   * `statusOnly`, as soon as the response headers arrive (an HTTP check judges the status alone); undefined
   * when the connection, the stream or the timeout failed it. Never rejects.
   */
  exchange(request: H2ProbeRequest, timeoutMs: number, reuse: boolean): Promise<H2ProbeResponse | undefined> {
    return new Promise((resolve) => {
      const session = this.open();
      if (session === undefined) {
        resolve(undefined);
        return;
      }
      let settled = false;
      const finish = (response: H2ProbeResponse | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        session.off("close", onClose);
        if (response === undefined || !reuse) this.drop(session);
        else if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        resolve(response);
      };
      const onClose = () => finish(undefined);
      const timer = setTimeout(onClose, timeoutMs);
      timer.unref();
      session.once("close", onClose);
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(
          {
            ...request.headers,
            ":method": request.method,
            ":path": request.path,
            ":authority": request.authority,
          },
          { endStream: request.body === undefined },
        );
      } catch {
        finish(undefined);
        return;
      }
      let status = 0;
      let grpcStatus: number | undefined;
      const chunks: Buffer[] = [];
      let bytes = 0;
      const readGrpcStatus = (headers: http2.IncomingHttpHeaders) => {
        const value = headers["grpc-status"];
        if (typeof value === "string" && /^\d{1,3}$/.test(value)) grpcStatus = Number(value);
      };
      stream.on("response", (headers) => {
        status = Number(headers[":status"] ?? 0);
        readGrpcStatus(headers);
        if (request.statusOnly) finish({ status, grpcStatus, body: Buffer.alloc(0) });
      });
      stream.on("trailers", readGrpcStatus);
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_BODY_BYTES) finish(undefined);
        else chunks.push(chunk);
      });
      stream.on("end", () => finish({ status, grpcStatus, body: Buffer.concat(chunks) }));
      stream.on("error", onClose);
      stream.on("close", onClose);
      if (request.body) stream.end(request.body);
    });
  }

  close(): void {
    if (this.session) this.drop(this.session);
  }

  /** The kept session, or a new one; undefined for an address no URL can hold (an IPv6 zone, say). */
  private open(): http2.ClientHttp2Session | undefined {
    const kept = this.session;
    if (kept && !kept.closed && !kept.destroyed) return kept;
    let session: http2.ClientHttp2Session;
    try {
      session = http2.connect(httpOrigin(this.address, this.port));
    } catch {
      return undefined;
    }
    // An error ends the exchange in progress through "close". After a GOAWAY the stream in flight may
    // still finish, but the next check needs another connection.
    session.on("error", () => this.drop(session));
    session.on("goaway", () => this.forget(session));
    // Health checking alone never keeps the process running.
    session.unref();
    this.session = session;
    return session;
  }

  private drop(session: http2.ClientHttp2Session): void {
    this.forget(session);
    session.destroy();
  }

  private forget(session: http2.ClientHttp2Session): void {
    if (this.session === session) this.session = undefined;
  }
}
