import type { TraceSpan } from "./spanTree";

/** A span as the trace API sends it (the fields the waterfall needs). */
export interface ApiSpanLike {
  spanId: string;
  parentSpanId: string | null;
  service: string;
  operation: string;
  startTimeUnixNano: string;
  durationNano: string;
  error: boolean;
}

/** Nanosecond strings to milliseconds with microsecond precision (a double holds that for epoch times). */
export function nanosToMs(nanos: string): number {
  try {
    return Number(BigInt(nanos) / 1000n) / 1000;
  } catch {
    return 0;
  }
}

export function toTraceSpan<S extends ApiSpanLike>(span: S): TraceSpan & { source: S } {
  return {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    service: span.service,
    name: span.operation,
    startMs: nanosToMs(span.startTimeUnixNano),
    durationMs: nanosToMs(span.durationNano),
    error: span.error,
    source: span,
  };
}

export const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** Ticks for the waterfall's time ruler: `count` evenly spaced offsets from the trace start, in ms. */
export function rulerTicks(durationMs: number, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => (durationMs * i) / (count - 1));
}
