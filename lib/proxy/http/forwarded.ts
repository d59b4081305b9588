/**
 * x-forwarded-for / -proto / -host handling with Envoy's semantics (use_remote_address,
 * xff_num_trusted_hops, skip_xff_append), returning the headers to set and the trusted client address
 * (used for source-IP hashing and telemetry).
 */
import { joinHeader } from "../routing/request";
import { listValues, type ReadonlyHeaders } from "./headers";

export interface ForwardedInput {
  readonly headers: ReadonlyHeaders;
  /** Peer address of the downstream connection. */
  readonly remoteAddress: string;
  readonly scheme: "http" | "https";
  readonly useRemoteAddress: boolean;
  readonly xffNumTrustedHops: number;
  readonly skipXffAppend: boolean;
  /** The original Host when the route rewrote it (append_x_forwarded_host). */
  readonly originalHost?: string;
}

export interface ForwardedResult {
  readonly clientAddress: string;
  readonly set: Readonly<Record<string, string>>;
}

export function forwardedHeaders(input: ForwardedInput): ForwardedResult {
  const chain = listValues(input.headers["x-forwarded-for"]);
  const set: Record<string, string> = {};
  let clientAddress: string;
  if (input.useRemoteAddress) {
    // The proxy is the trust boundary: with N trusted hops, the client is N entries from the right.
    clientAddress =
      input.xffNumTrustedHops > 0
        ? (chain[chain.length - input.xffNumTrustedHops] ?? input.remoteAddress)
        : input.remoteAddress;
    if (!input.skipXffAppend) set["x-forwarded-for"] = [...chain, input.remoteAddress].join(", ");
  } else {
    // Another proxy in front already appended the peer: the client is N+1 entries from the right.
    clientAddress = chain[chain.length - 1 - input.xffNumTrustedHops] ?? input.remoteAddress;
  }
  const proto = joinHeader(input.headers["x-forwarded-proto"]);
  const trustDownstreamProto = !input.useRemoteAddress || input.xffNumTrustedHops > 0;
  set["x-forwarded-proto"] =
    trustDownstreamProto && (proto === "http" || proto === "https") ? proto : input.scheme;
  if (input.originalHost !== undefined) {
    const hosts = listValues(input.headers["x-forwarded-host"]);
    set["x-forwarded-host"] = [...hosts, input.originalHost].join(", ");
  }
  return { clientAddress, set };
}

/**
 * The sidecar's common case of forwardedHeaders (use_remote_address on, no trusted hops, append), without
 * its intermediate objects: the peer is appended to x-forwarded-for and x-forwarded-proto is the scheme.
 */
export function setForwardedFast(
  out: Record<string, string | string[]>,
  incoming: ReadonlyHeaders,
  remoteAddress: string,
  scheme: "http" | "https",
): void {
  const xff = incoming["x-forwarded-for"];
  const chain = typeof xff === "string" ? xff.trim() : xff?.join(", ").trim();
  out["x-forwarded-for"] = chain ? `${chain}, ${remoteAddress}` : remoteAddress;
  out["x-forwarded-proto"] = scheme;
}
