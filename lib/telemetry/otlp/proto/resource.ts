// The resource (resource/v1) and instrumentation scope (common/v1) that head each ResourceSpans /
// ResourceMetrics and ScopeSpans / ScopeMetrics. Both sit in field 1 of their container; protobuf allows
// fields in any order, so these functions scan the container for field 1 first, then rewind, so that the
// spans or points decoded afterwards always know their service and scope.

import type { IngestLimits } from "../../limits";
import { type Attributes, type InstrumentationScope, UNKNOWN_SERVICE } from "../../rows";
import { type ResourceInfo, serviceNameOf } from "../attributes";
import { locateError } from "../decode-error";
import { readAttributeField } from "./any-value";
import { type ProtoReader, WireType, wrongWireType } from "./wire";

/** Reads every `resource` (field 1) of the container ending at `end`, merged, then rewinds the reader. */
export function decodeResource(
  reader: ProtoReader,
  end: number,
  limits: Readonly<IngestLimits>,
): ResourceInfo {
  const start = reader.pos;
  const attributes: Attributes = {};
  let kept = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field !== 1) {
      reader.skip(wireType, field);
      continue;
    }
    if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
    const resourceEnd = reader.delimited(1, end);
    try {
      while (reader.pos < resourceEnd) {
        const innerTag = reader.tag();
        const innerField = innerTag >>> 3;
        // attributes = 1; dropped_attributes_count (2) and entity_refs (3) are not stored.
        if (innerField === 1)
          kept += readAttributeField(reader, 1, innerTag & 7, resourceEnd, attributes, kept, limits);
        else reader.skip(innerTag & 7, innerField);
      }
      reader.finish(resourceEnd);
    } catch (error) {
      throw locateError(error, "resource");
    }
  }
  reader.finish(end);
  reader.pos = start;
  return { service: serviceNameOf(attributes) ?? UNKNOWN_SERVICE, attributes };
}

/** Reads the `scope` (field 1) of a ScopeSpans / ScopeMetrics ending at `end`, then rewinds the reader. */
export function decodeScope(
  reader: ProtoReader,
  end: number,
  limits: Readonly<IngestLimits>,
): InstrumentationScope {
  const start = reader.pos;
  const scope: InstrumentationScope = { name: "", version: "" };
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field !== 1) {
      reader.skip(wireType, field);
      continue;
    }
    if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
    const scopeEnd = reader.delimited(1, end);
    try {
      while (reader.pos < scopeEnd) {
        const innerTag = reader.tag();
        const innerField = innerTag >>> 3;
        const innerWireType = innerTag & 7;
        // name = 1, version = 2; scope attributes (3) and their dropped count (4) are not stored.
        if ((innerField === 1 || innerField === 2) && innerWireType !== WireType.Len) {
          throw wrongWireType(innerField, innerWireType, WireType.Len);
        }
        if (innerField === 1) scope.name = reader.string(1, scopeEnd, limits.maxStringBytes);
        else if (innerField === 2) scope.version = reader.string(2, scopeEnd, limits.maxStringBytes);
        else reader.skip(innerWireType, innerField);
      }
      reader.finish(scopeEnd);
    } catch (error) {
      throw locateError(error, "scope");
    }
  }
  reader.finish(end);
  reader.pos = start;
  return scope;
}
