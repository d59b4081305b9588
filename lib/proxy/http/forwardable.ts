/**
 * The headers a hop forwards, in one pass (the per-request hot path): pseudo-headers, hop-by-hop fields
 * (RFC 9110 §7.6.1) and the fields Connection names are left out; Host is left out too because the caller
 * sets the authority. Same rules as stripHopByHop, without its copies.
 */
import type { HeaderValue } from "../routing/request";
import type { MutableHeaders } from "./headers";

const HOP_BY_HOP = new Set([
  "connection",
  "proxy-connection",
  "keep-alive",
  "te",
  "transfer-encoding",
  "upgrade",
  "proxy-authorization",
  "host",
  "http2-settings",
]);

export interface ForwardableOptions {
  /** Keep "te: trailers" (gRPC over HTTP/2 needs it). */
  readonly keepTeTrailers?: boolean;
  /** Keep Upgrade and send "connection: upgrade" (a WebSocket handshake being passed through). */
  readonly keepUpgrade?: boolean;
}

export function forwardableHeaders(
  headers: Readonly<Record<string, HeaderValue>>,
  options: ForwardableOptions = {},
): MutableHeaders {
  const out: MutableHeaders = {};
  const nominated = nominatedFields(headers.connection);
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || name.charCodeAt(0) === 58 /* ":" */) continue;
    if (HOP_BY_HOP.has(name) || nominated?.has(name)) continue;
    out[name] = typeof value === "string" ? value : [...value];
  }
  if (options.keepTeTrailers) {
    const te = headers.te;
    const joined = typeof te === "string" ? te : te?.join(",");
    if (joined?.toLowerCase().includes("trailers")) out.te = "trailers";
  }
  if (options.keepUpgrade && headers.upgrade !== undefined) {
    const upgrade = headers.upgrade;
    out.upgrade = typeof upgrade === "string" ? upgrade : upgrade.join(", ");
    out.connection = "upgrade";
  }
  return out;
}

/**
 * The fields a Connection header names (to be dropped with it). The usual values, "keep-alive" and
 * "close", get a shared set rather than one built per request.
 */
function nominatedFields(connection: HeaderValue | undefined): ReadonlySet<string> | undefined {
  if (connection === undefined) return undefined;
  if (typeof connection === "string") {
    const option = ONE_OPTION.exec(connection)?.[1]?.toLowerCase();
    if (option === "keep-alive") return KEEP_ALIVE;
    if (option === "close") return CLOSE;
  }
  return new Set(
    (typeof connection === "string" ? connection : connection.join(","))
      .split(",")
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v !== "" && v !== "content-length"),
  );
}

const ONE_OPTION = /^\s*(keep-alive|close)\s*$/i;
const KEEP_ALIVE: ReadonlySet<string> = new Set(["keep-alive"]);
const CLOSE: ReadonlySet<string> = new Set(["close"]);
