// Pieces of a span in protobuf: its events and links, and the id checks shared with the span itself.

import type { DecodeContext } from "../../limits";
import type { Attributes, SpanEvent, SpanLink } from "../../rows";
import { bytesToHex, isAllZero } from "../hex";
import { readAttributeField } from "./any-value";
import { type ProtoReader, WireType, wrongWireType } from "./wire";

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

export function idProblem(
  bytes: Uint8Array,
  start: number,
  end: number,
  size: number,
  name: string,
): string | null {
  if (end - start !== size) return `${name} must be ${size} bytes, got ${end - start}`;
  if (isAllZero(bytes, start, end)) return `${name} must not be all zero`;
  return null;
}

export function parentIdProblem(length: number): string | null {
  return length === 0 || length === SPAN_ID_BYTES
    ? null
    : `parent_span_id must be empty or 8 bytes, got ${length}`;
}

export function decodeEvent(reader: ProtoReader, end: number, ctx: DecodeContext): SpanEvent {
  const limits = ctx.limits;
  let timeNs = 0n;
  let name = "";
  const attributes: Attributes = {};
  let kept = 0;
  let dropped = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1 && wireType === WireType.Fixed64) {
      timeNs = reader.fixed64Big();
    } else if (field === 2 && wireType === WireType.Len) {
      name = reader.string(2, end, limits.maxStringBytes);
    } else if (field === 3) {
      const added = readAttributeField(reader, 3, wireType, end, attributes, kept, limits);
      kept += added;
      dropped += 1 - added;
    } else if (field === 4 && wireType === WireType.Varint) {
      dropped += reader.uint32();
    } else if (field <= 4) {
      throw wrongWireType(
        field,
        wireType,
        field === 1 ? WireType.Fixed64 : field === 2 ? WireType.Len : WireType.Varint,
      );
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  return { name, timeNs: timeNs.toString(), attributes, droppedAttributesCount: dropped };
}

/** Decodes a link; returns null (the caller counts it as dropped) when its ids are unusable. */
export function decodeLink(reader: ProtoReader, end: number, ctx: DecodeContext): SpanLink | null {
  const limits = ctx.limits;
  const bytes = reader.bytes;
  let traceIdStart = 0;
  let traceIdEnd = 0;
  let spanIdStart = 0;
  let spanIdEnd = 0;
  let traceState = "";
  const attributes: Attributes = {};
  let kept = 0;
  let dropped = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if ((field === 1 || field === 2) && wireType === WireType.Len) {
      const idEnd = reader.delimited(field, end);
      if (field === 1) {
        traceIdStart = reader.pos;
        traceIdEnd = idEnd;
      } else {
        spanIdStart = reader.pos;
        spanIdEnd = idEnd;
      }
      reader.pos = idEnd;
    } else if (field === 3 && wireType === WireType.Len) {
      traceState = reader.string(3, end, limits.maxStringBytes);
    } else if (field === 4) {
      const added = readAttributeField(reader, 4, wireType, end, attributes, kept, limits);
      kept += added;
      dropped += 1 - added;
    } else if (field === 5 && wireType === WireType.Varint) {
      dropped += reader.uint32();
    } else if (field === 6 && wireType === WireType.Fixed32) {
      reader.fixed32();
    } else if (field <= 6) {
      throw wrongWireType(
        field,
        wireType,
        field === 5 ? WireType.Varint : field === 6 ? WireType.Fixed32 : WireType.Len,
      );
    } else {
      reader.skip(wireType, field);
    }
  }
  reader.finish(end);
  if (
    idProblem(bytes, traceIdStart, traceIdEnd, TRACE_ID_BYTES, "trace_id") !== null ||
    idProblem(bytes, spanIdStart, spanIdEnd, SPAN_ID_BYTES, "span_id") !== null
  ) {
    return null;
  }
  return {
    traceId: bytesToHex(bytes, traceIdStart, traceIdEnd),
    spanId: bytesToHex(bytes, spanIdStart, spanIdEnd),
    traceState,
    attributes,
    droppedAttributesCount: dropped,
  };
}
