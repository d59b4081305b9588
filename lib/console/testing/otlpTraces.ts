/**
 * OTLP/JSON trace exports built from a short description, for tests that send real telemetry through
 * the ingest endpoint (the browser tests, and anything else that needs a known topology). Ids are hex,
 * 64-bit integers are decimal strings and enums are integers, as the OTLP/JSON mapping requires.
 */

export type SpanKindName = "internal" | "server" | "client";

export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string | undefined;
  service: string;
  name: string;
  kind: SpanKindName;
  startNs: bigint;
  durationNs: bigint;
  error?: boolean;
  attributes?: Record<string, string | number | boolean>;
  events?: { name: string; offsetNs: bigint; attributes?: Record<string, string> }[];
}

const KIND: Record<SpanKindName, number> = { internal: 1, server: 2, client: 3 };

function attribute(key: string, value: string | number | boolean) {
  if (typeof value === "string") return { key, value: { stringValue: value } };
  if (typeof value === "boolean") return { key, value: { boolValue: value } };
  return Number.isInteger(value)
    ? { key, value: { intValue: String(value) } }
    : { key, value: { doubleValue: value } };
}

/** One ExportTraceServiceRequest with a resource per service. */
export function otlpTraceRequest(spans: readonly SpanSpec[]): object {
  const byService = new Map<string, SpanSpec[]>();
  for (const span of spans) byService.set(span.service, [...(byService.get(span.service) ?? []), span]);
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [attribute("service.name", service)] },
      scopeSpans: [
        {
          scope: { name: "weft-console-tests", version: "1" },
          spans: list.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
            kind: KIND[span.kind],
            startTimeUnixNano: span.startNs.toString(),
            endTimeUnixNano: (span.startNs + span.durationNs).toString(),
            attributes: Object.entries(span.attributes ?? {}).map(([key, value]) => attribute(key, value)),
            events: (span.events ?? []).map((event) => ({
              name: event.name,
              timeUnixNano: (span.startNs + event.offsetNs).toString(),
              attributes: Object.entries(event.attributes ?? {}).map(([key, value]) => attribute(key, value)),
            })),
            status: span.error ? { code: 2, message: "failed" } : { code: 1 },
          })),
        },
      ],
    })),
  };
}

/** A deterministic hex id of `length` characters (never all zero). */
export function hexId(n: number, length: 16 | 32, salt = 0): string {
  const text = (BigInt(n + 1) * 2_654_435_761n + BigInt(salt)).toString(16);
  return text.padStart(length, "0").slice(-length);
}

/**
 * One call as spans: a SERVER span in the caller (the request it is handling), a CLIENT span for the
 * call, and the callee's SERVER span as its child, so ingest derives the caller → callee edge.
 */
export function callSpans(options: {
  id: number;
  from: string;
  to: string;
  startNs: bigint;
  durationNs: bigint;
  error?: boolean;
}): SpanSpec[] {
  const traceId = hexId(options.id, 32, 7);
  const root = hexId(options.id * 3, 16, 1);
  const client = hexId(options.id * 3 + 1, 16, 1);
  const server = hexId(options.id * 3 + 2, 16, 1);
  const us = 1000n;
  return [
    {
      traceId,
      spanId: root,
      service: options.from,
      name: `GET /${options.from}`,
      kind: "server",
      startNs: options.startNs,
      durationNs: options.durationNs + 200n * us,
    },
    {
      traceId,
      spanId: client,
      parentSpanId: root,
      service: options.from,
      name: `call ${options.to}`,
      kind: "client",
      startNs: options.startNs + 50n * us,
      durationNs: options.durationNs,
      attributes: { "peer.service": options.to },
    },
    {
      traceId,
      spanId: server,
      parentSpanId: client,
      service: options.to,
      name: `GET /${options.to}`,
      kind: "server",
      startNs: options.startNs + 80n * us,
      durationNs: options.durationNs - 60n * us,
      error: options.error ?? false,
    },
  ];
}
