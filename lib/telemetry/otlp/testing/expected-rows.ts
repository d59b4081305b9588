// What the decoders must produce for SDK spans, computed from the SDK's own ReadableSpan objects rather than
// from any payload, so a decoder test compares against an independent source. Test support only.

import type { HrTime } from "@opentelemetry/api";
import {
  AggregationTemporality,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Attributes, MetricPointRow, SpanKind, SpanRow, StatusCode, Temporality } from "../../rows";

export function hrTimeToNanos([seconds, nanos]: HrTime): bigint {
  return BigInt(seconds) * 1_000_000_000n + BigInt(nanos);
}

/**
 * The expected row for each span, except the four columns derived from attributes (httpMethod, httpRoute,
 * httpStatusCode, peerService), which tests state literally; they are taken from `derived` when given.
 */
export function expectedSpanRow(span: ReadableSpan, derived: Partial<SpanRow> = {}): SpanRow {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const startNs = hrTimeToNanos(span.startTime);
  const endNs = hrTimeToNanos(span.endTime);
  const resourceAttributes = span.resource.attributes as Attributes;
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: parent?.spanId ?? null,
    traceState: context.traceState?.serialize() ?? "",
    service: String(resourceAttributes["service.name"] ?? "unknown_service"),
    operation: span.name,
    // The API's SpanKind starts at INTERNAL = 0; OTLP's at UNSPECIFIED = 0.
    kind: (span.kind + 1) as SpanKind,
    startNs,
    endNs,
    durationNs: endNs - startNs,
    statusCode: span.status.code as StatusCode,
    statusMessage: span.status.message ?? "",
    httpMethod: null,
    httpRoute: null,
    httpStatusCode: null,
    peerService: null,
    // What the OpenTelemetry JS serializer sends: trace flags, "has is-remote" and "is remote" bits.
    flags: context.traceFlags | 0x100 | (parent?.isRemote ? 0x200 : 0),
    attributes: span.attributes as Attributes,
    resourceAttributes,
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version ?? "" },
    events: span.events.map((event) => ({
      name: event.name,
      timeNs: hrTimeToNanos(event.time).toString(),
      attributes: (event.attributes ?? {}) as Attributes,
      droppedAttributesCount: event.droppedAttributesCount ?? 0,
    })),
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      traceState: link.context.traceState?.serialize() ?? "",
      attributes: (link.attributes ?? {}) as Attributes,
      droppedAttributesCount: link.droppedAttributesCount ?? 0,
    })),
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
    ...derived,
  };
}

/** The expected rows for an SDK metrics collection, in the order the SDK lists them. */
export function expectedMetricRows(resourceMetrics: ResourceMetrics): MetricPointRow[] {
  const resourceAttributes = resourceMetrics.resource.attributes as Attributes;
  const service = String(resourceAttributes["service.name"] ?? "unknown_service");
  const rows: MetricPointRow[] = [];
  for (const scopeMetrics of resourceMetrics.scopeMetrics) {
    const scope = { name: scopeMetrics.scope.name, version: scopeMetrics.scope.version ?? "" };
    for (const metric of scopeMetrics.metrics) {
      // The SDK numbers temporalities DELTA = 0, CUMULATIVE = 1; OTLP numbers them 1 and 2.
      const temporality = (
        metric.aggregationTemporality === AggregationTemporality.DELTA ? 1 : 2
      ) as Temporality;
      for (const point of metric.dataPoints) {
        const common = {
          service,
          metricName: metric.descriptor.name,
          unit: metric.descriptor.unit,
          description: metric.descriptor.description,
          startNs: hrTimeToNanos(point.startTime),
          timeNs: hrTimeToNanos(point.endTime),
          flags: 0,
          attributes: point.attributes as Attributes,
          droppedAttributesCount: 0,
          resourceAttributes,
          scope,
        };
        if (metric.dataPointType === DataPointType.GAUGE) {
          rows.push({ type: "gauge", ...common, value: point.value as number });
        } else if (metric.dataPointType === DataPointType.SUM) {
          rows.push({
            type: "sum",
            ...common,
            value: point.value as number,
            temporality,
            monotonic: metric.isMonotonic,
          });
        } else if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const value = point.value as Histogram;
          rows.push({
            type: "histogram",
            ...common,
            temporality,
            count: value.count,
            sum: value.sum ?? null,
            min: value.min ?? null,
            max: value.max ?? null,
            explicitBounds: value.buckets.boundaries,
            bucketCounts: value.buckets.counts,
          });
        } else {
          const value = point.value as ExponentialHistogram;
          rows.push({
            type: "exponential_histogram",
            ...common,
            temporality,
            count: value.count,
            sum: value.sum ?? null,
            min: value.min ?? null,
            max: value.max ?? null,
            scale: value.scale,
            zeroCount: value.zeroCount,
            zeroThreshold: 0,
            positive: { offset: value.positive.offset, counts: value.positive.bucketCounts },
            negative: { offset: value.negative.offset, counts: value.negative.bucketCounts },
          });
        }
      }
    }
  }
  return rows;
}
