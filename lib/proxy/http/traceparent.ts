/**
 * W3C Trace Context (Level 1): parsing and formatting traceparent, making a child span for the proxy's
 * hop with an injected random source, and passing tracestate through unchanged.
 */
import type { HeaderValue } from "../routing/request";
import { type Random, randomUint32 } from "../util/random";

export interface TraceContext {
  /** 32 lower-case hex characters, not all zero. */
  readonly traceId: string;
  /** 16 lower-case hex characters, not all zero. */
  readonly spanId: string;
  readonly sampled: boolean;
}

const HEX = /^[0-9a-f]+$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/**
 * Parses a traceparent value. Per the spec: version "ff" is invalid; version 00 must be exactly 55
 * characters; a later version may be longer only if a "-" follows the flags, and only its first four
 * fields are read. Upper-case hex and all-zero ids are invalid. Several headers (an array) are invalid.
 */
export function parseTraceparent(header: HeaderValue): TraceContext | undefined {
  if (typeof header !== "string") return undefined;
  const value = header.trim();
  if (value.length < 55) return undefined;
  const version = value.slice(0, 2);
  if (!HEX.test(version) || version === "ff") return undefined;
  if (version === "00" ? value.length !== 55 : value.length > 55 && value[55] !== "-") return undefined;
  if (value[2] !== "-" || value[35] !== "-" || value[52] !== "-") return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!HEX.test(traceId) || !HEX.test(spanId) || !HEX.test(flags)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** Version 00; of the flags only "sampled" is defined, so the others are sent as zero. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? "01" : "00"}`;
}

export function newSpanId(random: Random): string {
  return nonZeroHex(random, 2);
}

export function newTraceId(random: Random): string {
  return nonZeroHex(random, 4);
}

function nonZeroHex(random: Random, words: number): string {
  for (;;) {
    let hex = "";
    for (let i = 0; i < words; i++) hex += randomUint32(random).toString(16).padStart(8, "0");
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** Where span and trace ids come from: a Random (exact in tests) or a generator (fast in production). */
export type IdSource = Random | { traceId(): string; spanId(): string };

export interface PropagatedTrace {
  /** The context of the proxy's own span, sent upstream as traceparent. */
  readonly context: TraceContext;
  /** The incoming span id (the parent of the proxy's span), if the request carried a valid traceparent. */
  readonly parentSpanId?: string;
  readonly traceparent: string;
  readonly tracestate?: string;
}

/**
 * The proxy's hop: continue the incoming trace with a new span id, or start a new trace (sampled as
 * `sampleNew` says) when there is no valid traceparent. tracestate is forwarded only with a valid parent.
 */
export function propagateTrace(
  traceparent: HeaderValue,
  tracestate: HeaderValue,
  ids: IdSource,
  sampleNew = true,
): PropagatedTrace {
  const parent = parseTraceparent(traceparent);
  const spanId = typeof ids === "function" ? newSpanId(ids) : ids.spanId();
  const context: TraceContext = parent
    ? { traceId: parent.traceId, spanId, sampled: parent.sampled }
    : { traceId: typeof ids === "function" ? newTraceId(ids) : ids.traceId(), spanId, sampled: sampleNew };
  const state = parent ? normalizeTracestate(tracestate) : undefined;
  return {
    context,
    ...(parent && { parentSpanId: parent.spanId }),
    traceparent: formatTraceparent(context),
    ...(state !== undefined && { tracestate: state }),
  };
}

const MEMBER =
  /^[a-z0-9][a-z0-9_\-*/@]{0,255}=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Several tracestate headers combine into one list. A list with more than 32 members or a malformed
 * member is dropped whole, as the spec asks; otherwise it is passed on as received.
 */
export function normalizeTracestate(header: HeaderValue): string | undefined {
  if (header === undefined) return undefined;
  const joined = typeof header === "string" ? header : header.join(",");
  const members = joined
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m !== "");
  if (members.length === 0 || members.length > 32) return undefined;
  if (!members.every((m) => MEMBER.test(m))) return undefined;
  return members.join(",");
}
