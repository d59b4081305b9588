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
  const connection = headers.connection;
  const nominated =
    connection === undefined
      ? undefined
      : new Set(
          (typeof connection === "string" ? connection : connection.join(","))
            .split(",")
            .map((v) => v.trim().toLowerCase())
            .filter((v) => v !== "" && v !== "content-length"),
        );
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
