// Real payloads from the OpenTelemetry JS SDK and its OTLP serializers, through both decoders.

import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { createDecodeContext } from "../limits";
import type { SpanRow } from "../rows";
import { decodeTraceRequestJson } from "./json/traces";
import { decodeTraceRequestProtobuf } from "./proto/traces";
import { expectedSpanRow } from "./testing/expected-rows";
import { FIXTURE_NOW_MS, makeSdkSpans } from "./testing/sdk-payloads";

// The columns derived from attributes, stated literally per span.
const DERIVED: Record<string, Partial<SpanRow>> = {
  "GET /users/:id": { httpMethod: "GET", httpRoute: "/users/:id", httpStatusCode: 200 },
  "SELECT users": { peerService: "db.internal:5432" },
  render: {},
  "orders publish": { peerService: "orders-queue" },
  "orders process": {},
};

const ctx = createDecodeContext(FIXTURE_NOW_MS);
const spans = makeSdkSpans();
const protobufBody = ProtobufTraceSerializer.serializeRequest(spans)!;
const jsonBody = JsonTraceSerializer.serializeRequest(spans)!;
const expected = spans.map((span) => expectedSpanRow(span, DERIVED[span.name]));

describe.each([
  ["protobuf", () => decodeTraceRequestProtobuf(protobufBody, ctx)],
  ["json", () => decodeTraceRequestJson(jsonBody, ctx)],
])("SDK trace export decoded from %s", (_format, decode) => {
  it("gives exactly the SDK's spans", () => {
    const result = decode();
    expect(result.rejected).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual(expected);
  });

  it("covers every span kind, status and value type the fixture holds", () => {
    const byName = new Map(decode().rows.map((row) => [row.operation, row]));
    expect([...byName.values()].map((row) => row.kind).sort()).toEqual([1, 2, 3, 4, 5]);
    const root = byName.get("GET /users/:id")!;
    expect(root.parentSpanId).toBeNull();
    expect(root.statusCode).toBe(1);
    expect(root.durationNs).toBe(15_000_000n - 7n + 5n);
    expect(root.attributes["int.large"]).toBe(2 ** 40);
    expect(root.attributes["int.negative"]).toBe(-7);
    expect(root.attributes["text.unicode"]).toBe("héllo ✓ 𝄞");
    expect(root.attributes["array.bools"]).toEqual([true, false]);
    const client = byName.get("SELECT users")!;
    expect(client.parentSpanId).toBe(root.spanId);
    expect(client.statusCode).toBe(2);
    expect(client.statusMessage).toBe("connection reset");
    expect(client.links).toEqual([
      {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        traceState: "",
        attributes: { "link.reason": "batch" },
        droppedAttributesCount: 0,
      },
    ]);
    expect(byName.get("render")!.events.map((event) => event.name)).toEqual(["cache.miss", "template.done"]);
    expect(byName.get("orders process")!.parentSpanId).toBe(byName.get("orders publish")!.spanId);
    expect(root.service).toBe("checkout");
    expect(root.scope).toEqual({ name: "weft-fixtures", version: "0.9.0" });
  });
});

describe("SDK trace export with the SDK's own limits applied", () => {
  it("adds the sender's dropped counts to the rows", () => {
    const limited = makeSdkSpans({ spanLimits: { attributeCountLimit: 3, eventCountLimit: 1 } });
    const rows = decodeTraceRequestProtobuf(ProtobufTraceSerializer.serializeRequest(limited)!, ctx).rows;
    const root = rows.find((row) => row.operation === "GET /users/:id")!;
    expect(Object.keys(root.attributes)).toHaveLength(3);
    expect(root.droppedAttributesCount).toBe(12);
    const render = rows.find((row) => row.operation === "render")!;
    expect(render.events).toHaveLength(1);
    expect(render.droppedEventsCount).toBe(1);
    expect(decodeTraceRequestJson(JsonTraceSerializer.serializeRequest(limited)!, ctx).rows).toEqual(rows);
  });

  it("uses unknown_service when the resource has no service.name", () => {
    const anonymous = makeSdkSpans({ resource: { "host.name": "node-b" } });
    const rows = decodeTraceRequestProtobuf(ProtobufTraceSerializer.serializeRequest(anonymous)!, ctx).rows;
    expect(new Set(rows.map((row) => row.service))).toEqual(new Set(["unknown_service"]));
  });
});
