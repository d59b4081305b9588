// Hand-written trace payloads for validation and bounds tests, written once as OTLP/JSON objects and
// encoded to protobuf here, so that every case runs through both decoders. The SDK round-trip tests check
// the field mapping independently. Test support only.

import { encodeMessage, hexBytes, type ProtoField } from "./proto-builder";

export interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values: JsonAnyValue[] };
  kvlistValue?: { values: JsonKeyValue[] };
}
export interface JsonKeyValue {
  key: string;
  value?: JsonAnyValue;
}
export interface JsonSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: JsonKeyValue[];
  droppedAttributesCount?: number;
  events?: Array<{
    timeUnixNano?: string;
    name?: string;
    attributes?: JsonKeyValue[];
    droppedAttributesCount?: number;
  }>;
  droppedEventsCount?: number;
  links?: Array<{ traceId?: string; spanId?: string; traceState?: string; attributes?: JsonKeyValue[] }>;
  droppedLinksCount?: number;
  status?: { code?: number; message?: string };
  flags?: number;
}
export interface JsonTraceRequest {
  resourceSpans: Array<{
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans: Array<{ scope?: { name?: string; version?: string }; spans: JsonSpan[] }>;
  }>;
}

export const TRACE_ID = "5b8efff798038103d269b633813fc60c";
export const SPAN_ID = "eee19b7ec3c1b174";
export const PARENT_ID = "eee19b7ec3c1b173";
/** 2023-11-14T22:13:20Z in nanoseconds, and an ingest clock one minute later. */
export const START_NS = 1_700_000_000_000_000_000n;
export const NOW_MS = 1_700_000_060_000;

/** A valid span; override fields to make a case. */
export function jsonSpan(overrides: JsonSpan = {}): JsonSpan {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    parentSpanId: PARENT_ID,
    name: "GET /items",
    kind: 2,
    startTimeUnixNano: START_NS.toString(),
    endTimeUnixNano: (START_NS + 1_500_000n).toString(),
    ...overrides,
  };
}

export function traceRequest(spans: JsonSpan[], service = "inventory"): JsonTraceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: "test", version: "1" }, spans }],
      },
    ],
  };
}

export function encodeTraceRequest(request: JsonTraceRequest): Uint8Array {
  return encodeMessage(
    request.resourceSpans.map((resourceSpans) => ({
      field: 1,
      message: [
        ...(resourceSpans.resource
          ? [{ field: 1, message: keyValues(1, resourceSpans.resource.attributes) }]
          : []),
        ...resourceSpans.scopeSpans.map((scopeSpans) => ({
          field: 2,
          message: [
            ...(scopeSpans.scope
              ? [
                  {
                    field: 1,
                    message: [...text(1, scopeSpans.scope.name), ...text(2, scopeSpans.scope.version)],
                  },
                ]
              : []),
            ...scopeSpans.spans.map((span) => ({ field: 2, message: spanFields(span) })),
          ],
        })),
      ],
    })),
  );
}

function spanFields(span: JsonSpan): ProtoField[] {
  return [
    ...id(1, span.traceId),
    ...id(2, span.spanId),
    ...text(3, span.traceState),
    ...id(4, span.parentSpanId),
    ...text(5, span.name),
    ...(span.kind !== undefined ? [{ field: 6, varint: span.kind }] : []),
    ...nanos(7, span.startTimeUnixNano),
    ...nanos(8, span.endTimeUnixNano),
    ...keyValues(9, span.attributes),
    ...count(10, span.droppedAttributesCount),
    ...(span.events ?? []).map((event) => ({
      field: 11,
      message: [
        ...nanos(1, event.timeUnixNano),
        ...text(2, event.name),
        ...keyValues(3, event.attributes),
        ...count(4, event.droppedAttributesCount),
      ],
    })),
    ...count(12, span.droppedEventsCount),
    ...(span.links ?? []).map((link) => ({
      field: 13,
      message: [
        ...id(1, link.traceId),
        ...id(2, link.spanId),
        ...text(3, link.traceState),
        ...keyValues(4, link.attributes),
      ],
    })),
    ...count(14, span.droppedLinksCount),
    ...(span.status
      ? [
          {
            field: 15,
            message: [
              ...text(2, span.status.message),
              ...(span.status.code !== undefined ? [{ field: 3, varint: span.status.code }] : []),
            ],
          },
        ]
      : []),
    ...(span.flags !== undefined ? [{ field: 16, fixed32: span.flags }] : []),
  ];
}

export function keyValues(field: number, attributes: JsonKeyValue[] | undefined): ProtoField[] {
  return (attributes ?? []).map((attribute) => ({
    field,
    message: [
      { field: 1, bytes: attribute.key },
      ...(attribute.value ? [{ field: 2, message: anyValue(attribute.value) }] : []),
    ],
  }));
}

function anyValue(value: JsonAnyValue): ProtoField[] {
  if (value.stringValue !== undefined) return [{ field: 1, bytes: value.stringValue }];
  if (value.boolValue !== undefined) return [{ field: 2, varint: value.boolValue ? 1 : 0 }];
  if (value.intValue !== undefined) return [{ field: 3, varint: BigInt(value.intValue) }];
  if (value.doubleValue !== undefined) return [{ field: 4, double: value.doubleValue }];
  if (value.arrayValue !== undefined) {
    return [
      { field: 5, message: value.arrayValue.values.map((inner) => ({ field: 1, message: anyValue(inner) })) },
    ];
  }
  if (value.kvlistValue !== undefined) return [{ field: 6, message: keyValues(1, value.kvlistValue.values) }];
  if (value.bytesValue !== undefined)
    return [{ field: 7, bytes: Uint8Array.from(Buffer.from(value.bytesValue, "base64")) }];
  return [];
}

function id(field: number, hex: string | undefined): ProtoField[] {
  return hex === undefined || hex === "" ? [] : [{ field, bytes: hexBytes(hex) }];
}

function text(field: number, value: string | undefined): ProtoField[] {
  return value === undefined || value === "" ? [] : [{ field, bytes: value }];
}

function nanos(field: number, value: string | undefined): ProtoField[] {
  return value === undefined ? [] : [{ field, fixed64: BigInt(value) }];
}

function count(field: number, value: number | undefined): ProtoField[] {
  return value === undefined || value === 0 ? [] : [{ field, varint: value }];
}
