// ExportMetricsServiceRequest in OTLP/JSON, decoded into the same MetricPointRows as the protobuf decoder.

import type { DecodeContext, IngestLimits } from "../../limits";
import type {
  Attributes,
  DecodeResult,
  ExponentialBuckets,
  InstrumentationScope,
  MetricPointRow,
  MetricType,
  Temporality,
} from "../../rows";
import type { ResourceInfo } from "../attributes";
import { locateError } from "../decode-error";
import { metricPointProblem } from "../point-checks";
import { Rejections } from "../rejections";
import { decodeJsonResource, decodeJsonScope } from "./resource";
import {
  arrayOf,
  booleanOf,
  doubleOf,
  enumOf,
  integerOf,
  type JsonObject,
  nanosOf,
  objectOf,
  optionalDoubleOf,
  parseJsonBody,
  readJsonAttributes,
  stringOf,
} from "./values";

const TEMPORALITY_NAMES: Readonly<Record<string, number>> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

// Metric.data oneof: JSON key to row type.
const DATA_KEYS: ReadonlyArray<readonly [string, MetricType]> = [
  ["gauge", "gauge"],
  ["sum", "sum"],
  ["histogram", "histogram"],
  ["exponentialHistogram", "exponential_histogram"],
  ["summary", "summary"],
];

interface JsonMetricInfo {
  resource: ResourceInfo;
  scope: InstrumentationScope;
  metricName: string;
  unit: string;
  description: string;
  temporality: Temporality;
  monotonic: boolean;
}

export function decodeMetricsRequestJson(
  input: string | Uint8Array | unknown,
  ctx: DecodeContext,
): DecodeResult<MetricPointRow> {
  const request = parseJsonBody(input);
  const rows: MetricPointRow[] = [];
  const rejections = new Rejections(ctx.limits.maxErrorMessages);
  const resourceMetrics = arrayOf(request.resourceMetrics, "resourceMetrics");
  for (let r = 0; r < resourceMetrics.length; r++) {
    try {
      const container = objectOf(resourceMetrics[r], "resourceMetrics[]");
      const resource = decodeJsonResource(container.resource, ctx.limits);
      const scopeMetrics = arrayOf(container.scopeMetrics, "scopeMetrics");
      for (let s = 0; s < scopeMetrics.length; s++) {
        try {
          const scopeContainer = objectOf(scopeMetrics[s], "scopeMetrics[]");
          const scope = decodeJsonScope(scopeContainer.scope, ctx.limits);
          const metrics = arrayOf(scopeContainer.metrics, "metrics");
          for (let m = 0; m < metrics.length; m++) {
            try {
              const where = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`;
              decodeJsonMetric(objectOf(metrics[m], "metric"), resource, scope, ctx, rows, rejections, where);
            } catch (error) {
              throw locateError(error, `metrics[${m}]`);
            }
          }
        } catch (error) {
          throw locateError(error, `scopeMetrics[${s}]`);
        }
      }
    } catch (error) {
      throw locateError(error, `resourceMetrics[${r}]`);
    }
  }
  return { rows, rejected: rejections.count, errors: rejections.errors };
}

function decodeJsonMetric(
  metric: JsonObject,
  resource: ResourceInfo,
  scope: InstrumentationScope,
  ctx: DecodeContext,
  rows: MetricPointRow[],
  rejections: Rejections,
  where: string,
): void {
  const limits = ctx.limits;
  for (const [key, type] of DATA_KEYS) {
    if (metric[key] === undefined || metric[key] === null) continue;
    try {
      const data = objectOf(metric[key], key);
      const temporality = enumOf(data.aggregationTemporality, "aggregationTemporality", TEMPORALITY_NAMES);
      const info: JsonMetricInfo = {
        resource,
        scope,
        metricName: stringOf(metric.name, "name", limits.maxStringBytes),
        unit: stringOf(metric.unit, "unit", limits.maxStringBytes),
        description: stringOf(metric.description, "description", limits.maxStringBytes),
        temporality: (temporality >= 0 && temporality <= 2 ? temporality : 0) as Temporality,
        monotonic: booleanOf(data.isMonotonic, "isMonotonic"),
      };
      const points = arrayOf(data.dataPoints, "dataPoints");
      for (let p = 0; p < points.length; p++) {
        let point: MetricPointRow;
        try {
          point = decodeJsonPoint(objectOf(points[p], "data point"), type, info, limits);
        } catch (error) {
          throw locateError(error, `dataPoints[${p}]`);
        }
        const problem = metricPointProblem(point, ctx);
        if (problem === null) rows.push(point);
        else
          rejections.reject(
            () => `${where}.${key}.dataPoints[${p}] (${info.metricName || "unnamed metric"})`,
            problem,
          );
      }
    } catch (error) {
      throw locateError(error, key);
    }
  }
}

function decodeJsonPoint(
  point: JsonObject,
  type: MetricType,
  info: JsonMetricInfo,
  limits: Readonly<IngestLimits>,
): MetricPointRow {
  const attributes: Attributes = {};
  const droppedAttributesCount = readJsonAttributes(point.attributes, "attributes", attributes, limits);
  const common = {
    service: info.resource.service,
    metricName: info.metricName,
    unit: info.unit,
    description: info.description,
    startNs: nanosOf(point.startTimeUnixNano, "startTimeUnixNano"),
    timeNs: nanosOf(point.timeUnixNano, "timeUnixNano"),
    flags: integerOf(point.flags, "flags"),
    attributes,
    droppedAttributesCount,
    resourceAttributes: info.resource.attributes,
    scope: info.scope,
  };
  const cap = limits.maxHistogramBuckets + 1;
  switch (type) {
    case "gauge":
      return { type, ...common, value: numberPointValue(point) };
    case "sum":
      return {
        type,
        ...common,
        value: numberPointValue(point),
        temporality: info.temporality,
        monotonic: info.monotonic,
      };
    case "histogram":
      return {
        type,
        ...common,
        temporality: info.temporality,
        count: integerOf(point.count, "count"),
        sum: optionalDoubleOf(point.sum, "sum"),
        min: optionalDoubleOf(point.min, "min"),
        max: optionalDoubleOf(point.max, "max"),
        explicitBounds: capped(point.explicitBounds, "explicitBounds", cap).map((v) =>
          doubleOf(v, "explicitBounds"),
        ),
        bucketCounts: capped(point.bucketCounts, "bucketCounts", cap).map((v) =>
          integerOf(v, "bucketCounts"),
        ),
      };
    case "exponential_histogram":
      return {
        type,
        ...common,
        temporality: info.temporality,
        count: integerOf(point.count, "count"),
        sum: optionalDoubleOf(point.sum, "sum"),
        min: optionalDoubleOf(point.min, "min"),
        max: optionalDoubleOf(point.max, "max"),
        scale: integerOf(point.scale, "scale"),
        zeroCount: integerOf(point.zeroCount, "zeroCount"),
        zeroThreshold: doubleOf(point.zeroThreshold, "zeroThreshold"),
        positive: bucketsOf(point.positive, "positive", cap),
        negative: bucketsOf(point.negative, "negative", cap),
      };
    case "summary":
      return {
        type,
        ...common,
        count: integerOf(point.count, "count"),
        sum: doubleOf(point.sum, "sum"),
        quantiles: capped(point.quantileValues, "quantileValues", limits.maxHistogramBuckets).map((entry) => {
          const quantile = objectOf(entry, "quantileValues[]");
          return {
            quantile: doubleOf(quantile.quantile, "quantile"),
            value: doubleOf(quantile.value, "value"),
          };
        }),
      };
  }
}

function numberPointValue(point: JsonObject): number {
  if (point.asDouble !== undefined && point.asDouble !== null) return doubleOf(point.asDouble, "asDouble");
  return integerOf(point.asInt, "asInt");
}

function bucketsOf(value: unknown, name: string, cap: number): ExponentialBuckets {
  const buckets = objectOf(value, name);
  return {
    offset: integerOf(buckets.offset, `${name}.offset`),
    counts: capped(buckets.bucketCounts, `${name}.bucketCounts`, cap).map((v) =>
      integerOf(v, `${name}.bucketCounts`),
    ),
  };
}

/** The first `cap` elements; one past the limit is kept so that the point check can refuse the point. */
function capped(value: unknown, name: string, cap: number): readonly unknown[] {
  const list = arrayOf(value, name);
  return list.length > cap ? list.slice(0, cap) : list;
}
