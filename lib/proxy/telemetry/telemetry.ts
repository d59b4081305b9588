/**
 * Telemetry for the proxy: every request record feeds the RED histograms (exported every interval) and,
 * when its trace is sampled, becomes a span. Without an OTLP endpoint nothing is recorded at all.
 */
import type { Stats } from "../admin/stats";
import { spanAttributes, spanStatus } from "./attributes";
import { OtlpExporter } from "./exporter";
import {
  type Attributes,
  encodeMetricsRequest,
  encodeTraceRequest,
  type GaugeMetric,
  type SpanData,
} from "./otlp-encode";
import { NO_TELEMETRY, type RequestRecord, type TelemetrySink } from "./record";
import { RedMetrics } from "./red-metrics";

export interface TelemetryOptions {
  readonly otlp?: string;
  readonly token?: string;
  readonly service: string;
  readonly nodeId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly exportIntervalMs: number;
}

export interface Telemetry {
  readonly sink: TelemetrySink;
  close(): Promise<void>;
}

const SCOPE = { name: "weft-proxy", version: "0.1.0" };

export function startTelemetry(
  options: TelemetryOptions,
  stats: Stats,
  log: (line: string) => void,
  /** Gauges sampled at each metric export (the upstream state). */
  gauges: () => readonly GaugeMetric[] = () => [],
): Telemetry {
  if (!options.otlp) return { sink: NO_TELEMETRY, close: async () => {} };
  const resource: Attributes = [
    ["service.name", options.service],
    ["service.instance.id", options.nodeId],
    ["telemetry.sdk.name", "weft-proxy"],
    ...Object.entries(options.labels).map(([k, v]): [string, string] => [`weft.label.${k}`, v]),
  ];
  const c = (name: string, help: string) => stats.counter(name, help, {});
  const exporter = new OtlpExporter({
    endpoint: options.otlp,
    ...(options.token !== undefined && { token: options.token }),
    maxQueuedSpans: 4_096,
    maxBatchSpans: 512,
    flushIntervalMs: 1_000,
    encodeSpans: (spans) => encodeTraceRequest(resource, SCOPE, spans),
    counters: {
      spansExported: c("otlp_spans_exported_total", "Spans accepted by the OTLP endpoint"),
      spansDropped: c("otlp_spans_dropped_total", "Spans dropped (queue full or export failed)"),
      exportFailures: c("otlp_export_failures_total", "OTLP exports that failed"),
      metricExports: c("otlp_metric_exports_total", "Metric exports accepted"),
    },
  });
  const metrics = new RedMetrics(nowNs());
  const exportMetrics = () => {
    const now = nowNs();
    exporter.sendMetrics(encodeMetricsRequest(resource, SCOPE, metrics.collect(now), gauges(), now));
  };
  const timer = setInterval(exportMetrics, options.exportIntervalMs);
  timer.unref();
  log(`telemetry: exporting OTLP/HTTP protobuf to ${options.otlp}`);
  return {
    sink: {
      enabled: true,
      record(record: RequestRecord) {
        metrics.record(record);
        if (record.trace.context.sampled) exporter.addSpan(toSpan(record));
      },
    },
    close: async () => {
      clearInterval(timer);
      exportMetrics();
      await exporter.close();
    },
  };
}

export function toSpan(r: RequestRecord): SpanData {
  const status = spanStatus(r);
  return {
    traceId: r.trace.context.traceId,
    spanId: r.trace.context.spanId,
    ...(r.trace.parentSpanId !== undefined && { parentSpanId: r.trace.parentSpanId }),
    ...(r.trace.tracestate !== undefined && { traceState: r.trace.tracestate }),
    name: r.method,
    kind: r.side === "server" ? 2 : 3,
    startNs: msToNs(r.startMs),
    endNs: msToNs(r.endMs),
    attributes: spanAttributes(r),
    statusCode: status.code,
    ...(status.message !== undefined && { statusMessage: status.message }),
    flags: r.trace.context.sampled ? 1 : 0,
  };
}

function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms * 1_000)) * 1_000n;
}

function nowNs(): bigint {
  return msToNs(performance.timeOrigin + performance.now());
}
