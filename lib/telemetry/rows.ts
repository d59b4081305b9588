// The rows that OTLP ingest produces and stores. Both the protobuf and the JSON decoders build exactly these
// shapes, so everything downstream (storage, rollups, query API) sees one model.
//
// Conventions:
// - Nanosecond timestamps that become typed columns are `bigint` (PostgreSQL int8). Nanosecond timestamps
//   inside JSON-ready objects (events) are decimal strings, because JSON has no exact 64-bit integers.
// - `Attributes` objects are JSON-ready: `JSON.stringify` gives what JSONB should hold. 64-bit integer
//   attribute values are numbers when they are safe integers, otherwise decimal strings; bytes are base64.
// - Rows decoded from the same resource share one `resourceAttributes` object (and scope object); treat
//   them as immutable.

export type AttributeValue = string | number | boolean | null | AttributeValue[] | AttributeMap;
export interface AttributeMap {
  [key: string]: AttributeValue;
}
export type Attributes = AttributeMap;

/** OTLP Span.SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export const SpanKind = {
  Unspecified: 0,
  Internal: 1,
  Server: 2,
  Client: 3,
  Producer: 4,
  Consumer: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP Status.StatusCode: 0 unset, 1 ok, 2 error. */
export const StatusCode = { Unset: 0, Ok: 1, Error: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** Fallback when a resource carries no usable `service.name` (the OpenTelemetry default's prefix). */
export const UNKNOWN_SERVICE = "unknown_service";

export interface InstrumentationScope {
  name: string;
  version: string;
}

export interface SpanEvent {
  name: string;
  /** Unix nanoseconds as a decimal string. */
  timeNs: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanRow {
  /** 32 lowercase hex characters, never all zero. */
  traceId: string;
  /** 16 lowercase hex characters, never all zero. */
  spanId: string;
  /** 16 lowercase hex characters, or null for a root span (absent or all-zero parent). */
  parentSpanId: string | null;
  traceState: string;
  /** Resource `service.name`, or UNKNOWN_SERVICE. */
  service: string;
  /** The span name. */
  operation: string;
  kind: SpanKind;
  startNs: bigint;
  endNs: bigint;
  /** endNs - startNs, never negative. */
  durationNs: bigint;
  statusCode: StatusCode;
  statusMessage: string;
  /** `http.request.method` (or the older `http.method`). */
  httpMethod: string | null;
  /** `http.route`. */
  httpRoute: string | null;
  /** `http.response.status_code` (or the older `http.status_code`). */
  httpStatusCode: number | null;
  /** `peer.service`; for CLIENT spans otherwise `server.address[:server.port]` (or the older net.peer.*). */
  peerService: string | null;
  /** OTLP span flags (W3C trace flags in the low byte, is-remote bits above). */
  flags: number;
  attributes: Attributes;
  resourceAttributes: Attributes;
  scope: InstrumentationScope;
  events: SpanEvent[];
  links: SpanLink[];
  /** What the sender reported as dropped plus what ingest dropped over its limits. */
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

/** OTLP AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative. */
export const Temporality = { Unspecified: 0, Delta: 1, Cumulative: 2 } as const;
export type Temporality = (typeof Temporality)[keyof typeof Temporality];

export type MetricType = "gauge" | "sum" | "histogram" | "exponential_histogram" | "summary";

interface MetricPointCommon {
  service: string;
  metricName: string;
  unit: string;
  description: string;
  /** 0n when the sender did not set it (allowed for gauges). */
  startNs: bigint;
  timeNs: bigint;
  /** OTLP data point flags (bit 0: no recorded value). */
  flags: number;
  attributes: Attributes;
  /** Attributes ingest dropped over its limit (OTLP data points carry no dropped count of their own). */
  droppedAttributesCount: number;
  resourceAttributes: Attributes;
  scope: InstrumentationScope;
}

export interface GaugePointRow extends MetricPointCommon {
  type: "gauge";
  value: number;
}

export interface SumPointRow extends MetricPointCommon {
  type: "sum";
  value: number;
  temporality: Temporality;
  monotonic: boolean;
}

export interface HistogramPointRow extends MetricPointCommon {
  type: "histogram";
  temporality: Temporality;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  /** Upper bounds, strictly increasing; bucket i counts values in (bounds[i-1], bounds[i]]. */
  explicitBounds: number[];
  /** explicitBounds.length + 1 counts, or empty when the sender sent no buckets. */
  bucketCounts: number[];
}

export interface ExponentialBuckets {
  offset: number;
  counts: number[];
}

export interface ExponentialHistogramPointRow extends MetricPointCommon {
  type: "exponential_histogram";
  temporality: Temporality;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
}

export interface SummaryQuantile {
  quantile: number;
  value: number;
}

export interface SummaryPointRow extends MetricPointCommon {
  type: "summary";
  count: number;
  sum: number;
  quantiles: SummaryQuantile[];
}

export type MetricPointRow =
  | GaugePointRow
  | SumPointRow
  | HistogramPointRow
  | ExponentialHistogramPointRow
  | SummaryPointRow;

/** What a decoder returns: the rows it kept, how many items it rejected, and the first few reasons. */
export interface DecodeResult<Row> {
  rows: Row[];
  rejected: number;
  errors: string[];
}
