/**
 * RED metrics as two DELTA exponential histograms (http.server/client.request.duration, seconds): one
 * series per attribute set, reset at every collection. The number of series is bounded; past the bound,
 * requests go to one overflow series marked otel.metric.overflow, as the OpenTelemetry SDKs do.
 */
import { PROXY_METRICS } from "@/lib/telemetry/metric-contract";
import { metricAttributes } from "./attributes";
import { ExponentialHistogram, HISTOGRAM_SCALE } from "./exp-histogram";
import type { AttributeValue, HistogramMetric } from "./otlp-encode";
import type { RequestRecord } from "./record";

interface Series {
  readonly attributes: [string, AttributeValue][];
  readonly histogram: ExponentialHistogram;
}

export const MAX_SERIES = 2_000;

export class RedMetrics {
  private server = new Map<string, Series>();
  private client = new Map<string, Series>();

  constructor(private windowStartNs: bigint) {}

  record(record: RequestRecord): void {
    const map = record.side === "server" ? this.server : this.client;
    const attributes = metricAttributes(record);
    let key = "";
    for (const [, value] of attributes) key += `${String(value)}\u0001`;
    let series = map.get(key);
    if (!series) {
      if (map.size >= MAX_SERIES) {
        key = "\u0000overflow";
        series = map.get(key);
      }
      if (!series) {
        series = {
          attributes: key === "\u0000overflow" ? [["otel.metric.overflow", true]] : attributes,
          histogram: new ExponentialHistogram(),
        };
        map.set(key, series);
      }
    }
    series.histogram.record(Math.max(0, record.endMs - record.startMs) / 1000);
  }

  /** The points since the last collection, and a fresh window. */
  collect(nowNs: bigint): HistogramMetric[] {
    const start = this.windowStartNs;
    const points = (map: Map<string, Series>) =>
      [...map.values()].map(({ attributes, histogram }) => ({
        attributes,
        startNs: start,
        timeNs: nowNs,
        count: histogram.count,
        sum: histogram.sum,
        min: histogram.min,
        max: histogram.max,
        scale: HISTOGRAM_SCALE,
        zeroCount: histogram.zeroCount,
        positive: histogram.buckets(),
      }));
    const metrics: HistogramMetric[] = [
      {
        name: PROXY_METRICS.serverDuration,
        description: "Duration of HTTP server requests.",
        unit: "s",
        points: points(this.server),
      },
      {
        name: PROXY_METRICS.clientDuration,
        description: "Duration of HTTP client requests.",
        unit: "s",
        points: points(this.client),
      },
    ];
    this.server = new Map();
    this.client = new Map();
    this.windowStartNs = nowNs;
    return metrics;
  }
}
