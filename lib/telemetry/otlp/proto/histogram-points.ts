// metrics/v1 HistogramDataPoint and ExponentialHistogramDataPoint. Repeated numeric fields are read both
// packed and unpacked; bucket lists are collected up to one past the limit, so that the point check sees the
// overflow without ingest holding an unbounded array.

import type { IngestLimits } from "../../limits";
import type {
  Attributes,
  ExponentialBuckets,
  ExponentialHistogramPointRow,
  HistogramPointRow,
} from "../../rows";
import { DecodeError } from "../decode-error";
import { readAttributeField } from "./any-value";
import { commonFields, type MetricInfo } from "./data-points";
import { type ProtoReader, WireType, wrongWireType } from "./wire";

export function decodeHistogramPoint(
  reader: ProtoReader,
  end: number,
  metric: MetricInfo,
  limits: Readonly<IngestLimits>,
): HistogramPointRow {
  const attributes: Attributes = {};
  let kept = 0;
  let seen = 0;
  let startNs = 0n;
  let timeNs = 0n;
  let count = 0;
  let sum: number | null = null;
  let min: number | null = null;
  let max: number | null = null;
  const bucketCounts: number[] = [];
  const explicitBounds: number[] = [];
  let flags = 0;
  const cap = limits.maxHistogramBuckets + 1;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    switch (field) {
      case 9:
        kept += readAttributeField(reader, 9, wireType, end, attributes, kept, limits);
        seen++;
        break;
      case 6:
      case 7:
        readRepeatedFixed64(
          reader,
          field,
          wireType,
          end,
          field === 6 ? bucketCounts : explicitBounds,
          field === 7,
          cap,
        );
        break;
      case 2:
      case 3:
      case 4:
      case 5:
      case 11:
      case 12:
        if (wireType !== WireType.Fixed64) throw wrongWireType(field, wireType, WireType.Fixed64);
        if (field === 2) startNs = reader.fixed64Big();
        else if (field === 3) timeNs = reader.fixed64Big();
        else if (field === 4) count = reader.fixed64Number();
        else if (field === 5) sum = reader.double();
        else if (field === 11) min = reader.double();
        else max = reader.double();
        break;
      case 10:
        if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
        flags = reader.uint32();
        break;
      default:
        reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  const common = commonFields(metric, startNs, timeNs, flags, attributes, seen - kept);
  return {
    type: "histogram",
    ...common,
    temporality: metric.temporality,
    count,
    sum,
    min,
    max,
    explicitBounds,
    bucketCounts,
  };
}

export function decodeExponentialHistogramPoint(
  reader: ProtoReader,
  end: number,
  metric: MetricInfo,
  limits: Readonly<IngestLimits>,
): ExponentialHistogramPointRow {
  const attributes: Attributes = {};
  let kept = 0;
  let seen = 0;
  let startNs = 0n;
  let timeNs = 0n;
  let count = 0;
  let sum: number | null = null;
  let min: number | null = null;
  let max: number | null = null;
  let scale = 0;
  let zeroCount = 0;
  let zeroThreshold = 0;
  let positive: ExponentialBuckets = { offset: 0, counts: [] };
  let negative: ExponentialBuckets = { offset: 0, counts: [] };
  let flags = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    switch (field) {
      case 1:
        kept += readAttributeField(reader, 1, wireType, end, attributes, kept, limits);
        seen++;
        break;
      case 6:
      case 10:
        if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
        if (field === 6) scale = reader.sint32();
        else flags = reader.uint32();
        break;
      case 8:
      case 9: {
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        const buckets = decodeBuckets(reader, reader.delimited(field, end), limits.maxHistogramBuckets + 1);
        if (field === 8) positive = buckets;
        else negative = buckets;
        break;
      }
      case 2:
      case 3:
      case 4:
      case 5:
      case 7:
      case 12:
      case 13:
      case 14:
        if (wireType !== WireType.Fixed64) throw wrongWireType(field, wireType, WireType.Fixed64);
        if (field === 2) startNs = reader.fixed64Big();
        else if (field === 3) timeNs = reader.fixed64Big();
        else if (field === 4) count = reader.fixed64Number();
        else if (field === 5) sum = reader.double();
        else if (field === 7) zeroCount = reader.fixed64Number();
        else if (field === 12) min = reader.double();
        else if (field === 13) max = reader.double();
        else zeroThreshold = reader.double();
        break;
      default:
        reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  const common = commonFields(metric, startNs, timeNs, flags, attributes, seen - kept);
  return {
    type: "exponential_histogram",
    ...common,
    temporality: metric.temporality,
    count,
    sum,
    min,
    max,
    scale,
    zeroCount,
    zeroThreshold,
    positive,
    negative,
  };
}

function decodeBuckets(reader: ProtoReader, end: number, cap: number): ExponentialBuckets {
  const buckets: ExponentialBuckets = { offset: 0, counts: [] };
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1) {
      if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
      buckets.offset = reader.sint32();
    } else if (field === 2 && wireType === WireType.Len) {
      const packedEnd = reader.delimited(2, end);
      while (reader.pos < packedEnd) {
        const value = reader.uint64Number();
        if (buckets.counts.length < cap) buckets.counts.push(value);
      }
      reader.finish(packedEnd);
    } else if (field === 2 && wireType === WireType.Varint) {
      const value = reader.uint64Number();
      if (buckets.counts.length < cap) buckets.counts.push(value);
    } else if (field === 2) {
      throw wrongWireType(field, wireType, WireType.Len);
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  return buckets;
}

/** Reads one occurrence of a repeated fixed64 / double field, packed (length-delimited) or not. */
function readRepeatedFixed64(
  reader: ProtoReader,
  field: number,
  wireType: number,
  end: number,
  into: number[],
  asDouble: boolean,
  cap: number,
): void {
  if (wireType === WireType.Fixed64) {
    const value = asDouble ? reader.double() : reader.fixed64Number();
    if (into.length < cap) into.push(value);
    return;
  }
  if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
  const packedEnd = reader.delimited(field, end);
  if ((packedEnd - reader.pos) % 8 !== 0)
    throw new DecodeError(`packed field ${field} is not a whole number of 8-byte values`);
  while (reader.pos < packedEnd && into.length < cap) {
    into.push(asDouble ? reader.double() : reader.fixed64Number());
  }
  reader.pos = packedEnd;
}
