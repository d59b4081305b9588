// ExportTraceServiceRequest in OTLP/JSON, decoded into the same SpanRows as the protobuf decoder.

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
import { describeHexIdProblem, normalizeHexId } from "../hex";
import { Rejections } from "../rejections";
import { fillDerivedColumns, spanTimeProblem } from "../span-checks";
import { decodeJsonResource, decodeJsonScope } from "./resource";
import {
  arrayOf,
  enumOf,
  integerOf,
  type JsonObject,
  nanosOf,
  objectOf,
  parseJsonBody,
  readJsonAttributes,
  stringOf,
} from "./values";

const ZERO_SPAN_ID = "0000000000000000";
const SPAN_KIND_NAMES: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Readonly<Record<string, number>> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

export function decodeTraceRequestJson(
  input: string | Uint8Array | unknown,
  ctx: DecodeContext,
): DecodeResult<SpanRow> {
  const request = parseJsonBody(input);
  const rows: SpanRow[] = [];
  const rejections = new Rejections(ctx.limits.maxErrorMessages);
  const resourceSpans = arrayOf(request.resourceSpans, "resourceSpans");
  for (let r = 0; r < resourceSpans.length; r++) {
    try {
      const container = objectOf(resourceSpans[r], "resourceSpans[]");
      const resource = decodeJsonResource(container.resource, ctx.limits);
      const scopeSpans = arrayOf(container.scopeSpans, "scopeSpans");
      for (let s = 0; s < scopeSpans.length; s++) {
        try {
          const scopeContainer = objectOf(scopeSpans[s], "scopeSpans[]");
          const scope = decodeJsonScope(scopeContainer.scope, ctx.limits);
          const spans = arrayOf(scopeContainer.spans, "spans");
          for (let i = 0; i < spans.length; i++) {
            let problem: string | null;
            try {
              problem = decodeJsonSpan(objectOf(spans[i], "span"), resource, scope, ctx, rows);
            } catch (error) {
              throw locateError(error, `spans[${i}]`);
            }
            if (problem !== null)
              rejections.reject(() => `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`, problem);
          }
        } catch (error) {
          throw locateError(error, `scopeSpans[${s}]`);
        }
      }
    } catch (error) {
      throw locateError(error, `resourceSpans[${r}]`);
    }
  }
  return { rows, rejected: rejections.count, errors: rejections.errors };
}

/** Decodes one span into `rows`; returns why it was rejected, or null. */
function decodeJsonSpan(
  span: JsonObject,
  resource: ResourceInfo,
  scope: InstrumentationScope,
  ctx: DecodeContext,
  rows: SpanRow[],
): string | null {
  const limits = ctx.limits;
  const traceIdText = typeof span.traceId === "string" ? span.traceId : "";
  const spanIdText = typeof span.spanId === "string" ? span.spanId : "";
  const parentIdText = typeof span.parentSpanId === "string" ? span.parentSpanId : "";
  const traceId = normalizeHexId(traceIdText, 32);
  if (traceId === null) return `traceId ${describeHexIdProblem(traceIdText, 32)}`;
  const spanId = normalizeHexId(spanIdText, 16);
  if (spanId === null) return `spanId ${describeHexIdProblem(spanIdText, 16)}`;
  let parentSpanId: string | null = null;
  // An all-zero parent means "no parent", as in protobuf.
  if (parentIdText.length > 0 && parentIdText !== ZERO_SPAN_ID) {
    parentSpanId = normalizeHexId(parentIdText, 16);
    if (parentSpanId === null) return `parentSpanId ${describeHexIdProblem(parentIdText, 16)}`;
  }
  const startNs = nanosOf(span.startTimeUnixNano, "startTimeUnixNano");
  const endNs = nanosOf(span.endTimeUnixNano, "endTimeUnixNano");
  const timeProblem = spanTimeProblem(startNs, endNs, ctx);
  if (timeProblem !== null) return timeProblem;

  const attributes: Attributes = {};
  const droppedAttributes =
    readJsonAttributes(span.attributes, "attributes", attributes, limits) +
    integerOf(span.droppedAttributesCount, "droppedAttributesCount");
  const eventList = arrayOf(span.events, "events");
  const events: SpanEvent[] = [];
  for (let i = 0; i < eventList.length && i < limits.maxEventsPerSpan; i++) {
    try {
      events.push(decodeJsonEvent(objectOf(eventList[i], "event"), limits));
    } catch (error) {
      throw locateError(error, `events[${i}]`);
    }
  }
  const linkList = arrayOf(span.links, "links");
  const links: SpanLink[] = [];
  for (let i = 0; i < linkList.length && i < limits.maxLinksPerSpan; i++) {
    try {
      const link = decodeJsonLink(objectOf(linkList[i], "link"), limits);
      if (link !== null) links.push(link);
    } catch (error) {
      throw locateError(error, `links[${i}]`);
    }
  }
  // Links over the limit and links with unusable ids are both dropped.
  const droppedLinks =
    integerOf(span.droppedLinksCount, "droppedLinksCount") + linkList.length - links.length;
  const status = objectOf(span.status, "status");
  const kind = enumOf(span.kind, "kind", SPAN_KIND_NAMES);
  const statusCode = enumOf(status.code, "status.code", STATUS_CODE_NAMES);

  const row: SpanRow = {
    traceId,
    spanId,
    parentSpanId,
    traceState: stringOf(span.traceState, "traceState", limits.maxStringBytes),
    service: resource.service,
    operation: stringOf(span.name, "name", limits.maxStringBytes),
    kind: (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind,
    startNs,
    endNs,
    durationNs: endNs - startNs,
    statusCode: (statusCode >= 0 && statusCode <= 2 ? statusCode : 0) as StatusCode,
    statusMessage: stringOf(status.message, "status.message", limits.maxStringBytes),
    httpMethod: null,
    httpRoute: null,
    httpStatusCode: null,
    peerService: null,
    flags: integerOf(span.flags, "flags"),
    attributes,
    resourceAttributes: resource.attributes,
    scope,
    events,
    links,
    droppedAttributesCount: droppedAttributes,
    droppedEventsCount:
      integerOf(span.droppedEventsCount, "droppedEventsCount") +
      Math.max(0, eventList.length - limits.maxEventsPerSpan),
    droppedLinksCount: droppedLinks,
  };
  fillDerivedColumns(row);
  rows.push(row);
  return null;
}

function decodeJsonEvent(event: JsonObject, limits: DecodeContext["limits"]): SpanEvent {
  const attributes: Attributes = {};
  const dropped =
    readJsonAttributes(event.attributes, "attributes", attributes, limits) +
    integerOf(event.droppedAttributesCount, "droppedAttributesCount");
  return {
    name: stringOf(event.name, "name", limits.maxStringBytes),
    timeNs: nanosOf(event.timeUnixNano, "timeUnixNano").toString(),
    attributes,
    droppedAttributesCount: dropped,
  };
}

/** Decodes a link; null (counted as dropped) when its ids are unusable. */
function decodeJsonLink(link: JsonObject, limits: DecodeContext["limits"]): SpanLink | null {
  const traceId = normalizeHexId(typeof link.traceId === "string" ? link.traceId : "", 32);
  const spanId = normalizeHexId(typeof link.spanId === "string" ? link.spanId : "", 16);
  if (traceId === null || spanId === null) return null;
  const attributes: Attributes = {};
  const dropped =
    readJsonAttributes(link.attributes, "attributes", attributes, limits) +
    integerOf(link.droppedAttributesCount, "droppedAttributesCount");
  return {
    traceId,
    spanId,
    traceState: stringOf(link.traceState, "traceState", limits.maxStringBytes),
    attributes,
    droppedAttributesCount: dropped,
  };
}
