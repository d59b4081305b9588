/**
 * Removes hop-by-hop fields before forwarding (RFC 9110 §7.6.1): Connection and every field it names,
 * Proxy-Connection, Keep-Alive, TE, Transfer-Encoding and Upgrade. Proxy-Authorization is dropped too:
 * it is addressed to this proxy, not the origin. Host and Content-Length survive even if Connection names
 * them, since removing them would change routing or framing.
 */
import { copyHeaders, listValues, type MutableHeaders, type ReadonlyHeaders } from "./headers";

const HOP_BY_HOP = [
  "connection",
  "proxy-connection",
  "keep-alive",
  "te",
  "transfer-encoding",
  "upgrade",
  "proxy-authorization",
];
const NEVER_NOMINATED = new Set(["host", "content-length", ":authority", ":path", ":method", ":scheme"]);

export interface HopByHopOptions {
  /** Keep Upgrade (and send Connection: upgrade), for a WebSocket or other upgrade being passed through. */
  readonly keepUpgrade?: boolean;
  /** Keep "TE: trailers" (gRPC needs it end to end over HTTP/2). */
  readonly keepTeTrailers?: boolean;
}

export function stripHopByHop(headers: ReadonlyHeaders, options: HopByHopOptions = {}): MutableHeaders {
  const out = copyHeaders(headers);
  const nominated = listValues(headers.connection).map((n) => n.toLowerCase());
  const upgrade = headers.upgrade;
  const teTrailers = listValues(headers.te).some((t) => t.toLowerCase() === "trailers");
  for (const name of [...HOP_BY_HOP, ...nominated]) {
    if (!NEVER_NOMINATED.has(name)) delete out[name];
  }
  if (options.keepUpgrade && upgrade !== undefined) {
    out.upgrade = typeof upgrade === "string" ? upgrade : upgrade.join(", ");
    out.connection = "upgrade";
  }
  if (options.keepTeTrailers && teTrailers) out.te = "trailers";
  return out;
}
