// metrics/v1 NumberDataPoint and SummaryDataPoint decoded into MetricPointRows, and what every point shares.
// Histogram points are in histogram-points.ts. Exemplars are skipped.

import type { IngestLimits } from "../../limits";
import type {
  Attributes,
  InstrumentationScope,
  MetricPointRow,
  SummaryPointRow,
  SummaryQuantile,
  Temporality,
} from "../../rows";
import { readAttributeField } from "./any-value";
import { type ProtoReader, WireType, wrongWireType } from "./wire";

/** What every point of one Metric shares. */
export interface MetricInfo {
  service: string;
  resourceAttributes: Attributes;
  scope: InstrumentationScope;
  metricName: string;
  unit: string;
  description: string;
  temporality: Temporality;
  monotonic: boolean;
}

type PointKind = "gauge" | "sum";

export function decodeNumberPoint(
  reader: ProtoReader,
  end: number,
  metric: MetricInfo,
  kind: PointKind,
  limits: Readonly<IngestLimits>,
): MetricPointRow {
  const attributes: Attributes = {};
  let kept = 0;
  let seen = 0;
  let startNs = 0n;
  let timeNs = 0n;
  let value = 0;
  let flags = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 7) {
      kept += readAttributeField(reader, 7, wireType, end, attributes, kept, limits);
      seen++;
    } else if (field === 2 || field === 3 || field === 4 || field === 6) {
      if (wireType !== WireType.Fixed64) throw wrongWireType(field, wireType, WireType.Fixed64);
      if (field === 2) startNs = reader.fixed64Big();
      else if (field === 3) timeNs = reader.fixed64Big();
      else if (field === 4) value = reader.double();
      else value = reader.sfixed64Number();
    } else if (field === 8) {
      if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
      flags = reader.uint32();
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  const common = commonFields(metric, startNs, timeNs, flags, attributes, seen - kept);
  if (kind === "gauge") return { type: "gauge", ...common, value };
  return { type: "sum", ...common, value, temporality: metric.temporality, monotonic: metric.monotonic };
}

export function decodeSummaryPoint(
  reader: ProtoReader,
  end: number,
  metric: MetricInfo,
  limits: Readonly<IngestLimits>,
): SummaryPointRow {
  const attributes: Attributes = {};
  let kept = 0;
  let seen = 0;
  let startNs = 0n;
  let timeNs = 0n;
  let count = 0;
  let sum = 0;
  const quantiles: SummaryQuantile[] = [];
  let flags = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 7) {
      kept += readAttributeField(reader, 7, wireType, end, attributes, kept, limits);
      seen++;
    } else if (field >= 2 && field <= 5) {
      if (wireType !== WireType.Fixed64) throw wrongWireType(field, wireType, WireType.Fixed64);
      if (field === 2) startNs = reader.fixed64Big();
      else if (field === 3) timeNs = reader.fixed64Big();
      else if (field === 4) count = reader.fixed64Number();
      else sum = reader.double();
    } else if (field === 6) {
      if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
      const quantileEnd = reader.delimited(6, end);
      const quantile = decodeQuantile(reader, quantileEnd);
      if (quantiles.length < limits.maxHistogramBuckets) quantiles.push(quantile);
    } else if (field === 8) {
      if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
      flags = reader.uint32();
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  return {
    type: "summary",
    ...commonFields(metric, startNs, timeNs, flags, attributes, seen - kept),
    count,
    sum,
    quantiles,
  };
}

function decodeQuantile(reader: ProtoReader, end: number): SummaryQuantile {
  const quantile: SummaryQuantile = { quantile: 0, value: 0 };
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1 || field === 2) {
      if (wireType !== WireType.Fixed64) throw wrongWireType(field, wireType, WireType.Fixed64);
      if (field === 1) quantile.quantile = reader.double();
      else quantile.value = reader.double();
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  return quantile;
}

export function commonFields(
  metric: MetricInfo,
  startNs: bigint,
  timeNs: bigint,
  flags: number,
  attributes: Attributes,
  droppedAttributesCount: number,
) {
  return {
    service: metric.service,
    metricName: metric.metricName,
    unit: metric.unit,
    description: metric.description,
    startNs,
    timeNs,
    flags,
    attributes,
    droppedAttributesCount,
    resourceAttributes: metric.resourceAttributes,
    scope: metric.scope,
  };
}
