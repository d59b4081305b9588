// Real OTLP payloads made by the OpenTelemetry JS SDK and its serializers, for the decoder tests and the
// decode benchmark. Ids and times are fixed so that expectations are exact. Test support only.

import {
  type Attributes as ApiAttributes,
  type Context,
  context,
  type HrTime,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  type IdGenerator,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** 2023-11-14T22:13:20Z, the base of every fixture timestamp. */
export const FIXTURE_EPOCH_SECONDS = 1_700_000_000;
export const FIXTURE_NOW_MS = FIXTURE_EPOCH_SECONDS * 1000 + 60_000;

/** Hands out predictable, never-zero ids; `seed` makes the ids of one fixture differ from another's. */
export class CountingIdGenerator implements IdGenerator {
  private next = 1;
  constructor(private readonly seed = 0) {}
  generateTraceId(): string {
    return `7ace${this.seed.toString(16).padStart(8, "0")}${(this.next++).toString(16).padStart(20, "0")}`;
  }
  generateSpanId(): string {
    return `5a${(this.next++).toString(16).padStart(14, "0")}`;
  }
}

function childOf(parent: Span): Context {
  return trace.setSpanContext(context.active(), parent.spanContext());
}

function atFrom(epochSeconds: number) {
  return (offsetMs: number, extraNanos = 0): HrTime => {
    const totalNanos = Math.round(offsetMs * 1e6) + extraNanos;
    return [epochSeconds + Math.floor(totalNanos / 1e9), totalNanos % 1e9];
  };
}

const at = atFrom(FIXTURE_EPOCH_SECONDS);

export interface SdkSpanOptions {
  resource?: ApiAttributes;
  spanLimits?: { attributeCountLimit?: number; eventCountLimit?: number; linkCountLimit?: number };
  /** Whole Unix seconds the trace starts at (default the fixed fixture epoch). */
  epochSeconds?: number;
  /** Seeds the ids, so that fixtures made for different exports do not share them. */
  idSeed?: number;
}

/**
 * A small trace across two services' worth of span kinds: a SERVER root, a CLIENT child with an error and a
 * link, an INTERNAL span with events, and a PRODUCER / CONSUMER pair. Attributes cover every value type.
 */
export function makeSdkSpans(options: SdkSpanOptions = {}): ReadableSpan[] {
  const at = atFrom(options.epochSeconds ?? FIXTURE_EPOCH_SECONDS);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(
      options.resource ?? { "service.name": "checkout", "service.version": "1.4.2", "host.name": "node-a" },
    ),
    idGenerator: new CountingIdGenerator(options.idSeed),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    spanLimits: options.spanLimits,
  });
  const tracer = provider.getTracer("weft-fixtures", "0.9.0");
  const root = tracer.startSpan("GET /users/:id", {
    kind: SpanKind.SERVER,
    startTime: at(0, 7),
    attributes: {
      "http.request.method": "GET",
      "http.route": "/users/:id",
      "http.response.status_code": 200,
      "url.path": "/users/42",
      "text.unicode": "héllo ✓ 𝄞",
      "text.empty": "",
      "int.small": 42,
      "int.negative": -7,
      "int.large": 2 ** 40,
      "double.value": 0.125,
      "bool.value": true,
      "array.strings": ["a", "b", ""],
      "array.ints": [1, 2, 3],
      "array.doubles": [1.5, -0.25],
      "array.bools": [true, false],
    },
  });
  const rootContext = childOf(root);
  const client = tracer.startSpan(
    "SELECT users",
    {
      kind: SpanKind.CLIENT,
      startTime: at(1, 3),
      attributes: { "db.system": "postgresql", "server.address": "db.internal", "server.port": 5432 },
      links: [
        {
          context: { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 },
          attributes: { "link.reason": "batch" },
        },
      ],
    },
    rootContext,
  );
  client.setStatus({ code: SpanStatusCode.ERROR, message: "connection reset" });
  client.end(at(4, 11));
  const internal = tracer.startSpan("render", { kind: SpanKind.INTERNAL, startTime: at(5) }, rootContext);
  internal.addEvent("cache.miss", { "cache.key": "user:42", "cache.size": 3 }, at(5.5));
  internal.addEvent("template.done", undefined, at(6));
  internal.end(at(7));
  const producer = tracer.startSpan(
    "orders publish",
    { kind: SpanKind.PRODUCER, startTime: at(7), attributes: { "peer.service": "orders-queue" } },
    rootContext,
  );
  producer.end(at(8));
  const consumer = tracer.startSpan(
    "orders process",
    { kind: SpanKind.CONSUMER, startTime: at(9) },
    childOf(producer),
  );
  consumer.end(at(12));
  root.setStatus({ code: SpanStatusCode.OK });
  root.end(at(15, 5));
  return exporter.getFinishedSpans();
}

/** Many similar SERVER and CLIENT spans, for the benchmark. */
export function makeManySdkSpans(count: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "frontend",
      "service.version": "2.1.0",
      "service.instance.id": "frontend-7d9f-abcde",
      "host.name": "node-17",
      "telemetry.sdk.language": "nodejs",
      "telemetry.sdk.name": "opentelemetry",
    }),
    idGenerator: new CountingIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("@opentelemetry/instrumentation-http", "0.223.0");
  for (let i = 0; i < count; i++) {
    const server = i % 2 === 0;
    const span = tracer.startSpan(server ? "GET /api/products/:id" : "GET", {
      kind: server ? SpanKind.SERVER : SpanKind.CLIENT,
      startTime: at(i),
      attributes: {
        "http.request.method": "GET",
        "http.response.status_code": i % 50 === 0 ? 503 : 200,
        "url.path": `/api/products/${i}`,
        "url.scheme": "http",
        "network.protocol.version": "1.1",
        "user_agent.original": "Mozilla/5.0 (X11; Linux x86_64) weft-bench/1.0",
        ...(server
          ? { "http.route": "/api/products/:id" }
          : { "server.address": "catalog", "server.port": 8080 }),
      },
    });
    if (i % 10 === 0) span.addEvent("retry", { "weft.retries": 1 }, at(i + 0.5));
    span.end(at(i + 1 + (i % 7)));
  }
  return exporter.getFinishedSpans();
}

/** Collects on demand, so tests get one deterministic ResourceMetrics without timers. */
class CollectingReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Metrics of every kind the SDK exports: a monotonic sum, a non-monotonic sum, an explicit-bucket histogram,
 * an exponential histogram (through a view) and a gauge. Times come from the SDK's clock.
 */
export async function makeSdkMetrics(
  temporality = AggregationTemporality.CUMULATIVE,
): Promise<ResourceMetrics> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "payments", "deployment.environment.name": "test" }),
    readers: [reader],
    views: [
      {
        instrumentName: "http.client.request.duration",
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } },
      },
    ],
  });
  const meter = provider.getMeter("weft-fixtures", "0.9.0");
  const requests = meter.createCounter("requests", { description: "Requests handled", unit: "{request}" });
  requests.add(5, { route: "/pay", ok: true });
  requests.add(2, { route: "/refund", ok: false });
  const inFlight = meter.createUpDownCounter("in_flight");
  inFlight.add(3);
  inFlight.add(-1);
  const serverDuration = meter.createHistogram("http.server.request.duration", {
    unit: "s",
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] },
  });
  for (const seconds of [0.003, 0.004, 0.02, 0.07, 0.07, 0.3, 2]) {
    serverDuration.record(seconds, { "http.request.method": "POST", "http.route": "/pay" });
  }
  const clientDuration = meter.createHistogram("http.client.request.duration", { unit: "s" });
  for (const seconds of [0.0012, 0.0015, 0.004, 0.01, 0.25, 0.25, 1.75]) {
    clientDuration.record(seconds, { "weft.destination.service": "ledger" });
  }
  const queueDepth = meter.createGauge("queue.depth", { unit: "{message}" });
  queueDepth.record(17.5, { queue: "payments" });
  const result = await reader.collect();
  await provider.shutdown();
  return result.resourceMetrics;
}
