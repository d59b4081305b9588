// OTLP/protobuf export requests for the ingest benchmark, made once by the OpenTelemetry JS SDK and its
// serializer, then given fresh ids per round by overwriting the id bytes in place (cheap enough that the
// load generator stays a small share of the machine).
//
// A round is TRACES traces of 8 spans across three services, exported the way services do it, one export
// per service: frontend (SERVER root, CLIENT → catalog, INTERNAL), catalog (SERVER, CLIENT → postgres which
// reports nothing, INTERNAL, CLIENT → pricing), pricing (SERVER). Every call crosses exports, so ingest
// matches them through the database (lib/telemetry/rollup/span-calls.ts), the costly case.

import { context, type HrTime, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  type IdGenerator,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

export const TRACES_PER_ROUND = 128;
export const SERVICES = ["frontend", "catalog", "pricing"] as const;
export type BenchService = (typeof SERVICES)[number];

// Ids: trace = 7acefeed | round (4 bytes) | trace number (8 bytes); span = feed | round (4) | span number (2).
const TRACE_MARKER = Buffer.from("7acefeed", "hex");
const SPAN_MARKER = Buffer.from("08feed", "hex"); // the length byte (8) of an id field, then the marker

class MarkedIds implements IdGenerator {
  private traces = 0;
  private spans = 0;
  generateTraceId(): string {
    return `7acefeed00000000${(++this.traces).toString(16).padStart(16, "0")}`;
  }
  generateSpanId(): string {
    return `feed00000000${(++this.spans).toString(16).padStart(4, "0")}`;
  }
}

export interface ExportTemplate {
  service: BenchService;
  spans: number;
  bytes: Buffer;
  /** Where the 4 round bytes of every trace id and span id (span, parent) sit in `bytes`. */
  roundOffsets: number[];
}

function at(baseMs: number, offsetMs: number): HrTime {
  const ns = Math.round((baseMs + offsetMs) * 1e6);
  return [Math.floor(ns / 1e9), ns % 1e9];
}

/** One template export per service; the same round number written into all three keeps their calls linked. */
export function buildTemplates(startMs: number): ExportTemplate[] {
  const ids = new MarkedIds();
  const exporters = new Map<BenchService, InMemorySpanExporter>();
  const tracers = new Map(
    SERVICES.map((service) => {
      const exporter = new InMemorySpanExporter();
      exporters.set(service, exporter);
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          "service.name": service,
          "service.version": "2.1.0",
          "service.instance.id": `${service}-7d9f-abcde`,
          "host.name": "node-17",
          "telemetry.sdk.language": "nodejs",
          "telemetry.sdk.name": "opentelemetry",
        }),
        idGenerator: ids,
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      return [service, provider.getTracer("@opentelemetry/instrumentation-http", "0.223.0")] as const;
    }),
  );
  const tracer = (service: BenchService) => tracers.get(service)!;
  const under = (parent: Span) => trace.setSpanContext(context.active(), parent.spanContext());
  const http = (method: string, status: number) => ({
    "http.request.method": method,
    "http.response.status_code": status,
    "url.scheme": "http",
    "network.protocol.version": "1.1",
    "user_agent.original": "Mozilla/5.0 (X11; Linux x86_64) weft-bench/1.0",
  });
  for (let i = 0; i < TRACES_PER_ROUND; i++) {
    const t = (ms: number) => at(startMs, i * 7 + ms);
    const failed = i % 50 === 0;
    const root = tracer("frontend").startSpan("GET /api/products/:id", {
      kind: SpanKind.SERVER,
      startTime: t(0),
      attributes: {
        ...http("GET", failed ? 503 : 200),
        "http.route": "/api/products/:id",
        "url.path": `/api/products/${i}`,
      },
    });
    const toCatalog = tracer("frontend").startSpan(
      "GET",
      {
        kind: SpanKind.CLIENT,
        startTime: t(1),
        attributes: {
          ...http("GET", failed ? 503 : 200),
          "peer.service": "catalog",
          "server.address": "catalog",
          "server.port": 8080,
        },
      },
      under(root),
    );
    const catalog = tracer("catalog").startSpan(
      "GET /products/:id",
      {
        kind: SpanKind.SERVER,
        startTime: t(2),
        attributes: { ...http("GET", failed ? 503 : 200), "http.route": "/products/:id" },
      },
      under(toCatalog),
    );
    const query = tracer("catalog").startSpan(
      "SELECT products",
      {
        kind: SpanKind.CLIENT,
        startTime: t(3),
        attributes: {
          "db.system": "postgresql",
          "db.query.text": "SELECT * FROM products WHERE id = $1",
          "server.address": "postgres",
          "server.port": 5432,
        },
      },
      under(catalog),
    );
    query.end(t(5));
    const cache = tracer("catalog").startSpan(
      "cache lookup",
      { kind: SpanKind.INTERNAL, startTime: t(5) },
      under(catalog),
    );
    if (i % 10 === 0) cache.addEvent("cache.miss", { "cache.key": `product:${i}` }, t(5.5));
    cache.end(t(6));
    const toPricing = tracer("catalog").startSpan(
      "GET",
      {
        kind: SpanKind.CLIENT,
        startTime: t(6),
        attributes: {
          ...http("GET", 200),
          "peer.service": "pricing",
          "server.address": "pricing",
          "server.port": 8080,
        },
      },
      under(catalog),
    );
    const pricing = tracer("pricing").startSpan(
      "GET /price/:id",
      {
        kind: SpanKind.SERVER,
        startTime: t(7),
        attributes: { ...http("GET", 200), "http.route": "/price/:id" },
      },
      under(toPricing),
    );
    pricing.end(t(9));
    toPricing.end(t(10));
    if (failed) catalog.setStatus({ code: SpanStatusCode.ERROR, message: "upstream timeout" });
    catalog.end(t(11));
    toCatalog.end(t(12));
    tracer("frontend")
      .startSpan("render", { kind: SpanKind.INTERNAL, startTime: t(12) }, under(root))
      .end(t(14));
    root.end(t(15));
  }
  return SERVICES.map((service) => template(service, exporters.get(service)!.getFinishedSpans()));
}

function template(service: BenchService, spans: ReadableSpan[]): ExportTemplate {
  const bytes = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
  const roundOffsets: number[] = [];
  for (let at = bytes.indexOf(TRACE_MARKER); at !== -1; at = bytes.indexOf(TRACE_MARKER, at + 1))
    roundOffsets.push(at + TRACE_MARKER.length);
  const traceIds = roundOffsets.length;
  for (let at = bytes.indexOf(SPAN_MARKER); at !== -1; at = bytes.indexOf(SPAN_MARKER, at + 1))
    roundOffsets.push(at + SPAN_MARKER.length);
  // Every span has a trace id and a span id, and all but the frontend's roots a parent id.
  const parents = spans.filter((span) => span.parentSpanContext !== undefined).length;
  if (traceIds !== spans.length || roundOffsets.length - traceIds !== spans.length + parents)
    throw new Error(
      `${service}: found ${roundOffsets.length} ids in the template, expected ${2 * spans.length + parents}`,
    );
  return { service, spans: spans.length, bytes, roundOffsets };
}

/** A copy of the template whose ids belong to `round` (1 .. 2^32 - 1). */
export function exportForRound(template: ExportTemplate, round: number): Buffer {
  const bytes = Buffer.from(template.bytes);
  for (const offset of template.roundOffsets) bytes.writeUInt32BE(round, offset);
  return bytes;
}
