// OTLP/HTTP: POST /v1/traces and /v1/metrics, protobuf or JSON, optionally gzip. One endpoint serves both
// the OTLP/HTTP listener (http-listener.ts) and the console port's Next.js routes (app/v1/*/route.ts).

import { formatOfContentType, type OtlpSignal, readOtlpBody } from "../otlp";
import { type OtlpHttpResponse, otlpHttpResponse } from "./http-response";
import type { IngestAuth } from "./ingest-auth";
import type { OtlpIngest } from "./otlp-ingest";
import { failure, type OtlpFailureKind } from "./outcome";

export interface OtlpHttpLimits {
  /** Largest body accepted as sent (compressed or not). */
  maxBodyBytes: number;
  /** Largest body after decompression. */
  maxInflatedBytes: number;
}

export interface OtlpHttpRequest {
  signal: OtlpSignal;
  contentType: string | null;
  contentEncoding: string | null;
  authorization: string | null;
  /** Reads the body, or answers "too_large" as soon as it passes maxBytes. */
  readBody(maxBytes: number): Promise<Uint8Array | "too_large">;
}

const BODY_STATUS_KIND: Readonly<Record<400 | 413 | 415, OtlpFailureKind>> = {
  400: "invalid",
  413: "too_large",
  415: "unsupported",
};

export class OtlpHttpEndpoint {
  constructor(
    private readonly ingest: OtlpIngest,
    private readonly auth: IngestAuth,
    readonly limits: OtlpHttpLimits,
  ) {}

  async handle(request: OtlpHttpRequest): Promise<OtlpHttpResponse> {
    const { signal } = request;
    const format = formatOfContentType(request.contentType);
    if (format === null) {
      const given = request.contentType ? `"${request.contentType}"` : "none";
      const message = `unsupported content type ${given}; use application/x-protobuf or application/json`;
      return otlpHttpResponse(signal, "json", failure("unsupported", message));
    }
    const denied = await this.auth.check(request.authorization);
    if (denied !== null) return otlpHttpResponse(signal, format, denied);
    const body = await request.readBody(this.limits.maxBodyBytes);
    if (body === "too_large")
      return otlpHttpResponse(
        signal,
        format,
        failure("too_large", `body is larger than ${this.limits.maxBodyBytes} bytes`),
      );
    const read = await readOtlpBody({
      contentType: request.contentType,
      contentEncoding: request.contentEncoding,
      body,
      maxBytes: this.limits.maxBodyBytes,
      maxInflatedBytes: this.limits.maxInflatedBytes,
    });
    if (!read.ok)
      return otlpHttpResponse(signal, format, failure(BODY_STATUS_KIND[read.status], read.message));
    return otlpHttpResponse(signal, format, await this.ingest.export(signal, read.format, read.bytes));
  }

  /** The same for a web Request (Next.js route handlers). */
  async handleWebRequest(signal: OtlpSignal, request: Request): Promise<Response> {
    const response = await this.handle({
      signal,
      contentType: request.headers.get("content-type"),
      contentEncoding: request.headers.get("content-encoding"),
      authorization: request.headers.get("authorization"),
      readBody: (maxBytes) => readWebBody(request, maxBytes),
    });
    return new Response(new Uint8Array(response.body), {
      status: response.status,
      headers: response.headers,
    });
  }
}

async function readWebBody(request: Request, maxBytes: number): Promise<Uint8Array | "too_large"> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) return "too_large";
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return "too_large";
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
