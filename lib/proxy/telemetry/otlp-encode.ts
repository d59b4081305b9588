/**
 * OTLP protobuf encoding of the two requests the proxy sends: ExportTraceServiceRequest and
 * ExportMetricsServiceRequest (base-2 exponential histograms, DELTA). Field numbers are those of
 * opentelemetry-proto (trace/v1, metrics/v1, common/v1, resource/v1).
 */
import { ProtoWriter } from "./proto-writer";

export type AttributeValue = string | number | boolean;
/** Integer numbers are written as int_value, others as double_value. */
export type Attributes = readonly (readonly [string, AttributeValue])[];

export interface Scope {
  readonly name: string;
  readonly version: string;
}

export interface SpanData {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly traceState?: string;
  readonly name: string;
  /** 2 server, 3 client. */
  readonly kind: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly attributes: Attributes;
  /** 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly statusMessage?: string;
  /** W3C trace flags (low byte). */
  readonly flags: number;
}

export interface ExponentialPoint {
  readonly attributes: Attributes;
  readonly startNs: bigint;
  readonly timeNs: bigint;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly scale: number;
  readonly zeroCount: number;
  readonly positive: { readonly offset: number; readonly counts: readonly number[] };
}

export interface HistogramMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly points: readonly ExponentialPoint[];
}

/** An integer gauge; every point is stamped with the export time. */
export interface GaugePoint {
  readonly attributes: Attributes;
  readonly value: number;
}

export interface GaugeMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly points: readonly GaugePoint[];
}

const DELTA = 1;

export function encodeTraceRequest(
  resource: Attributes,
  scope: Scope,
  spans: readonly SpanData[],
): Uint8Array {
  const w = new ProtoWriter(256 + spans.length * 320);
  w.begin(1); // resource_spans
  writeResource(w, resource);
  w.begin(2); // scope_spans
  writeScope(w, scope);
  for (const span of spans) {
    w.begin(2);
    w.hexBytes(1, span.traceId).hexBytes(2, span.spanId);
    if (span.traceState) w.string(3, span.traceState);
    if (span.parentSpanId) w.hexBytes(4, span.parentSpanId);
    w.string(5, span.name).uint32(6, span.kind).fixed64(7, span.startNs).fixed64(8, span.endNs);
    for (const attribute of span.attributes) writeKeyValue(w, 9, attribute);
    if (span.statusCode !== 0 || span.statusMessage) {
      w.begin(15);
      if (span.statusMessage) w.string(2, span.statusMessage);
      w.uint32(3, span.statusCode);
      w.end();
    }
    w.fixed32(16, span.flags);
    w.end();
  }
  w.end().end();
  return w.finish();
}

export function encodeMetricsRequest(
  resource: Attributes,
  scope: Scope,
  metrics: readonly HistogramMetric[],
  gauges: readonly GaugeMetric[] = [],
  timeNs = 0n,
): Uint8Array {
  const w = new ProtoWriter();
  w.begin(1); // resource_metrics
  writeResource(w, resource);
  w.begin(2); // scope_metrics
  writeScope(w, scope);
  for (const metric of metrics) {
    if (metric.points.length === 0) continue;
    w.begin(2).string(1, metric.name).string(2, metric.description).string(3, metric.unit);
    w.begin(10); // exponential_histogram
    for (const point of metric.points) {
      w.begin(1);
      for (const attribute of point.attributes) writeKeyValue(w, 1, attribute);
      w.fixed64(2, point.startNs).fixed64(3, point.timeNs).fixed64(4, BigInt(point.count));
      w.double(5, point.sum, true);
      w.sint32(6, point.scale);
      w.fixed64(7, BigInt(point.zeroCount));
      if (point.positive.counts.length > 0) {
        w.begin(8).sint32(1, point.positive.offset).packedUint64(2, point.positive.counts).end();
      }
      w.double(12, point.min, true).double(13, point.max, true);
      w.end();
    }
    w.uint32(2, DELTA);
    w.end().end();
  }
  for (const gauge of gauges) {
    if (gauge.points.length === 0) continue;
    w.begin(2).string(1, gauge.name).string(2, gauge.description).string(3, gauge.unit);
    w.begin(5); // gauge
    for (const point of gauge.points) {
      w.begin(1); // NumberDataPoint
      w.fixed64(2, timeNs).fixed64(3, timeNs);
      w.fixed64(6, BigInt(Math.trunc(point.value))); // as_int (sfixed64; gauges here are never negative)
      for (const attribute of point.attributes) writeKeyValue(w, 7, attribute);
      w.end();
    }
    w.end().end();
  }
  w.end().end();
  return w.finish();
}

function writeResource(w: ProtoWriter, attributes: Attributes): void {
  w.begin(1);
  for (const attribute of attributes) writeKeyValue(w, 1, attribute);
  w.end();
}

function writeScope(w: ProtoWriter, scope: Scope): void {
  w.begin(1).string(1, scope.name).string(2, scope.version).end();
}

function writeKeyValue(w: ProtoWriter, field: number, [key, value]: readonly [string, AttributeValue]): void {
  w.begin(field).string(1, key).begin(2);
  if (typeof value === "string") w.stringAlways(1, value);
  else if (typeof value === "boolean") w.bool(2, value);
  else if (Number.isInteger(value)) w.int64(3, value, true);
  else w.double(4, value, true);
  w.end().end();
}
