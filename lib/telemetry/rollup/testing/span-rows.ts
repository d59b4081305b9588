// SpanRow literals for rollup tests. Test support only.

import type { SpanRow } from "../../rows";

/** 2023-11-14T22:13:00Z, a minute boundary, in nanoseconds and in milliseconds. */
export const MINUTE_NS = 1_699_999_980_000_000_000n;
export const MINUTE_MS = 1_699_999_980_000;

let nextId = 1;

export function spanRow(overrides: Partial<SpanRow> = {}): SpanRow {
  const spanId = (nextId++).toString(16).padStart(16, "0");
  const startNs = overrides.startNs ?? MINUTE_NS + 5_000_000_000n;
  const durationNs = overrides.durationNs ?? 10_000_000n;
  return {
    traceId: "0123456789abcdef0123456789abcdef",
    spanId,
    parentSpanId: null,
    traceState: "",
    service: "frontend",
    operation: "GET /",
    kind: 2,
    startNs,
    endNs: startNs + durationNs,
    durationNs,
    statusCode: 0,
    statusMessage: "",
    httpMethod: null,
    httpRoute: null,
    httpStatusCode: null,
    peerService: null,
    flags: 1,
    attributes: {},
    resourceAttributes: {},
    scope: { name: "", version: "" },
    events: [],
    links: [],
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...overrides,
  };
}
