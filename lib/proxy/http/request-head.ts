/**
 * Validates a request head before it is proxied, so that the proxy and the upstream cannot disagree on
 * where the message ends (request smuggling, RFC 9112 §6.3 and §11.2) and malformed fields never travel
 * on. Works on Node's rawHeaders (name, value, name, value ...), which keeps duplicates visible.
 */
import { TOKEN } from "./headers";

export type BodyFraming =
  | { readonly kind: "none" }
  | { readonly kind: "length"; readonly length: number }
  | { readonly kind: "chunked" };

export type HeadValidation =
  | { readonly ok: true; readonly framing: BodyFraming }
  | { readonly ok: false; readonly status: 400 | 431 | 501; readonly reason: string };

export interface HeadLimits {
  /** Total bytes of names and values, counting ": " and CRLF (Envoy: max_request_headers_kb, 60 KiB). */
  readonly maxHeaderBytes: number;
  /** Envoy's max_headers_count default is 100. */
  readonly maxHeaderCount: number;
}

export const DEFAULT_HEAD_LIMITS: HeadLimits = { maxHeaderBytes: 60 * 1024, maxHeaderCount: 100 };

// HTTP/2 and HTTP/3 forbid connection-specific fields (RFC 9113 §8.2.2).
const H2_FORBIDDEN = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
]);
/** Field values allow visible characters, obs-text, SP and HTAB; no CR, LF, NUL or other controls. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

const fail = (status: 400 | 431 | 501, reason: string): HeadValidation => ({ ok: false, status, reason });

/** The head's size against `limits`: a 431 refusal, or undefined when it fits. */
export function checkHeadSize(
  rawHeaders: readonly string[],
  limits: HeadLimits,
): (HeadValidation & { ok: false }) | undefined {
  const count = rawHeaders.length / 2;
  if (count > limits.maxHeaderCount)
    return { ok: false, status: 431, reason: `too many headers (${count} > ${limits.maxHeaderCount})` };
  let chars = 0;
  for (const part of rawHeaders) chars += part.length + 2;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: count exactly only when the cheap bound is over.
  if (chars * 3 > limits.maxHeaderBytes) {
    let bytes = 0;
    for (const part of rawHeaders) bytes += Buffer.byteLength(part) + 2;
    if (bytes > limits.maxHeaderBytes)
      return { ok: false, status: 431, reason: `headers exceed ${limits.maxHeaderBytes} bytes` };
  }
  return undefined;
}

export function validateRequestHead(
  httpVersion: string,
  rawHeaders: readonly string[],
  limits: HeadLimits = DEFAULT_HEAD_LIMITS,
): HeadValidation {
  const tooLarge = checkHeadSize(rawHeaders, limits);
  if (tooLarge) return tooLarge;
  const h2 = httpVersion.startsWith("2");
  const contentLengths: string[] = [];
  const codings: string[] = [];
  let hosts = 0;
  let sawTransferEncoding = false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const rawName = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const name = rawName.toLowerCase();
    if (!TOKEN.test(name) && !(h2 && /^:[a-z]+$/.test(name)))
      return fail(400, `invalid header name ${quote(rawName)}`);
    if (hasControlCharacter(value)) return fail(400, `invalid character in header ${quote(name)} value`);
    if (h2 && (H2_FORBIDDEN.has(name) || (name === "te" && value.trim().toLowerCase() !== "trailers"))) {
      return fail(400, `connection-specific header ${quote(name)} is not allowed in HTTP/2`);
    }
    if (name === "host") hosts++;
    if (name === "content-length") contentLengths.push(...value.split(",").map((v) => v.trim()));
    if (name === "transfer-encoding") {
      sawTransferEncoding = true;
      codings.push(
        ...value
          .split(",")
          .map((v) => v.trim().toLowerCase())
          .filter((v) => v !== ""),
      );
    }
  }
  if (!h2 && httpVersion === "1.1" && hosts === 0) return fail(400, "missing Host header");
  if (hosts > 1) return fail(400, "multiple Host headers");
  if (sawTransferEncoding) {
    if (httpVersion === "1.0") return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
    if (contentLengths.length > 0) return fail(400, "both Content-Length and Transfer-Encoding");
    if (codings.at(-1) !== "chunked") return fail(400, "Transfer-Encoding does not end with chunked");
    if (codings.filter((c) => c === "chunked").length > 1) return fail(400, "chunked applied more than once");
    const other = codings.find((c) => c !== "chunked");
    if (other !== undefined) return fail(501, `unsupported transfer coding ${quote(other)}`);
    return { ok: true, framing: { kind: "chunked" } };
  }
  if (contentLengths.length === 0) return { ok: true, framing: { kind: "none" } };
  if (contentLengths.some((v) => !/^\d{1,15}$/.test(v)))
    return fail(400, `invalid Content-Length ${quote(contentLengths.join(", "))}`);
  if (contentLengths.length > 1) {
    const distinct = new Set(contentLengths.map(Number));
    return fail(400, distinct.size > 1 ? "conflicting Content-Length values" : "duplicate Content-Length");
  }
  return { ok: true, framing: { kind: "length", length: Number(contentLengths[0]) } };
}

/** Quoted for a reason string: control characters escaped, long names cut. */
function quote(text: string): string {
  const shown = text.length > 64 ? `${text.slice(0, 64)}…` : text;
  return JSON.stringify(shown);
}
