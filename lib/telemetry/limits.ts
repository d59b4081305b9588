// Bounds applied by every OTLP decoder, so that no single export can make ingest store unbounded data.
// Over-limit attributes, events and links are dropped and counted; over-limit strings and arrays are cut.

export interface IngestLimits {
  /** Attributes kept per span, event, link, resource and data point; the rest are dropped and counted. */
  maxAttributes: number;
  /** UTF-8 bytes kept per string (names, keys, values); longer strings are cut and marked. */
  maxStringBytes: number;
  maxEventsPerSpan: number;
  maxLinksPerSpan: number;
  /** Elements kept per array attribute value and entries per key-value-list value. */
  maxArrayLength: number;
  /** Nesting depth of array / key-value-list values; deeper values become a marker string. */
  maxValueDepth: number;
  /** Histogram buckets (explicit bounds, or exponential buckets per side) above which a point is rejected. */
  maxHistogramBuckets: number;
  /** How far past the ingest clock a start (or data point) time may be before the item is rejected. */
  maxFutureSkewMs: number;
  /** How many rejection reasons a result carries (for the partial_success message). */
  maxErrorMessages: number;
}

export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxAttributes: 128,
  maxStringBytes: 4096,
  maxEventsPerSpan: 128,
  maxLinksPerSpan: 128,
  maxArrayLength: 128,
  maxValueDepth: 8,
  maxHistogramBuckets: 1024,
  maxFutureSkewMs: 60 * 60 * 1000,
  maxErrorMessages: 5,
});

/** Everything a decoder needs besides the bytes: the limits and the ingest clock's "now". */
export interface DecodeContext {
  readonly limits: Readonly<IngestLimits>;
  /** The ingest clock, unix nanoseconds. */
  readonly nowNs: bigint;
  /** Latest accepted start time: nowNs plus the allowed skew. */
  readonly maxStartNs: bigint;
}

/** Builds a context for one request; pass `Date.now()` from the caller so decoding stays pure. */
export function createDecodeContext(nowMs: number, limits: Partial<IngestLimits> = {}): DecodeContext {
  const merged: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...limits };
  const nowNs = BigInt(Math.trunc(nowMs)) * 1_000_000n;
  return {
    limits: merged,
    nowNs,
    maxStartNs: nowNs + BigInt(Math.trunc(merged.maxFutureSkewMs)) * 1_000_000n,
  };
}
