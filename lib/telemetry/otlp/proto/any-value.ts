// common/v1 KeyValue and AnyValue, decoded straight into JSON-ready attribute objects.

import type { IngestLimits } from "../../limits";
import type { Attributes, AttributeValue } from "../../rows";
import { setAttribute, TOO_DEEP_MARK } from "../attributes";
import { type ProtoReader, WireType, wrongWireType } from "./wire";

/** Decodes one KeyValue (key = 1, value = 2) ending at `end` and stores it in `target`. */
export function readKeyValueInto(
  reader: ProtoReader,
  end: number,
  target: Attributes,
  limits: Readonly<IngestLimits>,
  depth: number,
): void {
  let key = "";
  let value: AttributeValue = null;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1) {
      if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
      key = reader.string(1, end, limits.maxStringBytes);
    } else if (field === 2) {
      if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
      value = readAnyValue(reader, reader.delimited(2, end), limits, depth);
    } else {
      // key_strindex (3) belongs to the profiling signal; receivers of other signals ignore it.
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  setAttribute(target, key, value);
}

/** Decodes an AnyValue ending at `end`; an unset value is null. */
export function readAnyValue(
  reader: ProtoReader,
  end: number,
  limits: Readonly<IngestLimits>,
  depth: number,
): AttributeValue {
  let value: AttributeValue = null;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    switch (field) {
      case 1:
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        value = reader.string(1, end, limits.maxStringBytes);
        break;
      case 2:
        if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
        value = reader.bool();
        break;
      case 3:
        if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
        value = reader.int64Value();
        break;
      case 4:
        if (wireType !== WireType.Fixed64) throw wrongWireType(field, wireType, WireType.Fixed64);
        value = reader.double();
        break;
      case 5:
      case 6: {
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        const valueEnd = reader.delimited(field, end);
        if (depth >= limits.maxValueDepth) {
          reader.pos = valueEnd;
          value = TOO_DEEP_MARK;
        } else if (field === 5) {
          value = readArrayValue(reader, valueEnd, limits, depth + 1);
        } else {
          value = readKeyValueList(reader, valueEnd, limits, depth + 1);
        }
        break;
      }
      case 7:
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        value = reader.bytesBase64(7, end, limits.maxStringBytes);
        break;
      default:
        // string_value_strindex (8) belongs to the profiling signal; like any unknown field it is ignored.
        reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  return value;
}

function readArrayValue(
  reader: ProtoReader,
  end: number,
  limits: Readonly<IngestLimits>,
  depth: number,
): AttributeValue[] {
  const values: AttributeValue[] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field !== 1) {
      reader.skip(wireType, field);
      continue;
    }
    if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
    const valueEnd = reader.delimited(1, end);
    if (values.length < limits.maxArrayLength) values.push(readAnyValue(reader, valueEnd, limits, depth));
    else reader.pos = valueEnd;
  }
  reader.finish(end);
  return values;
}

function readKeyValueList(
  reader: ProtoReader,
  end: number,
  limits: Readonly<IngestLimits>,
  depth: number,
): Attributes {
  const entries: Attributes = {};
  let count = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field !== 1) {
      reader.skip(wireType, field);
      continue;
    }
    if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
    const entryEnd = reader.delimited(1, end);
    if (count < limits.maxArrayLength) readKeyValueInto(reader, entryEnd, entries, limits, depth);
    else reader.pos = entryEnd;
    count++;
  }
  reader.finish(end);
  return entries;
}

/**
 * Reads a repeated KeyValue field occurrence into `target` unless `kept` already reached the limit.
 * Returns 1 when it kept the attribute and 0 when it dropped it, so callers can count both.
 */
export function readAttributeField(
  reader: ProtoReader,
  field: number,
  wireType: number,
  end: number,
  target: Attributes,
  kept: number,
  limits: Readonly<IngestLimits>,
): number {
  if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
  const entryEnd = reader.delimited(field, end);
  if (kept >= limits.maxAttributes) {
    reader.pos = entryEnd;
    return 0;
  }
  readKeyValueInto(reader, entryEnd, target, limits, 0);
  return 1;
}
