/**
 * One health-check exchange over cleartext HTTP/2 (prior knowledge) on a connection of its own: gRPC
 * health checks, and HTTP checks whose codec_client_type is HTTP2. Resolves with the status, grpc-status and
 * body (at most 64 KiB: a larger one fails the probe), or, with `statusOnly`, as soon as the response
 * headers arrive (an HTTP check judges the status alone, like the HTTP/1.1 one); undefined when the
 * connection, the stream or the timeout failed it. Never rejects.
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

export function probeH2(
  address: string,
  port: number,
  request: H2ProbeRequest,
  timeoutMs: number,
): Promise<H2ProbeResponse | undefined> {
  return new Promise((resolve) => {
    let session: http2.ClientHttp2Session;
    try {
      session = http2.connect(httpOrigin(address, port));
    } catch {
      // An address no URL can hold (an IPv6 zone, say).
      resolve(undefined);
      return;
    }
    let settled = false;
    const finish = (response: H2ProbeResponse | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      resolve(response);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    session.on("error", () => finish(undefined));
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
    stream.on("error", () => finish(undefined));
    stream.on("close", () => finish(undefined));
    if (request.body) stream.end(request.body);
  });
}
