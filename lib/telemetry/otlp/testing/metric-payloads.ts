// Hand-written metric payloads, written as OTLP/JSON objects and encoded to protobuf here, so validation
// cases run through both decoders. Repeated numbers can be encoded packed or one field per value.
// Test support only.

import { encodeMessage, type ProtoField } from "./proto-builder";
import { type JsonKeyValue, keyValues } from "./trace-payloads";

interface JsonPointCommon {
  attributes?: JsonKeyValue[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  flags?: number;
}
export interface JsonNumberPoint extends JsonPointCommon {
  asDouble?: number;
  asInt?: string;
}
export interface JsonHistogramPoint extends JsonPointCommon {
  count?: string;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: string[];
  explicitBounds?: number[];
}
export interface JsonExponentialPoint extends JsonPointCommon {
  count?: string;
  sum?: number;
  scale?: number;
  zeroCount?: string;
  zeroThreshold?: number;
  positive?: { offset?: number; bucketCounts?: string[] };
  negative?: { offset?: number; bucketCounts?: string[] };
  min?: number;
  max?: number;
}
export interface JsonSummaryPoint extends JsonPointCommon {
  count?: string;
  sum?: number;
  quantileValues?: Array<{ quantile: number; value: number }>;
}
export interface JsonMetric {
  name?: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints: JsonNumberPoint[] };
  sum?: { dataPoints: JsonNumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints: JsonHistogramPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints: JsonExponentialPoint[]; aggregationTemporality?: number };
  summary?: { dataPoints: JsonSummaryPoint[] };
}

export function metricsRequest(metrics: JsonMetric[], service = "payments") {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeMetrics: [{ scope: { name: "test", version: "1" }, metrics }],
      },
    ],
  };
}

export interface EncodeOptions {
  /** Repeated numbers one field per value instead of packed. */
  unpacked?: boolean;
  /** Metric name, description and unit after the data, to test field order. */
  nameLast?: boolean;
}

export function encodeMetricsRequest(
  request: ReturnType<typeof metricsRequest>,
  options: EncodeOptions = {},
): Uint8Array {
  return encodeMessage(
    request.resourceMetrics.map((resourceMetrics) => ({
      field: 1,
      message: [
        { field: 1, message: keyValues(1, resourceMetrics.resource.attributes) },
        ...resourceMetrics.scopeMetrics.map((scopeMetrics) => ({
          field: 2,
          message: [
            {
              field: 1,
              message: [
                { field: 1, bytes: scopeMetrics.scope.name },
                { field: 2, bytes: scopeMetrics.scope.version },
              ],
            },
            ...scopeMetrics.metrics.map((metric) => ({ field: 2, message: metricFields(metric, options) })),
          ],
        })),
      ],
    })),
  );
}

function metricFields(metric: JsonMetric, options: EncodeOptions): ProtoField[] {
  const names: ProtoField[] = [
    ...(metric.name ? [{ field: 1, bytes: metric.name }] : []),
    ...(metric.description ? [{ field: 2, bytes: metric.description }] : []),
    ...(metric.unit ? [{ field: 3, bytes: metric.unit }] : []),
  ];
  const data: ProtoField[] = [];
  const temporality = (value: number | undefined): ProtoField[] =>
    value ? [{ field: 2, varint: value }] : [];
  if (metric.gauge)
    data.push({
      field: 5,
      message: metric.gauge.dataPoints.map((p) => ({ field: 1, message: numberPoint(p) })),
    });
  if (metric.sum) {
    data.push({
      field: 7,
      message: [
        ...metric.sum.dataPoints.map((p) => ({ field: 1, message: numberPoint(p) })),
        ...temporality(metric.sum.aggregationTemporality),
        ...(metric.sum.isMonotonic ? [{ field: 3, varint: 1 }] : []),
      ],
    });
  }
  if (metric.histogram) {
    data.push({
      field: 9,
      message: [
        ...temporality(metric.histogram.aggregationTemporality),
        ...metric.histogram.dataPoints.map((p) => ({ field: 1, message: histogramPoint(p, options) })),
      ],
    });
  }
  if (metric.exponentialHistogram) {
    data.push({
      field: 10,
      message: [
        ...metric.exponentialHistogram.dataPoints.map((p) => ({
          field: 1,
          message: exponentialPoint(p, options),
        })),
        ...temporality(metric.exponentialHistogram.aggregationTemporality),
      ],
    });
  }
  if (metric.summary) {
    data.push({
      field: 11,
      message: metric.summary.dataPoints.map((p) => ({ field: 1, message: summaryPoint(p) })),
    });
  }
  return options.nameLast ? [...data, ...names] : [...names, ...data];
}

function times(point: JsonPointCommon): ProtoField[] {
  return [
    ...(point.startTimeUnixNano ? [{ field: 2, fixed64: BigInt(point.startTimeUnixNano) }] : []),
    ...(point.timeUnixNano ? [{ field: 3, fixed64: BigInt(point.timeUnixNano) }] : []),
  ];
}

function numberPoint(point: JsonNumberPoint): ProtoField[] {
  return [
    ...keyValues(7, point.attributes),
    ...times(point),
    ...(point.asDouble !== undefined ? [{ field: 4, double: point.asDouble }] : []),
    ...(point.asInt !== undefined ? [{ field: 6, fixed64: BigInt(point.asInt) }] : []),
    ...(point.flags ? [{ field: 8, varint: point.flags }] : []),
  ];
}

function histogramPoint(point: JsonHistogramPoint, options: EncodeOptions): ProtoField[] {
  const counts = (point.bucketCounts ?? []).map(BigInt);
  const bounds = point.explicitBounds ?? [];
  return [
    ...keyValues(9, point.attributes),
    ...times(point),
    ...(point.count ? [{ field: 4, fixed64: BigInt(point.count) }] : []),
    ...(point.sum !== undefined ? [{ field: 5, double: point.sum }] : []),
    ...(options.unpacked
      ? counts.map((value) => ({ field: 6, fixed64: value }))
      : counts.length > 0
        ? [{ field: 6, packedFixed64: counts }]
        : []),
    ...(options.unpacked
      ? bounds.map((value) => ({ field: 7, double: value }))
      : bounds.length > 0
        ? [{ field: 7, packedDouble: bounds }]
        : []),
    ...(point.min !== undefined ? [{ field: 11, double: point.min }] : []),
    ...(point.max !== undefined ? [{ field: 12, double: point.max }] : []),
  ];
}

function buckets(
  value: { offset?: number; bucketCounts?: string[] } | undefined,
  options: EncodeOptions,
): ProtoField[] {
  if (!value) return [];
  const counts = (value.bucketCounts ?? []).map(BigInt);
  return [
    ...(value.offset ? [{ field: 1, sint32: value.offset }] : []),
    ...(options.unpacked
      ? counts.map((count) => ({ field: 2, varint: count }))
      : counts.length > 0
        ? [{ field: 2, packedVarint: counts }]
        : []),
  ];
}

function exponentialPoint(point: JsonExponentialPoint, options: EncodeOptions): ProtoField[] {
  return [
    ...keyValues(1, point.attributes),
    ...times(point),
    ...(point.count ? [{ field: 4, fixed64: BigInt(point.count) }] : []),
    ...(point.sum !== undefined ? [{ field: 5, double: point.sum }] : []),
    ...(point.scale ? [{ field: 6, sint32: point.scale }] : []),
    ...(point.zeroCount ? [{ field: 7, fixed64: BigInt(point.zeroCount) }] : []),
    ...(point.positive ? [{ field: 8, message: buckets(point.positive, options) }] : []),
    ...(point.negative ? [{ field: 9, message: buckets(point.negative, options) }] : []),
    ...(point.min !== undefined ? [{ field: 12, double: point.min }] : []),
    ...(point.max !== undefined ? [{ field: 13, double: point.max }] : []),
    ...(point.zeroThreshold !== undefined ? [{ field: 14, double: point.zeroThreshold }] : []),
  ];
}

function summaryPoint(point: JsonSummaryPoint): ProtoField[] {
  return [
    ...keyValues(7, point.attributes),
    ...times(point),
    ...(point.count ? [{ field: 4, fixed64: BigInt(point.count) }] : []),
    ...(point.sum !== undefined ? [{ field: 5, double: point.sum }] : []),
    ...(point.quantileValues ?? []).map((q) => ({
      field: 6,
      message: [
        { field: 1, double: q.quantile },
        { field: 2, double: q.value },
      ],
    })),
  ];
}
