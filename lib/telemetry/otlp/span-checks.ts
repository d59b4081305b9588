// Rules shared by the protobuf and JSON span decoders: which spans are refused, and the typed columns that
// are derived from attributes.

import type { DecodeContext } from "../limits";
import { type Attributes, SpanKind, type SpanRow } from "../rows";

/** Why a span's timestamps make it unstorable, or null when they are fine. */
export function spanTimeProblem(startNs: bigint, endNs: bigint, ctx: DecodeContext): string | null {
  if (startNs <= 0n) return "start time is 0 or before 1970-01-01";
  if (startNs > ctx.maxStartNs)
    return `start time is more than ${ctx.limits.maxFutureSkewMs} ms in the future`;
  if (endNs < startNs) return "end time is before start time";
  return null;
}

/** Fills the columns the console filters on from the span's attributes (current and older conventions). */
export function fillDerivedColumns(row: SpanRow): void {
  const attributes = row.attributes;
  row.httpMethod =
    stringAttribute(attributes, "http.request.method") ?? stringAttribute(attributes, "http.method");
  row.httpRoute = stringAttribute(attributes, "http.route");
  row.httpStatusCode =
    statusCodeAttribute(attributes, "http.response.status_code") ??
    statusCodeAttribute(attributes, "http.status_code");
  row.peerService =
    stringAttribute(attributes, "peer.service") ??
    (row.kind === SpanKind.Client ? peerAddress(attributes) : null);
}

function peerAddress(attributes: Attributes): string | null {
  const address =
    stringAttribute(attributes, "server.address") ?? stringAttribute(attributes, "net.peer.name");
  if (address === null) return null;
  const port =
    integerAttribute(attributes, "server.port", 65535) ??
    integerAttribute(attributes, "net.peer.port", 65535);
  return port === null ? address : `${address}:${port}`;
}

function stringAttribute(attributes: Attributes, key: string): string | null {
  const value = attributes[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}

// HTTP status codes are three digits; anything else would not fit the column and means nothing.
function statusCodeAttribute(attributes: Attributes, key: string): number | null {
  return integerAttribute(attributes, key, 999);
}

function integerAttribute(attributes: Attributes, key: string, max: number): number | null {
  const raw = attributes[key];
  const value = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : raw;
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max ? value : null;
}
