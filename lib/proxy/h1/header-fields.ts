/**
 * Header lists to objects and objects to wire text, with node:http's rules, so the fast path hands the
 * router and the relay exactly what IncomingMessage.headers would have (pure functions).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

/** node:http keeps the first of these when repeated (RFC 9110 singletons). */
const FIRST_WINS = new Set([
  "content-type",
  "content-length",
  "user-agent",
  "referer",
  "host",
  "authorization",
  "proxy-authorization",
  "if-modified-since",
  "if-unmodified-since",
  "from",
  "location",
  "max-forwards",
  "retry-after",
  "etag",
  "last-modified",
  "server",
  "age",
  "expires",
]);

/**
 * [name, value, …] as received → lower-case names; repeats joined with ", " ("; " for cookie), set-cookie
 * as an array, singletons keep the first value (IncomingMessage's rules).
 */
export function headersFromRaw(raw: readonly string[]): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = lowerName(raw[i]!);
    const value = raw[i + 1]!;
    const existing = out[name];
    if (existing === undefined) out[name] = name === "set-cookie" ? [value] : value;
    else if (typeof existing !== "string") existing.push(value);
    else if (name === "cookie") out[name] = `${existing}; ${value}`;
    else if (!FIRST_WINS.has(name)) out[name] = `${existing}, ${value}`;
  }
  return out as IncomingHttpHeaders;
}

/** Most names arrive in lower case already; skip the copy then. */
function lowerName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return name.toLowerCase();
  }
  return name;
}

/** A value that would end the header line early or smuggle another field (CR, LF, NUL). */
const BREAKS_LINE = /[\r\n\0]/;

export class InvalidHeaderError extends Error {
  constructor(readonly header: string) {
    super(`invalid character in the value of header "${header}"`);
    this.name = "InvalidHeaderError";
  }
}

/**
 * "name: value\r\n" lines for every header except those `skip` says (the caller writes framing and
 * connection fields itself); arrays become one line per element. Throws InvalidHeaderError for a value
 * with CR, LF or NUL (a configured mutation could carry one; node:http refuses those too).
 */
export function headerLines(
  headers: OutgoingHttpHeaders | Readonly<Record<string, string | string[] | number | undefined>>,
  skip: (name: string) => boolean,
): string {
  let text = "";
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || skip(name)) continue;
    if (typeof value === "string") {
      if (BREAKS_LINE.test(value)) throw new InvalidHeaderError(name);
      text += `${name}: ${value}\r\n`;
    } else if (typeof value === "number") text += `${name}: ${value}\r\n`;
    else
      for (const item of value) {
        if (BREAKS_LINE.test(item)) throw new InvalidHeaderError(name);
        text += `${name}: ${item}\r\n`;
      }
  }
  return text;
}

/** True when a Connection header value lists "close". */
export function saysClose(value: string | string[] | number | undefined): boolean {
  if (value === undefined || typeof value === "number") return false;
  const text = typeof value === "string" ? value : value.join(",");
  return text.length >= 5 && /(?:^|,)\s*close\s*(?:,|$)/i.test(text);
}

let lastKeepAlive = "";
let lastKeepAliveMs: number | undefined;

/** "timeout=N" of a Keep-Alive header, in milliseconds, or undefined (an upstream repeats the same value). */
export function keepAliveTimeoutMs(value: string | string[] | undefined): number | undefined {
  if (typeof value !== "string") return undefined;
  if (value === lastKeepAlive) return lastKeepAliveMs;
  const match = /(?:^|[,;\s])timeout=(\d+)/i.exec(value);
  lastKeepAlive = value;
  lastKeepAliveMs = match ? Number(match[1]) * 1000 : undefined;
  return lastKeepAliveMs;
}

let cachedDate = "";
let cachedSecond = -1;

/** The IMF-fixdate for a Date header, formatted at most once per second. */
export function httpDate(nowMs: number = Date.now()): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(second * 1000).toUTCString();
  }
  return cachedDate;
}
