// The transport layer of an OTLP/HTTP request body: content type, content encoding and size limits, with
// the HTTP status the specification asks for when something is wrong. Decoding the payload is separate.

import { promisify } from "node:util";
import { gunzip, inflate, type ZlibOptions } from "node:zlib";
import { formatOfContentType, type OtlpFormat } from "./format";

const gunzipAsync = promisify<Uint8Array, ZlibOptions, Buffer>(gunzip);
const inflateAsync = promisify<Uint8Array, ZlibOptions, Buffer>(inflate);

export interface OtlpBodyInput {
  contentType: string | null | undefined;
  contentEncoding?: string | null | undefined;
  /** The body as received. The HTTP layer should stop reading past maxBytes and pass what it has. */
  body: Uint8Array;
  /** Limit on the body as received (compressed or not). */
  maxBytes: number;
  /** Limit on the body after decompression; inflating stops as soon as it is passed. */
  maxInflatedBytes: number;
}

export type OtlpBody =
  | { ok: true; format: OtlpFormat; bytes: Uint8Array }
  | { ok: false; status: 400 | 413 | 415; message: string };

export async function readOtlpBody(input: OtlpBodyInput): Promise<OtlpBody> {
  const format = formatOfContentType(input.contentType);
  if (format === null) {
    const given = input.contentType ? `"${input.contentType}"` : "none";
    return refuse(415, `unsupported content type ${given}; use application/x-protobuf or application/json`);
  }
  if (input.body.length > input.maxBytes) return refuse(413, `body is larger than ${input.maxBytes} bytes`);
  const encoding = (input.contentEncoding ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return { ok: true, format, bytes: input.body };
  const decompress =
    encoding === "gzip" || encoding === "x-gzip" ? gunzipAsync : encoding === "deflate" ? inflateAsync : null;
  if (decompress === null) return refuse(415, `unsupported content encoding "${encoding}"; use gzip`);
  try {
    const bytes = await decompress(input.body, { maxOutputLength: input.maxInflatedBytes });
    return { ok: true, format, bytes };
  } catch (error) {
    if (isTooLarge(error)) return refuse(413, `body inflates to more than ${input.maxInflatedBytes} bytes`);
    const reason = error instanceof Error ? error.message : String(error);
    return refuse(400, `cannot decompress ${encoding} body: ${reason}`);
  }
}

function refuse(status: 400 | 413 | 415, message: string): OtlpBody {
  return { ok: false, status, message };
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof RangeError && (error as RangeError & { code?: string }).code === "ERR_BUFFER_TOO_LARGE"
  );
}
