// ExportMetricsServiceRequest (collector/metrics/v1) in protobuf, decoded straight into MetricPointRows.
// Field numbers are those of opentelemetry-proto metrics/v1, resource/v1 and common/v1.

import type { DecodeContext } from "../../limits";
import type { DecodeResult, InstrumentationScope, MetricPointRow, Temporality } from "../../rows";
import type { ResourceInfo } from "../attributes";
import { locateError } from "../decode-error";
import { metricPointProblem } from "../point-checks";
import { Rejections } from "../rejections";
import { decodeNumberPoint, decodeSummaryPoint, type MetricInfo } from "./data-points";
import { decodeExponentialHistogramPoint, decodeHistogramPoint } from "./histogram-points";
import { forEachMessage } from "./repeated";
import { decodeResource, decodeScope } from "./resource";
import { ProtoReader, WireType, wrongWireType } from "./wire";

interface MetricsDecodeState {
  readonly ctx: DecodeContext;
  readonly rows: MetricPointRow[];
  readonly rejections: Rejections;
  resourceIndex: number;
  scopeIndex: number;
  metricIndex: number;
  pointIndex: number;
}

// Metric.data oneof: field number to the name used in locations and rows.
const DATA_FIELDS: Record<number, string> = {
  5: "gauge",
  7: "sum",
  9: "histogram",
  10: "exponential_histogram",
  11: "summary",
};

export function decodeMetricsRequestProtobuf(
  bytes: Uint8Array,
  ctx: DecodeContext,
): DecodeResult<MetricPointRow> {
  const reader = new ProtoReader(bytes);
  const state: MetricsDecodeState = {
    ctx,
    rows: [],
    rejections: new Rejections(ctx.limits.maxErrorMessages),
    resourceIndex: 0,
    scopeIndex: 0,
    metricIndex: 0,
    pointIndex: 0,
  };
  forEachMessage(reader, reader.end, 1, "resource_metrics", (end, index) => {
    state.resourceIndex = index;
    decodeResourceMetrics(reader, end, state);
  });
  return { rows: state.rows, rejected: state.rejections.count, errors: state.rejections.errors };
}

function decodeResourceMetrics(reader: ProtoReader, end: number, state: MetricsDecodeState): void {
  const resource = decodeResource(reader, end, state.ctx.limits);
  forEachMessage(reader, end, 2, "scope_metrics", (scopeEnd, index) => {
    state.scopeIndex = index;
    decodeScopeMetrics(reader, scopeEnd, state, resource);
  });
  reader.finish(end);
}

function decodeScopeMetrics(
  reader: ProtoReader,
  end: number,
  state: MetricsDecodeState,
  resource: ResourceInfo,
): void {
  const scope = decodeScope(reader, end, state.ctx.limits);
  forEachMessage(reader, end, 2, "metrics", (metricEnd, index) => {
    state.metricIndex = index;
    decodeMetric(reader, metricEnd, state, resource, scope);
  });
  reader.finish(end);
}

function decodeMetric(
  reader: ProtoReader,
  end: number,
  state: MetricsDecodeState,
  resource: ResourceInfo,
  scope: InstrumentationScope,
): void {
  const limits = state.ctx.limits;
  const metric: MetricInfo = {
    service: resource.service,
    resourceAttributes: resource.attributes,
    scope,
    metricName: "",
    unit: "",
    description: "",
    temporality: 0,
    monotonic: false,
  };
  // Name, description and unit (fields 1-3) first, wherever they are, so that every point carries them.
  const start = reader.pos;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field >= 1 && field <= 3) {
      if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
      const text = reader.string(field, end, limits.maxStringBytes);
      if (field === 1) metric.metricName = text;
      else if (field === 2) metric.description = text;
      else metric.unit = text;
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  reader.pos = start;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    const dataName = DATA_FIELDS[field];
    if (dataName === undefined) {
      reader.skip(wireType, field);
      continue;
    }
    if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
    const dataEnd = reader.delimited(field, end);
    try {
      decodeMetricData(reader, dataEnd, state, metric, field);
    } catch (error) {
      throw locateError(error, dataName);
    }
  }
  reader.finish(end);
}

/** Gauge / Sum / Histogram / ExponentialHistogram / Summary: points in field 1, settings in fields 2-3. */
function decodeMetricData(
  reader: ProtoReader,
  end: number,
  state: MetricsDecodeState,
  metric: MetricInfo,
  dataField: number,
): void {
  const start = reader.pos;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if ((field === 2 || field === 3) && dataField !== 5 && dataField !== 11) {
      if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
      // aggregation_temporality = 2 (not on Gauge / Summary); is_monotonic = 3 (Sum only).
      if (field === 2) {
        const temporality = reader.int32();
        metric.temporality = (temporality >= 0 && temporality <= 2 ? temporality : 0) as Temporality;
      } else {
        metric.monotonic = reader.bool();
      }
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  reader.pos = start;
  const limits = state.ctx.limits;
  forEachMessage(reader, end, 1, "data_points", (pointEnd, index) => {
    state.pointIndex = index;
    let point: MetricPointRow;
    if (dataField === 5) point = decodeNumberPoint(reader, pointEnd, metric, "gauge", limits);
    else if (dataField === 7) point = decodeNumberPoint(reader, pointEnd, metric, "sum", limits);
    else if (dataField === 9) point = decodeHistogramPoint(reader, pointEnd, metric, limits);
    else if (dataField === 10) point = decodeExponentialHistogramPoint(reader, pointEnd, metric, limits);
    else point = decodeSummaryPoint(reader, pointEnd, metric, limits);
    const problem = metricPointProblem(point, state.ctx);
    if (problem === null) state.rows.push(point);
    else state.rejections.reject(() => pointLocation(state, metric), problem);
  });
  reader.finish(end);
}

function pointLocation(state: MetricsDecodeState, metric: MetricInfo): string {
  const metricPath = `resource_metrics[${state.resourceIndex}].scope_metrics[${state.scopeIndex}].metrics[${state.metricIndex}]`;
  return `${metricPath}.data_points[${state.pointIndex}] (${metric.metricName || "unnamed metric"})`;
}
