// ExportTraceServiceRequest (collector/trace/v1) in protobuf, decoded straight into SpanRows.
// Field numbers are those of opentelemetry-proto trace/v1, resource/v1 and common/v1.

import type { DecodeContext } from "../../limits";
import type {
  Attributes,
  DecodeResult,
  InstrumentationScope,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanRow,
  StatusCode,
} from "../../rows";
import type { ResourceInfo } from "../attributes";
import { locateError } from "../decode-error";
import { bytesToHex, isAllZero } from "../hex";
import { Rejections } from "../rejections";
import { fillDerivedColumns, spanTimeProblem } from "../span-checks";
import { readAttributeField } from "./any-value";
import { forEachMessage } from "./repeated";
import { decodeResource, decodeScope } from "./resource";
import {
  decodeEvent,
  decodeLink,
  idProblem,
  parentIdProblem,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
} from "./span-parts";
import { ProtoReader, WireType, wrongWireType } from "./wire";

interface TraceDecodeState {
  readonly ctx: DecodeContext;
  readonly rows: SpanRow[];
  readonly rejections: Rejections;
  resourceIndex: number;
  scopeIndex: number;
  spanIndex: number;
}

export function decodeTraceRequestProtobuf(bytes: Uint8Array, ctx: DecodeContext): DecodeResult<SpanRow> {
  const reader = new ProtoReader(bytes);
  const state: TraceDecodeState = {
    ctx,
    rows: [],
    rejections: new Rejections(ctx.limits.maxErrorMessages),
    resourceIndex: 0,
    scopeIndex: 0,
    spanIndex: 0,
  };
  forEachMessage(reader, reader.end, 1, "resource_spans", (end, index) => {
    state.resourceIndex = index;
    decodeResourceSpans(reader, end, state);
  });
  return { rows: state.rows, rejected: state.rejections.count, errors: state.rejections.errors };
}

function decodeResourceSpans(reader: ProtoReader, end: number, state: TraceDecodeState): void {
  // The resource (field 1) is read first wherever it appears, so every span gets its service.
  const resource = decodeResource(reader, end, state.ctx.limits);
  forEachMessage(reader, end, 2, "scope_spans", (scopeEnd, index) => {
    state.scopeIndex = index;
    decodeScopeSpans(reader, scopeEnd, state, resource);
  });
  reader.finish(end);
}

function decodeScopeSpans(
  reader: ProtoReader,
  end: number,
  state: TraceDecodeState,
  resource: ResourceInfo,
): void {
  const scope = decodeScope(reader, end, state.ctx.limits);
  forEachMessage(reader, end, 2, "spans", (spanEnd, index) => {
    state.spanIndex = index;
    decodeSpan(reader, spanEnd, state, resource, scope);
  });
  reader.finish(end);
}

function decodeSpan(
  reader: ProtoReader,
  end: number,
  state: TraceDecodeState,
  resource: ResourceInfo,
  scope: InstrumentationScope,
): void {
  const limits = state.ctx.limits;
  const bytes = reader.bytes;
  let traceIdStart = 0;
  let traceIdEnd = 0;
  let spanIdStart = 0;
  let spanIdEnd = 0;
  let parentIdStart = 0;
  let parentIdEnd = 0;
  let traceState = "";
  let name = "";
  let kind = 0;
  let startNs = 0n;
  let endNs = 0n;
  const attributes: Attributes = {};
  let attributesKept = 0;
  let droppedAttributes = 0;
  const events: SpanEvent[] = [];
  let droppedEvents = 0;
  const links: SpanLink[] = [];
  let droppedLinks = 0;
  let statusCode = 0;
  let statusMessage = "";
  let flags = 0;

  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    switch (field) {
      case 1:
      case 2:
      case 4: {
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        const idEnd = reader.delimited(field, end);
        if (field === 1) {
          traceIdStart = reader.pos;
          traceIdEnd = idEnd;
        } else if (field === 2) {
          spanIdStart = reader.pos;
          spanIdEnd = idEnd;
        } else {
          parentIdStart = reader.pos;
          parentIdEnd = idEnd;
        }
        reader.pos = idEnd;
        break;
      }
      case 3:
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        traceState = reader.string(3, end, limits.maxStringBytes);
        break;
      case 5:
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        name = reader.string(5, end, limits.maxStringBytes);
        break;
      case 6:
        if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
        kind = reader.int32();
        break;
      case 7:
      case 8:
        if (wireType !== WireType.Fixed64) throw wrongWireType(field, wireType, WireType.Fixed64);
        if (field === 7) startNs = reader.fixed64Big();
        else endNs = reader.fixed64Big();
        break;
      case 9: {
        const kept = readAttributeField(reader, 9, wireType, end, attributes, attributesKept, limits);
        attributesKept += kept;
        droppedAttributes += 1 - kept;
        break;
      }
      case 10:
      case 12:
      case 14:
        if (wireType !== WireType.Varint) throw wrongWireType(field, wireType, WireType.Varint);
        if (field === 10) droppedAttributes += reader.uint32();
        else if (field === 12) droppedEvents += reader.uint32();
        else droppedLinks += reader.uint32();
        break;
      case 11: {
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        const eventEnd = reader.delimited(11, end);
        if (events.length >= limits.maxEventsPerSpan) {
          reader.pos = eventEnd;
          droppedEvents++;
          break;
        }
        try {
          events.push(decodeEvent(reader, eventEnd, state.ctx));
        } catch (error) {
          throw locateError(error, `events[${events.length}]`);
        }
        break;
      }
      case 13: {
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        const linkEnd = reader.delimited(13, end);
        if (links.length >= limits.maxLinksPerSpan) {
          reader.pos = linkEnd;
          droppedLinks++;
          break;
        }
        let link: SpanLink | null;
        try {
          link = decodeLink(reader, linkEnd, state.ctx);
        } catch (error) {
          throw locateError(error, `links[${links.length}]`);
        }
        if (link === null) droppedLinks++;
        else links.push(link);
        break;
      }
      case 15: {
        if (wireType !== WireType.Len) throw wrongWireType(field, wireType, WireType.Len);
        const statusEnd = reader.delimited(15, end);
        while (reader.pos < statusEnd) {
          const statusTag = reader.tag();
          const statusField = statusTag >>> 3;
          const statusWireType = statusTag & 7;
          if (statusField === 2 && statusWireType === WireType.Len) {
            statusMessage = reader.string(2, statusEnd, limits.maxStringBytes);
          } else if (statusField === 3 && statusWireType === WireType.Varint) {
            statusCode = reader.int32();
          } else {
            // Includes the deprecated code in field 1.
            reader.skip(statusWireType, statusField);
          }
        }
        reader.finish(statusEnd);
        break;
      }
      case 16:
        if (wireType !== WireType.Fixed32) throw wrongWireType(field, wireType, WireType.Fixed32);
        flags = reader.fixed32();
        break;
      default:
        reader.skip(wireType, field);
    }
  }
  reader.finish(end);

  const problem =
    idProblem(bytes, traceIdStart, traceIdEnd, TRACE_ID_BYTES, "trace_id") ??
    idProblem(bytes, spanIdStart, spanIdEnd, SPAN_ID_BYTES, "span_id") ??
    parentIdProblem(parentIdEnd - parentIdStart) ??
    spanTimeProblem(startNs, endNs, state.ctx);
  if (problem !== null) {
    state.rejections.reject(() => spanLocation(state), problem);
    return;
  }

  const row: SpanRow = {
    traceId: bytesToHex(bytes, traceIdStart, traceIdEnd),
    spanId: bytesToHex(bytes, spanIdStart, spanIdEnd),
    parentSpanId:
      parentIdEnd === parentIdStart || isAllZero(bytes, parentIdStart, parentIdEnd)
        ? null
        : bytesToHex(bytes, parentIdStart, parentIdEnd),
    traceState,
    service: resource.service,
    operation: name,
    kind: (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind,
    startNs,
    endNs,
    durationNs: endNs - startNs,
    statusCode: (statusCode >= 0 && statusCode <= 2 ? statusCode : 0) as StatusCode,
    statusMessage,
    httpMethod: null,
    httpRoute: null,
    httpStatusCode: null,
    peerService: null,
    flags,
    attributes,
    resourceAttributes: resource.attributes,
    scope,
    events,
    links,
    droppedAttributesCount: droppedAttributes,
    droppedEventsCount: droppedEvents,
    droppedLinksCount: droppedLinks,
  };
  fillDerivedColumns(row);
  state.rows.push(row);
}

function spanLocation(state: TraceDecodeState): string {
  return `resource_spans[${state.resourceIndex}].scope_spans[${state.scopeIndex}].spans[${state.spanIndex}]`;
}
